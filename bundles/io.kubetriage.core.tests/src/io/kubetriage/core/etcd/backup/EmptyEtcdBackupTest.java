package io.kubetriage.core.etcd.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kubetriage.test.support.etcd.EtcdServerExtension;

/** A backup of an etcd that never stored a key. */
class EmptyEtcdBackupTest {

    @RegisterExtension
    final EtcdServerExtension etcd = EtcdServerExtension.plain();

    @Test
    void backupOfAFreshEtcd() throws Exception {
        Path file = etcd.workDir().resolve("empty.db");
        etcd.etcdctl("snapshot", "save", file.toString());
        JsonNode status = new ObjectMapper().readTree(etcd.etcdctl("snapshot", "status", file.toString(), "-w", "json")
                .stdout());

        try (EtcdBackup backup = EtcdBackup.open(file)) {
            assertEquals(0, backup.newestStoredRevision());
            assertEquals(status.get("revision").asLong(), backup.newestStoredRevision());
            assertEquals(0, backup.compactRevision());
            assertEquals(0, backup.keyCount());
            assertTrue(backup.latest("").isEmpty());
            assertEquals(List.of(), backup.history("/x".getBytes(StandardCharsets.UTF_8)));
            assertTrue(backup.get("/x".getBytes(StandardCharsets.UTF_8), 0).isEmpty());
            assertEquals(status.get("totalKey").asLong(), backup.totalEntryCount());
            assertEquals(status.get("hash").asLong(), Integer.toUnsignedLong(backup.statusHash()));
            assertTrue(backup.hasIntegrityHash());
            assertTrue(backup.integrityHashMatches());
            int[] entries = new int[1];
            backup.scan(entry -> ++entries[0] > 0);
            assertEquals(0, entries[0]);
        }
    }
}
