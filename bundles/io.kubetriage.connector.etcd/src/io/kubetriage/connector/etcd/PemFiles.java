package io.kubetriage.connector.etcd;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM certificates and private keys the way etcdctl's {@code --cacert}, {@code --cert} and
 * {@code --key} accept them.
 *
 * <p>Keys may be PKCS#8 ({@code BEGIN PRIVATE KEY}), PKCS#1 RSA ({@code BEGIN RSA PRIVATE KEY},
 * as kubeadm writes) or SEC 1 EC ({@code BEGIN EC PRIVATE KEY}). The JDK, and so netty without
 * BouncyCastle, only reads PKCS#8, so the other two are rewrapped as PKCS#8 first.
 */
final class PemFiles {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);

    // AlgorithmIdentifier { rsaEncryption, NULL }
    private static final byte[] RSA_ALGORITHM = hex("300d06092a864886f70d0101010500");
    // OID id-ecPublicKey; the curve OID follows it in the AlgorithmIdentifier.
    private static final byte[] EC_PUBLIC_KEY_OID = hex("06072a8648ce3d0201");

    private static final int SEQUENCE = 0x30;
    private static final int INTEGER = 0x02;
    private static final int OCTET_STRING = 0x04;
    private static final int OID = 0x06;
    private static final int EC_PARAMETERS_TAG = 0xa0;

    private PemFiles() {
    }

    /**
     * The certificates in {@code pem}; other blocks, such as a key kept in the same file, are
     * skipped.
     *
     * @param what names the file in messages, e.g. "CA certificate"
     */
    static X509Certificate[] certificates(String pem, Path file, String what) throws EtcdConnectException {
        Matcher block = BLOCK.matcher(pem);
        StringBuilder certificates = new StringBuilder();
        List<String> seen = new ArrayList<>();
        while (block.find()) {
            if (block.group(1).equals("CERTIFICATE")) {
                certificates.append(block.group()).append('\n');
            } else {
                seen.add(block.group(1));
            }
        }
        if (certificates.isEmpty()) {
            throw new EtcdConnectException("the " + what + " " + file + " holds no certificate"
                    + (seen.isEmpty() ? "; it is not a PEM file" : " (found " + String.join(", ", seen) + ")"));
        }
        try {
            byte[] bytes = certificates.toString().getBytes(StandardCharsets.US_ASCII);
            return CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes))
                    .stream().map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
        } catch (CertificateException e) {
            throw new EtcdConnectException("the " + what + " " + file + " is damaged: " + e.getMessage(), e);
        }
    }

    /** The private key in {@code pem}, which must not be encrypted. */
    static PrivateKey privateKey(String pem, Path file) throws EtcdConnectException {
        Matcher block = BLOCK.matcher(pem);
        List<String> seen = new ArrayList<>();
        while (block.find()) {
            String label = block.group(1);
            String body = block.group(2);
            switch (label) {
                case "PRIVATE KEY" -> {
                    return toKey(decode(body, file), file);
                }
                case "RSA PRIVATE KEY" -> {
                    requireUnencrypted(body, file);
                    return toKey(pkcs8(RSA_ALGORITHM, decode(body, file)), file);
                }
                case "EC PRIVATE KEY" -> {
                    requireUnencrypted(body, file);
                    byte[] sec1 = decode(body, file);
                    byte[] algorithm = der(SEQUENCE, EC_PUBLIC_KEY_OID, curveOid(sec1, file));
                    return toKey(pkcs8(algorithm, sec1), file);
                }
                case "ENCRYPTED PRIVATE KEY" -> throw encrypted(file);
                default -> seen.add(label);
            }
        }
        throw new EtcdConnectException("the client key " + file + " holds no private key"
                + (seen.isEmpty() ? "; it is not a PEM file" : " (found " + String.join(", ", seen) + ")"));
    }

    private static void requireUnencrypted(String body, Path file) throws EtcdConnectException {
        if (body.contains("Proc-Type:") && body.contains("ENCRYPTED")) {
            throw encrypted(file);
        }
    }

    private static EtcdConnectException encrypted(Path file) {
        return new EtcdConnectException("the client key " + file
                + " is encrypted; etcd clients need an unencrypted key (openssl pkey -in KEY -out PLAIN_KEY)");
    }

    private static byte[] decode(String body, Path file) throws EtcdConnectException {
        try {
            return Base64.getMimeDecoder().decode(body.trim().getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new EtcdConnectException("the client key " + file + " is damaged: " + e.getMessage(), e);
        }
    }

    private static PrivateKey toKey(byte[] pkcs8, Path file) throws EtcdConnectException {
        for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            } catch (GeneralSecurityException e) {
                // Not this algorithm; try the next.
            }
        }
        throw new EtcdConnectException("the client key " + file
                + " is damaged or of an unsupported type (RSA, EC and Ed25519 keys are supported)");
    }

    /** PrivateKeyInfo ::= SEQUENCE { version 0, AlgorithmIdentifier, OCTET STRING key }. */
    private static byte[] pkcs8(byte[] algorithm, byte[] key) {
        return der(SEQUENCE, new byte[] {INTEGER, 1, 0}, algorithm, der(OCTET_STRING, key));
    }

    /**
     * The named curve from ECPrivateKey ::= SEQUENCE { version, OCTET STRING privateKey,
     * [0] ECParameters, [1] publicKey }.
     */
    private static byte[] curveOid(byte[] sec1, Path file) throws EtcdConnectException {
        try {
            int[] outer = header(sec1, 0);
            if (sec1[0] != SEQUENCE) {
                throw new IllegalArgumentException();
            }
            int position = outer[0];
            int end = position + outer[1];
            while (position < end) {
                int[] element = header(sec1, position);
                if ((sec1[position] & 0xff) == EC_PARAMETERS_TAG) {
                    int oid = element[0];
                    if (sec1[oid] != OID) {
                        break;
                    }
                    int[] oidHeader = header(sec1, oid);
                    return Arrays.copyOfRange(sec1, oid, oidHeader[0] + oidHeader[1]);
                }
                position = element[0] + element[1];
            }
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw new EtcdConnectException("the client key " + file + " is not a valid EC private key", e);
        }
        throw new EtcdConnectException("the client key " + file + " does not name its elliptic curve");
    }

    /** For the element at {@code offset}: where its content starts and how long it is. */
    private static int[] header(byte[] der, int offset) {
        int first = der[offset + 1] & 0xff;
        if (first < 0x80) {
            return new int[] {offset + 2, first};
        }
        int count = first & 0x7f;
        if (count == 0 || count > 3) {
            throw new IllegalArgumentException("unsupported DER length");
        }
        int length = 0;
        for (int i = 0; i < count; i++) {
            length = (length << 8) | (der[offset + 2 + i] & 0xff);
        }
        return new int[] {offset + 2 + count, length};
    }

    private static byte[] der(int tag, byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            content.writeBytes(part);
        }
        int length = content.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        if (length < 0x80) {
            out.write(length);
        } else if (length < 0x100) {
            out.write(0x81);
            out.write(length);
        } else if (length < 0x10000) {
            out.write(0x82);
            out.write(length >> 8);
            out.write(length);
        } else {
            out.write(0x83);
            out.write(length >> 16);
            out.write(length >> 8);
            out.write(length);
        }
        out.writeBytes(content.toByteArray());
        return out.toByteArray();
    }

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }
}
