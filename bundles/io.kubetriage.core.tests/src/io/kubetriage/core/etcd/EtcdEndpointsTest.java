package io.kubetriage.core.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class EtcdEndpointsTest {

    private static final EtcdEndpoints FULL = new EtcdEndpoints(
            List.of(URI.create("https://10.0.0.1:2379"), URI.create("https://[fd00::2]:2379")),
            Path.of("/etc/kubernetes/pki/etcd/ca=root.crt"),
            Path.of("/home/ana/my certs/client = 1.crt"),
            Path.of("/home/ana/my certs/client\\key.pem"),
            "root",
            Duration.ofMillis(1500),
            true);

    @Test
    void preferenceStringRoundTripsPathsWithSpacesEqualsSignsAndBackslashes() {
        String stored = FULL.toPreferenceString();

        assertEquals(FULL, EtcdEndpoints.fromPreferenceString(stored));
    }

    @Test
    void preferenceStringRoundTripsLineBreaksInPaths() {
        EtcdEndpoints odd = new EtcdEndpoints(List.of(URI.create("http://a:2379")),
                Path.of("/tmp/line\nbreak\r/ca.crt"), null, null, null, null, false);

        String stored = odd.toPreferenceString();

        assertEquals(4, stored.split("\n").length, "one line per setting: " + stored);
        assertEquals(odd, EtcdEndpoints.fromPreferenceString(stored));
    }

    @Test
    void preferenceStringRoundTripsDefaults() {
        EtcdEndpoints local = EtcdEndpoints.localDefault();

        assertEquals(local, EtcdEndpoints.fromPreferenceString(local.toPreferenceString()));
    }

    @Test
    void preferenceStringIsReadableLines() {
        assertEquals("""
                endpoint=http://a:2379
                user=ops
                dial-timeout=2m0s
                insecure-skip-tls-verify=false
                """, new EtcdEndpoints(List.of(URI.create("http://a:2379")), null, null, null, "ops",
                Duration.ofMinutes(2), false).toPreferenceString());
    }

    @Test
    void preferenceStringSkipsUnknownKeysAndToleratesCrLf() {
        EtcdEndpoints e = EtcdEndpoints.fromPreferenceString(
                "endpoint=http://a:2379\r\nfuture-option=1\r\n\r\ndial-timeout=3s\r\n");

        assertEquals(List.of(URI.create("http://a:2379")), e.endpoints());
        assertEquals(Duration.ofSeconds(3), e.dialTimeout());
    }

    @Test
    void damagedPreferenceStringIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> EtcdEndpoints.fromPreferenceString("garbage"));
        assertThrows(IllegalArgumentException.class,
                () -> EtcdEndpoints.fromPreferenceString("endpoint=http://a:2379\ncacert=bad\\q\n"));
        assertThrows(IllegalArgumentException.class, () -> EtcdEndpoints.fromPreferenceString(""));
    }

    @Test
    void etcdctlArgsNameEverySetting() {
        assertEquals(List.of(
                "--endpoints=https://10.0.0.1:2379,https://[fd00::2]:2379",
                "--cacert=/etc/kubernetes/pki/etcd/ca=root.crt",
                "--cert=/home/ana/my certs/client = 1.crt",
                "--key=/home/ana/my certs/client\\key.pem",
                "--user=root",
                "--dial-timeout=1.5s",
                "--insecure-skip-tls-verify"), FULL.toEtcdctlArgs());
        assertEquals(List.of("--endpoints=http://127.0.0.1:2379"), EtcdEndpoints.localDefault().toEtcdctlArgs());
    }

    @Test
    void describeSummarizesForDisplay() {
        assertEquals("https://10.0.0.1:2379, https://[fd00::2]:2379 (client certificate "
                + Path.of("/home/ana/my certs/client = 1.crt") + ", CA "
                + Path.of("/etc/kubernetes/pki/etcd/ca=root.crt")
                + ", server certificate not verified, user root, dial timeout 1.5s)", FULL.describe());
        assertEquals("http://127.0.0.1:2379", EtcdEndpoints.localDefault().describe());
    }

    @Test
    void userMustNotCarryAPassword() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new EtcdEndpoints(List.of(URI.create("http://a:1")), null, null, null,
                        "root:secret", null, false));

        assertTrue(!e.getMessage().contains("secret"), e.getMessage());
    }

    @Test
    void needsAtLeastOneEndpointAndABoundedTimeout() {
        assertThrows(IllegalArgumentException.class,
                () -> new EtcdEndpoints(List.of(), null, null, null, null, null, false));
        assertThrows(IllegalArgumentException.class, () -> new EtcdEndpoints(
                List.of(URI.create("http://a:1")), null, null, null, null, Duration.ofDays(2), false));
    }
}
