package io.kubetriage.connector.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubetriage.test.support.etcd.EtcdServerExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The test etcd itself, since the connector tests rely on it. */
class EtcdServerExtensionTest {

    @RegisterExtension
    static final EtcdServerExtension ETCD = EtcdServerExtension.plain();

    @RegisterExtension
    static final EtcdServerExtension TLS_ETCD = EtcdServerExtension.withClientCertAuth();

    @Test
    void etcdctlWritesReadsAndSavesSnapshots() throws IOException {
        ETCD.etcdctl("put", "/kubetriage/test/key", "hello");

        assertEquals("hello", ETCD.etcdctl("get", "/kubetriage/test/key", "--print-value-only").stdout().strip());

        Path snapshot = ETCD.workDir().resolve("snapshot.db");
        ETCD.etcdctl("snapshot", "save", snapshot.toString());
        assertTrue(Files.size(snapshot) > 0, "snapshot size");
    }

    @Test
    void aFailingEtcdctlCommandReportsItsError() {
        IOException e = assertThrows(IOException.class, () -> ETCD.etcdctl("no-such-command"));

        assertTrue(e.getMessage().contains("no-such-command"), e.getMessage());
    }

    @Test
    void dataDirectoryAndLogAreExposed() throws IOException {
        assertTrue(Files.isDirectory(ETCD.dataDir().resolve("member")), "member directory in " + ETCD.dataDir());
        assertTrue(Files.readString(ETCD.logFile()).contains("published local member to cluster"), "etcd log");
        assertEquals("http", ETCD.clientEndpoint().getScheme());
    }

    @Test
    void theTlsServerAnswersEtcdctlWithTheClientCertificate() throws IOException {
        assertEquals("https", TLS_ETCD.clientEndpoint().getScheme());
        assertTrue(Files.isRegularFile(TLS_ETCD.caCert()) && Files.isRegularFile(TLS_ETCD.clientKey()));

        String health = TLS_ETCD.etcdctl("endpoint", "health").stderr();

        assertTrue(health.contains("is healthy"), health);
    }

    @Test
    void aPlainServerHasNoCertificates() {
        IllegalStateException e = assertThrows(IllegalStateException.class, ETCD::caCert);

        assertTrue(e.getMessage().contains("withClientCertAuth"), e.getMessage());
    }
}
