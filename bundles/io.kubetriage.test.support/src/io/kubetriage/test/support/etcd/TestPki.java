package io.kubetriage.test.support.etcd;

import io.kubetriage.test.support.ProcessRunner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A throw-away certificate authority for tests, made with the {@code openssl} command line tool
 * the way cluster administrators make theirs, so the key files have the real-world formats.
 */
public final class TestPki {

    /** A certificate and its private key, both PEM files. */
    public record Issued(Path cert, Path key) {
    }

    /** How a private key file is written. */
    public enum KeyFormat {
        /** RSA in PKCS#8, {@code BEGIN PRIVATE KEY}: what OpenSSL 3 writes by default. */
        RSA_PKCS8,
        /** RSA in PKCS#1, {@code BEGIN RSA PRIVATE KEY}: what kubeadm and older tools write. */
        RSA_PKCS1,
        /** P-256 in SEC 1, {@code BEGIN EC PRIVATE KEY}, preceded by an {@code EC PARAMETERS} block. */
        EC_SEC1,
        /** P-256 in PKCS#8, {@code BEGIN PRIVATE KEY}. */
        EC_PKCS8
    }

    private static final Path OPENSSL = Path.of("/usr/bin/openssl");
    private static final Duration OPENSSL_TIMEOUT = Duration.ofSeconds(30);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final Path caCert;
    private final Path caKey;

    private TestPki(Path dir) {
        this.dir = dir;
        this.caCert = dir.resolve("ca.crt");
        this.caKey = dir.resolve("ca.key");
    }

    /** Creates a new CA whose files live in {@code dir}. */
    public static TestPki create(Path dir) throws IOException {
        if (!Files.isExecutable(OPENSSL)) {
            throw new IllegalStateException(OPENSSL + " not found: install openssl: apt-get install -y openssl");
        }
        Files.createDirectories(dir);
        TestPki pki = new TestPki(dir);
        pki.openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-keyout", pki.caKey.toString(), "-out", pki.caCert.toString(),
                "-days", "2", "-subj", "/CN=Kubetriage Test CA",
                "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        return pki;
    }

    public Path caCert() {
        return caCert;
    }

    public Path caKey() {
        return caKey;
    }

    /** A server certificate valid for 127.0.0.1 and localhost, with an RSA PKCS#8 key. */
    public Issued issueServer(String name) throws IOException {
        return issue(name, KeyFormat.RSA_PKCS8,
                "subjectAltName=IP:127.0.0.1,DNS:localhost",
                "extendedKeyUsage=serverAuth");
    }

    /** A client certificate with common name {@code name}, its key written in {@code format}. */
    public Issued issueClient(String name, KeyFormat format) throws IOException {
        return issue(name, format, "extendedKeyUsage=clientAuth");
    }

    private Issued issue(String name, KeyFormat format, String... extensions) throws IOException {
        Path key = dir.resolve(name + ".key");
        Path csr = dir.resolve(name + ".csr");
        Path cert = dir.resolve(name + ".crt");
        Path ext = dir.resolve(name + ".ext");
        switch (format) {
            case RSA_PKCS8 -> openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048",
                    "-out", key.toString());
            case RSA_PKCS1 -> openssl("genrsa", "-traditional", "-out", key.toString(), "2048");
            case EC_SEC1 -> openssl("ecparam", "-name", "prime256v1", "-genkey", "-out", key.toString());
            case EC_PKCS8 -> openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
                    "-out", key.toString());
        }
        openssl("req", "-new", "-key", key.toString(), "-subj", "/CN=" + name, "-out", csr.toString());
        List<String> extLines = new ArrayList<>(List.of(extensions));
        extLines.add("keyUsage=critical,digitalSignature,keyEncipherment");
        Files.write(ext, extLines);
        // An explicit random serial avoids a shared serial file between concurrent issues.
        openssl("x509", "-req", "-in", csr.toString(), "-CA", caCert.toString(), "-CAkey", caKey.toString(),
                "-set_serial", Long.toString(RANDOM.nextLong() & Long.MAX_VALUE), "-days", "2",
                "-extfile", ext.toString(), "-out", cert.toString());
        Files.delete(csr);
        Files.delete(ext);
        return new Issued(cert, key);
    }

    private void openssl(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(OPENSSL.toString());
        command.addAll(List.of(args));
        ProcessRunner.run(OPENSSL_TIMEOUT, dir, Map.of(), command).requireSuccess();
    }
}
