package io.kubetriage.connector.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.grpc.netty.GrpcSslContexts;
import io.kubetriage.core.etcd.EtcdEndpoints;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

import javax.net.ssl.SSLException;

/**
 * Builds jetcd clients from {@link EtcdEndpoints}, treating the TLS files the way etcdctl treats
 * {@code --cacert}, {@code --cert} and {@code --key}.
 *
 * <p>All files are read and checked before anything touches the network, so a wrong path or a
 * key that does not match its certificate is reported as such rather than as a failed handshake.
 */
public final class EtcdClientFactory {

    private static final Map<String, String> SIGNATURE_ALGORITHMS = Map.of(
            "RSA", "SHA256withRSA",
            "EC", "SHA256withECDSA",
            "Ed25519", "Ed25519",
            "EdDSA", "EdDSA",
            "Ed448", "Ed448");

    private EtcdClientFactory() {
    }

    /**
     * A client for {@code endpoints}; the caller closes it.
     *
     * @param password the password of {@link EtcdEndpoints#user()}, or null for none; ignored
     *                 without a user. The array is not kept.
     * @throws EtcdConnectException when a TLS file is missing, unreadable or unusable
     */
    public static Client create(EtcdEndpoints endpoints, char[] password) throws EtcdConnectException {
        return builder(endpoints, password).build();
    }

    /**
     * A client builder set up like {@link #create(EtcdEndpoints, char[])}, for callers that add
     * their own settings, such as call deadlines, before building.
     *
     * <p>Calls fail at once when a member refuses the connection, instead of waiting for it to
     * come up. A member that accepts connections but never answers still holds a call until its
     * deadline, so callers put one on every call (a {@code ClientInterceptor} setting
     * {@code CallOptions.withDeadlineAfter}).
     */
    public static ClientBuilder builder(EtcdEndpoints endpoints, char[] password) throws EtcdConnectException {
        Objects.requireNonNull(endpoints, "endpoints");
        boolean tls = endpoints.usesTls();
        if (tls && endpoints.endpoints().stream().anyMatch(e -> "http".equalsIgnoreCase(e.getScheme()))) {
            throw new EtcdConnectException("the etcd endpoints mix http:// and https://; "
                    + "a connection uses TLS for all members or for none");
        }
        // Read even for plain http, as etcdctl does, so that a wrong path does not go unnoticed.
        SslContext sslContext = sslContext(endpoints);

        ClientBuilder builder = Client.builder()
                .endpoints(endpoints.endpoints().toArray(URI[]::new))
                .connectTimeout(endpoints.dialTimeout())
                .waitForReady(false);
        if (tls) {
            builder.sslContext(sslContext);
        }
        if (endpoints.user() != null) {
            builder.user(ByteSequence.from(endpoints.user(), StandardCharsets.UTF_8));
            builder.password(utf8(password == null ? new char[0] : password));
        }
        return builder;
    }

    private static SslContext sslContext(EtcdEndpoints endpoints) throws EtcdConnectException {
        SslContextBuilder ssl = GrpcSslContexts.forClient();
        if (endpoints.caCert() != null) {
            X509Certificate[] authorities = certificates(endpoints.caCert(), "CA certificate");
            if (!endpoints.insecureSkipTlsVerify()) {
                ssl.trustManager(authorities);
            }
        }
        if (endpoints.insecureSkipTlsVerify()) {
            ssl.trustManager(InsecureTrustManagerFactory.INSTANCE);
        }
        if (endpoints.cert() != null) {
            X509Certificate[] chain = certificates(endpoints.cert(), "client certificate");
            PrivateKey key = PemFiles.privateKey(
                    new String(read(endpoints.key(), "client key"), StandardCharsets.US_ASCII), endpoints.key());
            requireMatch(chain[0], key, endpoints);
            ssl.keyManager(key, chain);
        }
        try {
            return ssl.build();
        } catch (SSLException e) {
            throw new EtcdConnectException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static X509Certificate[] certificates(Path file, String what) throws EtcdConnectException {
        return PemFiles.certificates(new String(read(file, what), StandardCharsets.US_ASCII), file, what);
    }

    private static byte[] read(Path file, String what) throws EtcdConnectException {
        if (!Files.exists(file)) {
            throw new EtcdConnectException("the " + what + " " + file + " does not exist");
        }
        if (!Files.isRegularFile(file)) {
            throw new EtcdConnectException("the " + what + " " + file + " is not a file");
        }
        try {
            return Files.readAllBytes(file);
        } catch (AccessDeniedException e) {
            throw new EtcdConnectException("the " + what + " " + file + " cannot be read: permission denied", e);
        } catch (IOException e) {
            throw new EtcdConnectException("the " + what + " " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** A key from another pair would only show up as an obscure handshake failure. */
    private static void requireMatch(X509Certificate certificate, PrivateKey key, EtcdEndpoints endpoints)
            throws EtcdConnectException {
        String mismatch = "the client key " + endpoints.key() + " does not belong to the client certificate "
                + endpoints.cert();
        String certificateAlgorithm = certificate.getPublicKey().getAlgorithm();
        if (!certificateAlgorithm.equals(key.getAlgorithm())) {
            throw new EtcdConnectException(mismatch + " (" + key.getAlgorithm() + " key, "
                    + certificateAlgorithm + " certificate)");
        }
        String algorithm = SIGNATURE_ALGORITHMS.get(key.getAlgorithm());
        if (algorithm == null) {
            return;
        }
        try {
            byte[] probe = "kubetriage key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            if (!verifier.verify(signature)) {
                throw new EtcdConnectException(mismatch);
            }
        } catch (GeneralSecurityException e) {
            throw new EtcdConnectException(mismatch + ": " + e.getMessage(), e);
        }
    }

    private static ByteSequence utf8(char[] password) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        try {
            return ByteSequence.from(bytes);
        } finally {
            // ByteSequence keeps its own copy; leave no further copies of the password behind.
            Arrays.fill(bytes, (byte) 0);
            if (encoded.hasArray()) {
                Arrays.fill(encoded.array(), (byte) 0);
            }
        }
    }
}
