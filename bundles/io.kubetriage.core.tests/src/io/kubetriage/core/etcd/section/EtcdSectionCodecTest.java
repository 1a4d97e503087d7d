package io.kubetriage.core.etcd.section;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.kubetriage.core.etcd.EtcdClusterStatus;
import io.kubetriage.core.etcd.EtcdMemberStatus;
import io.kubetriage.core.snapshot.Snapshot;
import io.kubetriage.core.snapshot.SnapshotManifest;
import io.kubetriage.core.snapshot.SourceStatus;
import io.kubetriage.core.snapshot.store.SnapshotStore;

class EtcdSectionCodecTest {

    @TempDir
    Path dir;

    private static final byte[] PROTOBUF = {'k', '8', 's', 0, 10, 3, 1, 2, (byte) 0xff, 0, '\n'};

    static EtcdSection section() {
        EtcdMemberStatus member = new EtcdMemberStatus(URI.create("http://10.0.0.1:2379"), 0x8e9e05c52164694dL,
                "master-1", "3.4.23", 4096, 2048, 0x8e9e05c52164694dL, 120, 3, 120, 57, List.of("NOSPACE"));
        EtcdClusterStatus status = new EtcdClusterStatus(List.of(member),
                Map.of(URI.create("http://10.0.0.2:2379"), "connection refused"));
        return new EtcdSection("etcd http://10.0.0.1:2379,http://10.0.0.2:2379", 57, 40, status, List.of(
                // given out of order: the section sorts them
                new EtcdKeyInfo("/registry/pods/shop/web-0", 50, 55, 3, 0x1234, PROTOBUF.length, PROTOBUF),
                new EtcdKeyInfo("/registry/configmaps/shop/\u00e9t\u00e9 \ud83d\ude00", 41, 41, 1, 0, 5,
                        "hello".getBytes(StandardCharsets.UTF_8)),
                new EtcdKeyInfo("/registry/configmaps/shop/z", 42, 42, 1, 0, 0, new byte[0]),
                new EtcdKeyInfo("/registry/secrets/shop/token", 43, 44, 2, 0, 1500, null),
                new EtcdKeyInfo("compact_rev_key", 40, 40, 7, 0, -1, null)));
    }

    private static Snapshot snapshot(Map<String, byte[]> sections) {
        Instant now = Instant.parse("2024-05-01T10:00:00Z");
        SnapshotManifest manifest = new SnapshotManifest(1, "id-1", "etcd test", "prod", null, null, now, now, "0.1.0",
                true, List.of(SourceStatus.complete("etcd", 5)));
        return new Snapshot(manifest, List.of(), List.of(), sections);
    }

    @Test
    void roundTripsThroughASnapshotFile() throws Exception {
        EtcdSection section = section();
        Path file = dir.resolve("s.ktsnap");

        SnapshotStore.write(snapshot(EtcdSectionCodec.toSections(section)), file);
        EtcdSection read = EtcdSectionCodec.fromSnapshot(SnapshotStore.read(file)).orElseThrow();

        assertEquals(section, read);
        assertEquals(List.of("/registry/configmaps/shop/z", "/registry/configmaps/shop/\u00e9t\u00e9 \ud83d\ude00",
                "/registry/pods/shop/web-0", "/registry/secrets/shop/token", "compact_rev_key"),
                read.keys().stream().map(EtcdKeyInfo::key).toList());
        assertArrayEquals(PROTOBUF, read.keys().get(2).value());
        assertNull(read.keys().get(3).value());
        assertEquals(1500, read.keys().get(3).valueSize());
        assertEquals(-1, read.keys().get(4).valueSize());
        assertEquals("master-1", read.status().members().get(0).name());
        assertEquals(0x8e9e05c52164694dL, read.status().members().get(0).memberId());
        assertEquals("connection refused", read.status().failures().get(URI.create("http://10.0.0.2:2379")));
        assertEquals(3, read.valueCount());
    }

    @Test
    void theEntriesAreTheDocumentedOnes() {
        Map<String, byte[]> sections = EtcdSectionCodec.toSections(section());
        assertEquals(List.of("etcd/summary.json", "etcd/keys.ndjson"), List.copyOf(sections.keySet()));
        String summary = new String(sections.get(EtcdSectionCodec.SUMMARY), StandardCharsets.UTF_8);
        assertTrue(summary.contains("\"revision\" : 57") && summary.contains("\"compactRevision\" : 40")
                && summary.contains("\"keyCount\" : 5"), summary);
        List<String> lines = new String(sections.get(EtcdSectionCodec.KEYS), StandardCharsets.UTF_8).lines().toList();
        assertEquals(5, lines.size());
        assertEquals("{\"key\":\"/registry/configmaps/shop/z\",\"createRevision\":42,\"modRevision\":42,"
                + "\"version\":1,\"lease\":0,\"valueSize\":0,\"value\":\"\"}", lines.get(0));
        assertTrue(lines.get(2).endsWith("\"valueSize\":11,\"value\":\"azhzAAoDAQL/AAo=\"}"), lines.get(2));
    }

    @Test
    void aSnapshotWithoutTheSectionHasNone() throws Exception {
        assertEquals(Optional.empty(), EtcdSectionCodec.fromSnapshot(snapshot(Map.of())));
    }

    @Test
    void aMalformedLineIsReportedWithItsNumber() {
        Map<String, byte[]> sections = new LinkedHashMap<>(EtcdSectionCodec.toSections(section()));
        String keys = new String(sections.get(EtcdSectionCodec.KEYS), StandardCharsets.UTF_8);
        String[] lines = keys.split("\n");
        lines[2] = lines[2].replace("\"modRevision\":55", "\"modRevision\":\"55\"");
        sections.put(EtcdSectionCodec.KEYS, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));

        EtcdSectionFormatException e = assertThrows(EtcdSectionFormatException.class,
                () -> EtcdSectionCodec.fromSnapshot(snapshot(sections)));

        assertEquals("etcd/keys.ndjson", e.entry());
        assertEquals(3, e.line());
        assertEquals("etcd/keys.ndjson line 3: modRevision is not an integer", e.getMessage());
    }

    @Test
    void missingKeysAndTruncatedKeysAreErrors() {
        Map<String, byte[]> sections = new LinkedHashMap<>(EtcdSectionCodec.toSections(section()));
        sections.remove(EtcdSectionCodec.KEYS);
        EtcdSectionFormatException missing = assertThrows(EtcdSectionFormatException.class,
                () -> EtcdSectionCodec.fromSnapshot(snapshot(sections)));
        assertEquals("etcd/keys.ndjson: missing; etcd/summary.json is there", missing.getMessage());

        sections.put(EtcdSectionCodec.KEYS, "{\"key\":\"a\",\"createRevision\":1,\"modRevision\":1,\"version\":1}\n"
                .getBytes(StandardCharsets.UTF_8));
        EtcdSectionFormatException truncated = assertThrows(EtcdSectionFormatException.class,
                () -> EtcdSectionCodec.fromSnapshot(snapshot(sections)));
        assertTrue(truncated.getMessage().contains("has 1 keys, etcd/summary.json says 5"), truncated.getMessage());

        sections.put(EtcdSectionCodec.SUMMARY, "{\"source\": ".getBytes(StandardCharsets.UTF_8));
        EtcdSectionFormatException badJson = assertThrows(EtcdSectionFormatException.class,
                () -> EtcdSectionCodec.fromSnapshot(snapshot(sections)));
        assertTrue(badJson.getMessage().startsWith("etcd/summary.json: not valid JSON"), badJson.getMessage());
    }

    @Test
    void keysAreKeptInEtcdsByteOrder() {
        // U+FFFD sorts before U+1F600 in UTF-8 bytes, after it in UTF-16 units.
        EtcdSection section = new EtcdSection("backup /tmp/x.db", 1, 0, null, List.of(
                new EtcdKeyInfo("/a\ud83d\ude00", 1, 1, 1, 0, -1, null),
                new EtcdKeyInfo("/a\ufffd", 1, 1, 1, 0, -1, null)));
        assertEquals("/a\ufffd", section.keys().get(0).key());
        assertThrows(IllegalArgumentException.class, () -> new EtcdSection("x", 1, 0, null, List.of(
                new EtcdKeyInfo("/b", 1, 1, 1, 0, -1, null), new EtcdKeyInfo("/b", 2, 2, 1, 0, -1, null))));
    }
}
