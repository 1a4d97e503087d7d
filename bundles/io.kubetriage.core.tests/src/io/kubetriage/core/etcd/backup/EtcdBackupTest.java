package io.kubetriage.core.etcd.backup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kubetriage.test.support.etcd.EtcdServerExtension;

/**
 * Reads a backup that a real etcd wrote with {@code etcdctl snapshot save} and compares every
 * answer with what etcd itself answers.
 */
class EtcdBackupTest {

    @RegisterExtension
    static final EtcdServerExtension ETCD = EtcdServerExtension.plain();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int POD_COUNT = 3000;
    private static final int BIG_COUNT = 12;

    private static HttpClient http;
    private static Path backup;
    private static long compactedAt;
    private static long leaseId;

    /**
     * 3000 small keys written in transactions of 100 (so entries share main revisions), 12 values of
     * 20 KB (overflow pages), updates and deletions before and after a compaction, a lease.
     */
    @BeforeAll
    static void writeKeysAndSaveBackup() throws Exception {
        http = HttpClient.newHttpClient();
        for (int batch = 0; batch < POD_COUNT; batch += 100) {
            ArrayNode success = JSON.createArrayNode();
            for (int i = batch; i < batch + 100; i++) {
                success.addObject().set("requestPut", put(pod(i), "v1-" + i));
            }
            ObjectNode txn = JSON.createObjectNode();
            txn.set("success", success);
            call("/v3/kv/txn", txn);
        }
        Random random = new Random(7);
        for (int i = 0; i < BIG_COUNT; i++) {
            byte[] big = new byte[20_000];
            random.nextBytes(big);
            call("/v3/kv/put", put("/big/" + i, big));
        }
        for (int i = 0; i < 200; i++) {
            call("/v3/kv/put", put(pod(i), "v2-" + i));
        }
        for (int i = 200; i < 300; i++) {
            call("/v3/kv/deleterange", key(pod(i)));
        }
        compactedAt = revisionOf(call("/v3/kv/put", put(pod(0), "v3-0")));
        call("/v3/kv/put", put(pod(0), "v4-0"));
        ETCD.etcdctl("compaction", Long.toString(compactedAt));
        for (int i = 0; i < 50; i++) {
            call("/v3/kv/put", put(pod(i), "v5-" + i));
        }
        for (int i = 300; i < 340; i++) {
            call("/v3/kv/deleterange", key(pod(i)));
        }
        call("/v3/kv/put", put("/big/0", new byte[30_000]));
        leaseId = JSON.readTree(ETCD.etcdctl("lease", "grant", "600", "-w", "json").stdout()).get("ID").asLong();
        ETCD.etcdctl("put", "/leased", "with-lease", "--lease=" + Long.toHexString(leaseId));
        ETCD.etcdctl("put", "/after", "last");

        backup = ETCD.workDir().resolve("backup.db");
        ETCD.etcdctl("snapshot", "save", backup.toString());
    }

    private static String pod(int i) {
        return "/registry/pods/ns-" + i % 10 + "/pod-" + i;
    }

    private static ObjectNode key(String key) {
        return JSON.createObjectNode().put("key", b64(key.getBytes(StandardCharsets.UTF_8)));
    }

    private static ObjectNode put(String key, String value) {
        return put(key, value.getBytes(StandardCharsets.UTF_8));
    }

    private static ObjectNode put(String key, byte[] value) {
        return key(key).put("value", b64(value));
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static JsonNode call(String path, JsonNode body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(ETCD.clientEndpoint() + path))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), () -> path + ": " + response.body());
        return JSON.readTree(response.body());
    }

    private static long revisionOf(JsonNode response) {
        return response.path("header").path("revision").asLong();
    }

    private static JsonNode etcdctlJson(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(args));
        command.addAll(List.of("-w", "json"));
        return JSON.readTree(ETCD.etcdctl(command.toArray(String[]::new)).stdout());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** etcd's answer as KeyRecords without entry revisions (etcd does not report those). */
    private static SortedMap<ByteKey, KeyRecord> fromEtcd(JsonNode response) {
        SortedMap<ByteKey, KeyRecord> records = new TreeMap<>();
        for (JsonNode kv : response.path("kvs")) {
            byte[] key = Base64.getDecoder().decode(kv.get("key").asText());
            byte[] value = Base64.getDecoder().decode(kv.path("value").asText(""));
            long mod = kv.path("mod_revision").asLong();
            records.put(ByteKey.of(key), new KeyRecord(key, kv.path("create_revision").asLong(), mod,
                    kv.path("version").asLong(), kv.path("lease").asLong(), value, false, mod, 0));
        }
        return records;
    }

    private static KeyRecord withoutSub(KeyRecord record) {
        return new KeyRecord(record.key(), record.createRevision(), record.modRevision(), record.version(),
                record.lease(), record.value(), record.deleted(), record.mainRevision(), 0);
    }

    @Test
    void revisionsMatchEtcd() throws Exception {
        long etcdRevision = etcdctlJson("endpoint", "status").get(0).path("Status").path("header").path("revision")
                .asLong();
        try (EtcdBackup backup = EtcdBackup.open(EtcdBackupTest.backup)) {
            assertEquals(etcdRevision, backup.revision());
            assertEquals(etcdRevision, backup.newestStoredRevision());
            assertEquals(compactedAt, backup.compactRevision());
            assertEquals(compactedAt, backup.scheduledCompactRevision());
            assertTrue(backup.consistentIndex() > 0);
            assertTrue(backup.hasIntegrityHash());
            assertTrue(backup.integrityHashMatches());
        }
    }

    @Test
    void latestStateMatchesEtcdGet() throws Exception {
        SortedMap<ByteKey, KeyRecord> expected = fromEtcd(etcdctlJson("get", "--prefix", "/"));
        try (EtcdBackup backup = EtcdBackup.open(EtcdBackupTest.backup)) {
            SortedMap<ByteKey, KeyRecord> actual = backup.latest("/");
            assertEquals(expected.keySet(), actual.keySet());
            actual.forEach((key, record) -> assertEquals(expected.get(key), withoutSub(record), key::toString));
            assertEquals(POD_COUNT - 140 + BIG_COUNT + 2, actual.size());
            assertEquals(expected.size(), backup.keyCount());
            assertEquals(leaseId, actual.get(ByteKey.of("/leased")).lease());
            assertEquals(30_000, actual.get(ByteKey.of("/big/0")).value().length);

            SortedMap<ByteKey, KeyRecord> big = backup.latest("/big/");
            assertEquals(fromEtcd(etcdctlJson("get", "--prefix", "/big/")).keySet(), big.keySet());
            assertTrue(backup.latest("/nothing-here/").isEmpty());
        }
    }

    @Test
    void snapshotStatusMatches() throws Exception {
        JsonNode status = etcdctlJson("snapshot", "status", backup.toString());
        try (EtcdBackup backup = EtcdBackup.open(EtcdBackupTest.backup)) {
            assertEquals(status.get("revision").asLong(), backup.newestStoredRevision());
            // etcd 3.4 counts the entries of every bucket: revisions, meta, members, leases ...
            assertEquals(status.get("totalKey").asLong(), backup.totalEntryCount());
            assertEquals(status.get("hash").asLong(), Integer.toUnsignedLong(backup.statusHash()));
            assertEquals(status.get("totalSize").asLong(), backup.bolt().pageCount() * backup.bolt().pageSize());
            long[] revisions = new long[1];
            backup.scan(entry -> ++revisions[0] > 0);
            assertTrue(revisions[0] < backup.totalEntryCount());
            BoltCursor cursor = backup.bolt().bucket("key").orElseThrow().cursor();
            assertTrue(cursor.first());
            assertTrue(cursor.depth() >= 2, "the key bucket has branch pages");
        }
    }

    @Test
    void historyAndPointReadsMatchEtcdAfterCompaction() throws Exception {
        byte[] pod0 = bytes(pod(0));
        try (EtcdBackup backup = EtcdBackup.open(EtcdBackupTest.backup)) {
            List<KeyRecord> history = backup.history(pod0);
            assertEquals(List.of("v3-0", "v4-0", "v5-0"), history.stream().map(KeyRecord::valueString).toList());
            assertEquals(compactedAt, history.get(0).mainRevision());
            for (KeyRecord entry : history) {
                KeyRecord etcd = fromEtcd(etcdctlJson("get", pod(0), "--rev=" + entry.mainRevision()))
                        .get(ByteKey.of(pod0));
                assertEquals(etcd, withoutSub(entry));
                assertEquals(entry, backup.get(pod0, entry.mainRevision()).orElseThrow());
            }
            assertEquals("v5-0", backup.get(pod0, 0).orElseThrow().valueString());
            assertEquals("v3-0", backup.get(pod0, compactedAt).orElseThrow().valueString());

            CompactedRevisionException compacted = assertThrows(CompactedRevisionException.class,
                    () -> backup.get(pod0, compactedAt - 1));
            assertTrue(compacted.getMessage().contains("compacted at " + compactedAt), compacted.getMessage());
            IOException etcdSays = assertThrows(IOException.class,
                    () -> ETCD.etcdctl("get", pod(0), "--rev=" + (compactedAt - 1)));
            assertTrue(etcdSays.getMessage().contains("compacted"), etcdSays.getMessage());

            // A key updated only before the compaction keeps its newest version at or below it.
            List<KeyRecord> pod150 = backup.history(bytes(pod(150)));
            assertEquals(1, pod150.size());
            assertEquals("v2-150", pod150.get(0).valueString());
            // Keys deleted before the compaction are gone; those deleted after it keep a tombstone.
            assertEquals(List.of(), backup.history(bytes(pod(250))));
            List<KeyRecord> pod310 = backup.history(bytes(pod(310)));
            assertEquals(List.of(false, true), pod310.stream().map(KeyRecord::deleted).toList());
            KeyRecord tombstone = pod310.get(1);
            assertTrue(backup.get(bytes(pod(310)), tombstone.mainRevision()).isEmpty());
            assertEquals("v1-310", backup.get(bytes(pod(310)), tombstone.mainRevision() - 1).orElseThrow()
                    .valueString());
            assertEquals(0, etcdctlJson("get", pod(310), "--rev=" + tombstone.mainRevision()).path("kvs").size());
        }
    }

    @Test
    void scanVisitsEveryRevisionInOrderWithTombstonesAndSubRevisions() throws Exception {
        try (EtcdBackup backup = EtcdBackup.open(EtcdBackupTest.backup)) {
            List<KeyRecord> entries = new ArrayList<>();
            backup.scan(entries::add);
            Map<Boolean, Long> byKind = new TreeMap<>();
            long previous = -1;
            for (KeyRecord entry : entries) {
                long order = entry.mainRevision() * 1000 + entry.subRevision();
                assertTrue(order > previous);
                previous = order;
                byKind.merge(entry.deleted(), 1L, Long::sum);
                if (!entry.deleted()) {
                    assertEquals(entry.mainRevision(), entry.modRevision());
                }
            }
            assertEquals(40, byKind.get(true), "tombstones of the deletions after the compaction");
            assertTrue(entries.stream().anyMatch(entry -> entry.subRevision() == 99), "transactions of 100 puts");
            assertEquals(backup.newestStoredRevision(), entries.get(entries.size() - 1).mainRevision());

            int[] seen = new int[1];
            backup.scan(entry -> ++seen[0] < 10);
            assertEquals(10, seen[0], "the visitor stops the scan");
        }
    }

    @Test
    void damagedCopies() throws Exception {
        Path dir = ETCD.workDir();
        byte[] original = Files.readAllBytes(backup);

        Path half = Files.write(dir.resolve("half.db"), java.util.Arrays.copyOf(original, original.length / 2));
        BackupFormatException e = assertThrows(BackupFormatException.class, () -> EtcdBackup.open(half));
        assertTrue(e.getMessage().startsWith(half + ": truncated: page "), e.getMessage());
        assertTrue(e.getMessage().endsWith("lies beyond the end of the file (size " + original.length / 2 + ")"),
                e.getMessage());

        byte[] meta0 = original.clone();
        meta0[16 + 20] ^= 0x40;
        Path firstMetaBroken = Files.write(dir.resolve("meta0.db"), meta0);
        try (EtcdBackup copy = EtcdBackup.open(firstMetaBroken); EtcdBackup good = EtcdBackup.open(backup)) {
            assertEquals(1, copy.bolt().metaPage());
            assertEquals(0, good.bolt().metaPage());
            assertEquals(good.revision(), copy.revision());
            assertEquals(good.keyCount(), copy.keyCount());
            assertFalse(copy.integrityHashMatches(), "the hash covers the meta pages");
        }

        byte[] bothMetas = meta0.clone();
        bothMetas[4096 + 16 + 50] ^= 0x01;
        Path bothBroken = Files.write(dir.resolve("meta01.db"), bothMetas);
        e = assertThrows(BackupFormatException.class, () -> EtcdBackup.open(bothBroken));
        assertEquals(bothBroken + ": both meta pages are corrupt", e.getMessage());

        Path withoutHash = Files.write(dir.resolve("nohash.db"),
                java.util.Arrays.copyOf(original, original.length - 32));
        try (EtcdBackup copy = EtcdBackup.open(withoutHash)) {
            assertFalse(copy.hasIntegrityHash());
            assertFalse(copy.integrityHashMatches());
            assertEquals(original.length - 32, copy.bolt().fileSize());
            assertTrue(copy.revision() > 0);
        }

        byte[] wrongHash = original.clone();
        wrongHash[wrongHash.length - 1] ^= 0x01;
        Path badHash = Files.write(dir.resolve("badhash.db"), wrongHash);
        try (EtcdBackup copy = EtcdBackup.open(badHash)) {
            assertTrue(copy.hasIntegrityHash());
            assertFalse(copy.integrityHashMatches());
        }
    }

    @Test
    void overwrittenPagesAreReportedNotThrownAsRuntimeExceptions() throws Exception {
        byte[] original = Files.readAllBytes(backup);
        long pages = (original.length - 32) / 4096;
        Random random = new Random(3);
        int reported = 0;
        for (int round = 0; round < 40; round++) {
            byte[] damaged = original.clone();
            int page = 2 + random.nextInt((int) pages - 2);
            byte[] noise = new byte[64];
            random.nextBytes(noise);
            System.arraycopy(noise, 0, damaged, page * 4096 + random.nextInt(4096 - 64), 64);
            Path file = ETCD.workDir().resolve("noise-" + round + ".db");
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(java.nio.ByteBuffer.wrap(damaged));
            }
            try (EtcdBackup copy = EtcdBackup.open(file)) {
                copy.keyCount();
                copy.totalEntryCount();
            } catch (BackupFormatException expected) {
                reported++;
                assertTrue(expected.getMessage().startsWith(file.toString()), expected.getMessage());
            }
            Files.delete(file);
        }
        assertTrue(reported > 0, "some damage must be detected");
    }

    @Test
    void byteKeysOrderLikeEtcd() {
        assertTrue(ByteKey.of(new byte[] {(byte) 0xff}).compareTo(ByteKey.of("a")) > 0);
        assertArrayEquals(bytes("/x"), ByteKey.of("/x").bytes());
    }
}
