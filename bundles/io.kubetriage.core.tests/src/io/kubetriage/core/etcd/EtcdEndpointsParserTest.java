package io.kubetriage.core.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class EtcdEndpointsParserTest {

    @Test
    void defaultsToPlainTextLocalMemberAndFiveSeconds() {
        EtcdEndpoints e = EtcdEndpointsParser.parse(Map.of(), Map.of("PATH", "/usr/bin"));

        assertEquals(List.of(URI.create("http://127.0.0.1:2379")), e.endpoints());
        assertEquals(Duration.ofSeconds(5), e.dialTimeout());
        assertNull(e.caCert());
        assertNull(e.cert());
        assertNull(e.key());
        assertNull(e.user());
        assertFalse(e.insecureSkipTlsVerify());
        assertEquals(EtcdEndpoints.localDefault(), e);
    }

    @Test
    void flagsOverrideEnvironmentOptionByOption() {
        Map<String, String> env = Map.of(
                "ETCDCTL_ENDPOINTS", "https://env-a:2379",
                "ETCDCTL_CACERT", "/env/ca.crt",
                "ETCDCTL_DIAL_TIMEOUT", "10s",
                "ETCDCTL_USER", "env-user");
        Map<String, String> flags = Map.of(
                "--endpoints", "https://flag-a:2379,https://flag-b:2379",
                "dial-timeout", "750ms");

        EtcdEndpoints e = EtcdEndpointsParser.parse(flags, env);

        assertEquals(List.of(URI.create("https://flag-a:2379"), URI.create("https://flag-b:2379")),
                e.endpoints());
        assertEquals(Duration.ofMillis(750), e.dialTimeout());
        assertEquals(Path.of("/env/ca.crt"), e.caCert(), "options not given as flags come from env");
        assertEquals("env-user", e.user());
    }

    @Test
    void readsEveryOptionFromTheEnvironment() {
        Map<String, String> env = Map.of(
                "ETCDCTL_ENDPOINTS", "10.0.0.1:2379",
                "ETCDCTL_CACERT", "/pki/ca.crt",
                "ETCDCTL_CERT", "/pki/client.crt",
                "ETCDCTL_KEY", "/pki/client.key",
                "ETCDCTL_USER", "root",
                "ETCDCTL_DIAL_TIMEOUT", "1m30s",
                "ETCDCTL_INSECURE_SKIP_TLS_VERIFY", "true");

        EtcdEndpoints e = EtcdEndpointsParser.parse(Map.of(), env);

        assertEquals(new EtcdEndpoints(List.of(URI.create("https://10.0.0.1:2379")),
                Path.of("/pki/ca.crt"), Path.of("/pki/client.crt"), Path.of("/pki/client.key"),
                "root", Duration.ofSeconds(90), true), e);
    }

    @Test
    void emptyEnvironmentVariablesCountAsUnset() {
        EtcdEndpoints e = EtcdEndpointsParser.parse(Map.of(),
                Map.of("ETCDCTL_ENDPOINTS", "", "ETCDCTL_DIAL_TIMEOUT", ""));

        assertEquals(EtcdEndpoints.localDefault(), e);
    }

    @Test
    void bareHostAndPortIsPlainTextWithoutTlsFiles() {
        EtcdEndpoints e = EtcdEndpointsParser.parse(Map.of("endpoints", "etcd-0.internal:2379"), Map.of());

        assertEquals(List.of(URI.create("http://etcd-0.internal:2379")), e.endpoints());
        assertFalse(e.usesTls());
    }

    @Test
    void bareHostAndPortUsesTlsWhenTlsFilesAreGiven() {
        EtcdEndpoints e = EtcdEndpointsParser.parse(
                Map.of("endpoints", "10.0.0.1:2379,[fd00::1]:2379", "cacert", "/pki/ca.crt"), Map.of());

        assertEquals(List.of(URI.create("https://10.0.0.1:2379"), URI.create("https://[fd00::1]:2379")),
                e.endpoints());
        assertTrue(e.usesTls());
    }

    @Test
    void defaultEndpointUsesTlsWhenTlsFilesAreGiven() {
        EtcdEndpoints e = EtcdEndpointsParser.parse(
                Map.of("cert", "/pki/c.crt", "key", "/pki/c.key"), Map.of());

        assertEquals(List.of(URI.create("https://127.0.0.1:2379")), e.endpoints());
    }

    @Test
    void commaListWithSpacesEmptyEntriesAndRepeatsIsCleanedUp() {
        EtcdEndpoints e = EtcdEndpointsParser.parse(
                Map.of("endpoints", " https://a:2379 , ,https://b:2379/,HTTPS://a:2379 "), Map.of());

        assertEquals(List.of(URI.create("https://a:2379"), URI.create("https://b:2379")), e.endpoints());
    }

    @Test
    void certificateWithoutKeyIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EtcdEndpointsParser.parse(Map.of("cert", "/pki/c.crt"), Map.of()));

        assertEquals("a client certificate was given without its key (--key)", e.getMessage());
    }

    @Test
    void keyWithoutCertificateIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EtcdEndpointsParser.parse(Map.of(), Map.of("ETCDCTL_KEY", "/pki/c.key")));

        assertEquals("a client key was given without a client certificate (--cert)", e.getMessage());
    }

    @Test
    void badDurationIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EtcdEndpointsParser.parse(Map.of("dial-timeout", "5 seconds"), Map.of()));

        assertEquals("--dial-timeout: '5 seconds' is not a duration; write it like 5s, 500ms, 1m or 1m30s",
                e.getMessage());
    }

    @Test
    void durationWithoutUnitIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> EtcdEndpointsParser.parse(Map.of("dial-timeout", "5"), Map.of()));
    }

    @Test
    void zeroDurationIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EtcdEndpointsParser.parse(Map.of("dial-timeout", "0s"), Map.of()));

        assertEquals("the dial timeout must be positive, not 0s", e.getMessage());
    }

    @Test
    void badEndpointsAreRefusedWithTheReason() {
        assertEquals("etcd endpoint 'ftp://a:2379' must start with http:// or https://",
                parseError(Map.of("endpoints", "ftp://a:2379")));
        assertEquals("etcd endpoint 'http://a' has no port (etcd usually listens on 2379)",
                parseError(Map.of("endpoints", "a")));
        assertTrue(parseError(Map.of("endpoints", "http://a b:2379")).startsWith(
                "etcd endpoint 'http://a b:2379' is not a valid URL"));
        assertEquals("etcd endpoint 'https://a:2379/v3' must be only scheme, host and port, like https://10.0.0.1:2379",
                parseError(Map.of("endpoints", "https://a:2379/v3")));
        assertEquals("--endpoints names no endpoint", parseError(Map.of("endpoints", " , ")));
    }

    @Test
    void passwordInEndpointUrlIsRefusedWithoutShowingIt() {
        String message = parseError(Map.of("endpoints", "https://root:hunter2@a:2379"));

        assertFalse(message.contains("hunter2"), message);
        assertTrue(message.endsWith("must not hold a user name or password; give the user with --user"),
                message);
    }

    @Test
    void unknownOptionIsRefused() {
        assertTrue(parseError(Map.of("--write-out", "table")).startsWith("unsupported etcd option --write-out"));
    }

    @Test
    void insecureSkipTlsVerifyFlagWithoutValueIsTrue() {
        assertTrue(EtcdEndpointsParser.parse(Map.of("--insecure-skip-tls-verify", ""), Map.of())
                .insecureSkipTlsVerify());
        assertFalse(EtcdEndpointsParser.parse(Map.of("--insecure-skip-tls-verify", "false"),
                Map.of("ETCDCTL_INSECURE_SKIP_TLS_VERIFY", "true")).insecureSkipTlsVerify());
        assertEquals("--insecure-skip-tls-verify must be true or false, not 'maybe'",
                parseError(Map.of("insecure-skip-tls-verify", "maybe")));
    }

    @Test
    void userKeepsOnlyTheNameAndThePasswordIsReadSeparately() {
        Map<String, String> flags = Map.of("user", "root:s3cr=t:x");

        EtcdEndpoints e = EtcdEndpointsParser.parse(flags, Map.of());

        assertEquals("root", e.user());
        assertEquals(Optional.of("s3cr=t:x"), EtcdEndpointsParser.password(flags, Map.of()));
        assertFalse(e.toString().contains("s3cr"), e.toString());
        assertFalse(e.describe().contains("s3cr"), e.describe());
        assertFalse(String.join(" ", e.toEtcdctlArgs()).contains("s3cr"));
        assertFalse(e.toPreferenceString().contains("s3cr"));
    }

    @Test
    void passwordComesFromPasswordOptionOrEnvironment() {
        assertEquals(Optional.of("pw"), EtcdEndpointsParser.password(Map.of("user", "root"),
                Map.of("ETCDCTL_PASSWORD", "pw")));
        assertEquals(Optional.empty(), EtcdEndpointsParser.password(Map.of("user", "root"), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> EtcdEndpointsParser.password(
                Map.of("user", "root:a", "password", "b"), Map.of()));
    }

    @Test
    void userWithoutNameIsRefused() {
        assertEquals("--user has no user name before the ':'", parseError(Map.of("user", ":pw")));
    }

    private static String parseError(Map<String, String> flags) {
        return assertThrows(IllegalArgumentException.class,
                () -> EtcdEndpointsParser.parse(flags, Map.of())).getMessage();
    }
}
