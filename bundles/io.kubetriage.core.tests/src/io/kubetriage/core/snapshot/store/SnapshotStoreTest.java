package io.kubetriage.core.snapshot.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.kubetriage.core.snapshot.ApiObject;
import io.kubetriage.core.snapshot.ObjectKey;
import io.kubetriage.core.snapshot.Snapshot;
import io.kubetriage.core.snapshot.SnapshotManifest;

class SnapshotStoreTest {

    @TempDir
    Path dir;

    private static Snapshot sample() {
        Map<String, byte[]> sections = new LinkedHashMap<>();
        sections.put("etcd/status.json", "{\"leader\":\"8e9e05c52164694d\"}".getBytes(StandardCharsets.UTF_8));
        sections.put("nodes/worker-1/kubelet.log", new byte[] {0, 1, 2, (byte) 0xff, '\n'});
        return new Snapshot(Fixtures.manifest("before upgrade"),
                List.of(Fixtures.pod("default", "web-1", "u1", 100, "nginx:1.25"),
                        Fixtures.deployment("default", "web", "u2", 90, 3),
                        Fixtures.pod("kube-system", "dns", "u3", 12, "coredns:1.11")),
                List.of(Fixtures.event("default", "web-1.17a", "Pulled"), Fixtures.event("default", "web-1.17b", "Started")),
                sections);
    }

    private static List<Path> listDir(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void roundTripKeepsObjectsEventsSectionsAndManifest() throws Exception {
        Snapshot snapshot = sample();
        Path file = dir.resolve("a.ktsnap");

        SnapshotStore.write(snapshot, file);
        Snapshot read = SnapshotStore.read(file);

        assertEquals(snapshot.manifest(), read.manifest());
        assertEquals(List.copyOf(snapshot.objects()), List.copyOf(read.objects()));
        assertEquals(snapshot.events(), read.events());
        assertEquals(List.copyOf(snapshot.sectionNames()), List.copyOf(read.sectionNames()));
        for (String name : snapshot.sectionNames()) {
            assertArrayEquals(snapshot.section(name).orElseThrow(), read.section(name).orElseThrow(), name);
        }
        ApiObject deployment = read.object(new ObjectKey("apps", "Deployment", "default", "web")).orElseThrow();
        assertEquals("apps/v1", deployment.apiVersion());
        assertEquals("u2", deployment.uid());
        assertEquals(90, deployment.resourceVersionNumber());
        assertEquals(List.of(file), listDir(dir), "no temporary file is left");
    }

    @Test
    void fileLayoutIsManifestFirstNdjsonLinesAndChecksumsOfEveryEntry() throws Exception {
        Path file = dir.resolve("a.ktsnap");
        SnapshotStore.write(sample(), file);

        try (ZipFile zip = new ZipFile(file.toFile())) {
            List<String> names = zip.stream().map(ZipEntry::getName).toList();
            assertEquals(List.of("manifest.json", "objects.ndjson", "events.ndjson", "etcd/status.json",
                    "nodes/worker-1/kubelet.log", "checksums.json"), names);
            String objects = new String(zip.getInputStream(zip.getEntry("objects.ndjson")).readAllBytes(),
                    StandardCharsets.UTF_8);
            String[] lines = objects.split("\n");
            assertEquals(3, lines.length);
            // Key order: group (core first), kind, namespace, name.
            assertTrue(lines[0].contains("\"name\":\"web-1\",\"namespace\":\"default\""), lines[0]);
            assertTrue(lines[1].contains("\"name\":\"dns\",\"namespace\":\"kube-system\""), lines[1]);
            assertTrue(lines[2].startsWith("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\""), lines[2]);
            String checksums = new String(zip.getInputStream(zip.getEntry("checksums.json")).readAllBytes(),
                    StandardCharsets.UTF_8);
            String objectsSum = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(objects.getBytes(StandardCharsets.UTF_8)));
            assertTrue(checksums.contains("\"objects.ndjson\" : \"" + objectsSum + "\""), checksums);
        }
    }

    @Test
    void writesTheCurrentFormatWhateverTheManifestSays() throws Exception {
        SnapshotManifest m = Fixtures.manifest("x");
        SnapshotManifest old = new SnapshotManifest(0, m.id(), m.name(), m.clusterName(), m.serverUrl(),
                m.serverVersion(), m.captureStart(), m.captureEnd(), m.toolVersion(), m.secretsRedacted(), m.sources());
        Path file = dir.resolve("a.ktsnap");
        SnapshotStore.write(new Snapshot(old, List.of(), List.of(), Map.of()), file);

        assertEquals(SnapshotStore.FORMAT_VERSION, SnapshotStore.readManifest(file).formatVersion());
        assertEquals(0, SnapshotStore.read(file).objectCount());
    }

    @Test
    void readManifestAndRename() throws Exception {
        Path file = dir.resolve("a.ktsnap");
        Snapshot snapshot = sample();
        SnapshotStore.write(snapshot, file);

        assertEquals(snapshot.manifest(), SnapshotStore.readManifest(file));
        assertEquals(file, SnapshotStore.rename(file, "after upgrade"));

        Snapshot renamed = SnapshotStore.read(file);
        assertEquals("after upgrade", renamed.manifest().name());
        assertEquals(snapshot.manifest().withName("after upgrade"), renamed.manifest());
        assertEquals(List.copyOf(snapshot.objects()), List.copyOf(renamed.objects()));
        assertArrayEquals(snapshot.section("nodes/worker-1/kubelet.log").orElseThrow(),
                renamed.section("nodes/worker-1/kubelet.log").orElseThrow());
        assertEquals(List.of(file), listDir(dir));
    }

    @Test
    void failedWriteLeavesTheOldFileAsItWasAndNoTemporaryFile() throws Exception {
        Path file = dir.resolve("a.ktsnap");
        SnapshotStore.write(sample(), file);
        byte[] old = Files.readAllBytes(file);
        // The objects and events are written before the sections; the bad section name fails mid-file.
        List<ApiObject> many = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            many.add(Fixtures.pod("ns", "p" + i, "u" + i, i + 1, "img"));
        }
        Snapshot bad = new Snapshot(Fixtures.manifest("bad"), many, List.of(),
                Map.of("etcd/../../escape", new byte[] {1}));

        IOException e = assertThrows(IOException.class, () -> SnapshotStore.write(bad, file));

        assertTrue(e.getMessage().contains("etcd/../../escape"), e.getMessage());
        assertArrayEquals(old, Files.readAllBytes(file));
        assertEquals(List.of(file), listDir(dir), "the temporary file is deleted");
        assertEquals("before upgrade", SnapshotStore.read(file).manifest().name());
    }

    @Test
    void failureInTheObjectsLeavesNoFileWhereThereWasNone() throws Exception {
        Path file = dir.resolve("new.ktsnap");
        ApiObject good = Fixtures.pod("ns", "a", "u", 1, "img");
        // Multi-line JSON is compacted on write; this text is not JSON at all, so writing fails.
        ApiObject broken = new ApiObject(new ObjectKey("", "Pod", "ns", "b"), "v1", "u2", "2", "{\"kind\":\n");
        Snapshot bad = Fixtures.snapshot("bad", List.of(good, broken));

        IOException e = assertThrows(IOException.class, () -> SnapshotStore.write(bad, file));

        assertTrue(e.getMessage().contains("Pod ns/b"), e.getMessage());
        assertEquals(List.of(), listDir(dir));
    }

    @Test
    void multiLineJsonIsWrittenAsOneLine() throws Exception {
        ApiObject pretty = ObjectJson.wrap("{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"ConfigMap\",\n"
                + "  \"metadata\": {\"name\": \"c\", \"namespace\": \"ns\"},\n  \"data\": {\"a\": \"x\\ny\"}\n}");
        Path file = dir.resolve("a.ktsnap");
        SnapshotStore.write(Fixtures.snapshot("s", List.of(pretty)), file);

        ApiObject read = SnapshotStore.read(file).objects().iterator().next();
        assertEquals("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\",\"namespace\":\"ns\"},"
                + "\"data\":{\"a\":\"x\\ny\"}}", read.json());
        assertEquals(pretty.key(), read.key());
    }

    @Test
    void reservedSectionNamesAreRefused() {
        Snapshot bad = new Snapshot(Fixtures.manifest("s"), List.of(), List.of(),
                Map.of("manifest.json", new byte[] {1}));
        assertThrows(IOException.class, () -> SnapshotStore.write(bad, dir.resolve("a.ktsnap")));
    }

    // ---------------------------------------------------------------- broken files

    private static SnapshotFormatException assertFormatProblem(Path file, String problemPart) {
        SnapshotFormatException e = assertThrows(SnapshotFormatException.class, () -> SnapshotStore.read(file));
        assertEquals(file, e.file());
        assertTrue(e.problem().contains(problemPart), e.problem());
        assertEquals(file + ": " + e.problem(), e.getMessage());
        return e;
    }

    @Test
    void truncatedFile() throws Exception {
        Path file = dir.resolve("a.ktsnap");
        SnapshotStore.write(sample(), file);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length * 2 / 3));

        assertFormatProblem(file, "the file is truncated or not a Kubetriage snapshot");
        assertThrows(SnapshotFormatException.class, () -> SnapshotStore.readManifest(file));
    }

    @Test
    void randomBytesAndEmptyFile() throws Exception {
        Path random = dir.resolve("random.ktsnap");
        byte[] bytes = new byte[4096];
        new Random(42).nextBytes(bytes);
        Files.write(random, bytes);
        Path empty = Files.createFile(dir.resolve("empty.ktsnap"));

        assertFormatProblem(random, "the file is truncated or not a Kubetriage snapshot");
        assertFormatProblem(empty, "the file is truncated or not a Kubetriage snapshot");
    }

    @Test
    void missingFileIsAnIoProblemNotAFormatProblem() {
        Exception e = assertThrows(Exception.class, () -> SnapshotStore.read(dir.resolve("none.ktsnap")));
        assertTrue(e instanceof NoSuchFileException, e.toString());
    }

    @Test
    void zipWithoutManifest() throws Exception {
        Path file = dir.resolve("a.ktsnap");
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("objects.ndjson", new byte[0]);
        writeZip(file, entries, true);

        assertFormatProblem(file, "no manifest.json");
        SnapshotFormatException e = assertThrows(SnapshotFormatException.class,
                () -> SnapshotStore.readManifest(file));
        assertTrue(e.problem().contains("no manifest.json"), e.problem());
    }

    @Test
    void newerFormatIsRefusedWithBothVersions() throws Exception {
        Path file = dir.resolve("a.ktsnap");
        SnapshotStore.write(sample(), file);
        Map<String, byte[]> entries = readZip(file);
        entries.put("manifest.json", new String(entries.get("manifest.json"), StandardCharsets.UTF_8)
                .replace("\"formatVersion\" : 1", "\"formatVersion\" : 7").getBytes(StandardCharsets.UTF_8));
        writeZip(file, entries, true);

        assertFormatProblem(file, "written by a newer Kubetriage (format 7); this version reads up to format 1");
        SnapshotFormatException e = assertThrows(SnapshotFormatException.class,
                () -> SnapshotStore.readManifest(file));
        assertTrue(e.problem().contains("format 7"), e.problem());
    }

    @Test
    void entryNotMatchingItsChecksum() throws Exception {
        Path file = dir.resolve("a.ktsnap");
        SnapshotStore.write(sample(), file);
        Map<String, byte[]> entries = readZip(file);
        byte[] objects = entries.get("objects.ndjson");
        objects[objects.length / 2] ^= 0x01; // one bit, inside a line
        writeZip(file, entries, false);

        assertFormatProblem(file, "entry objects.ndjson does not match its checksum");
    }

    @Test
    void sectionNotMatchingItsChecksum() throws Exception {
        Path file = dir.resolve("a.ktsnap");
        SnapshotStore.write(sample(), file);
        Map<String, byte[]> entries = readZip(file);
        entries.put("etcd/status.json", "{}".getBytes(StandardCharsets.UTF_8));
        writeZip(file, entries, false);

        assertFormatProblem(file, "entry etcd/status.json does not match its checksum");
        assertThrows(SnapshotFormatException.class, () -> SnapshotStore.rename(file, "other"));
    }

    @Test
    void corruptNdjsonLineNamesTheEntryAndLine() throws Exception {
        Path file = dir.resolve("a.ktsnap");
        SnapshotStore.write(sample(), file);
        Map<String, byte[]> entries = readZip(file);
        String events = new String(entries.get("events.ndjson"), StandardCharsets.UTF_8);
        String[] lines = events.split("\n");
        lines[1] = lines[1].substring(0, lines[1].length() - 5);
        entries.put("events.ndjson", (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        writeZip(file, entries, true); // checksums recomputed: only the JSON is wrong

        assertFormatProblem(file, "events.ndjson line 2: malformed JSON");
    }

    @Test
    void objectWithoutNameNamesTheLine() throws Exception {
        Path file = dir.resolve("a.ktsnap");
        SnapshotStore.write(sample(), file);
        Map<String, byte[]> entries = readZip(file);
        entries.put("objects.ndjson", ("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"a\"}}\n"
                + "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{}}\n").getBytes(StandardCharsets.UTF_8));
        writeZip(file, entries, true);

        assertFormatProblem(file, "objects.ndjson line 2: the object has no metadata.name");
    }

    // ---------------------------------------------------------------- zip helpers

    private static Map<String, byte[]> readZip(Path file) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (ZipEntry e : zip.stream().toList()) {
                try (InputStream in = zip.getInputStream(e)) {
                    entries.put(e.getName(), in.readAllBytes());
                }
            }
        }
        return entries;
    }

    /** Writes the entries as a zip; with {@code recomputeChecksums}, checksums.json is made to match them. */
    private static void writeZip(Path file, Map<String, byte[]> entries, boolean recomputeChecksums)
            throws Exception {
        Map<String, byte[]> all = new LinkedHashMap<>(entries);
        if (recomputeChecksums) {
            StringBuilder json = new StringBuilder("{\"algorithm\":\"SHA-256\",\"entries\":{");
            String sep = "";
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                if (!e.getKey().equals("checksums.json")) {
                    json.append(sep).append('"').append(e.getKey()).append("\":\"").append(HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(e.getValue()))).append('"');
                    sep = ",";
                }
            }
            all.put("checksums.json", json.append("}}").toString().getBytes(StandardCharsets.UTF_8));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : all.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            bytes.writeTo(out);
        }
    }
}
