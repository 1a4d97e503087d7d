package io.kubetriage.core.snapshot.store;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.EOFException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kubetriage.core.snapshot.ApiObject;
import io.kubetriage.core.snapshot.Snapshot;
import io.kubetriage.core.snapshot.SnapshotManifest;
import io.kubetriage.core.snapshot.SourceState;
import io.kubetriage.core.snapshot.SourceStatus;

/**
 * Reads and writes snapshot files ({@code .ktsnap}): a zip with {@code manifest.json},
 * {@code objects.ndjson}, {@code events.ndjson}, the raw sections under their names and
 * {@code checksums.json}. The format is described in docs/snapshot-format.md.
 */
public final class SnapshotStore {

    /** The format this build writes, and the newest it reads. */
    public static final int FORMAT_VERSION = 1;
    /** The file name extension of snapshot files, with the dot. */
    public static final String EXTENSION = ".ktsnap";

    public static final String MANIFEST = "manifest.json";
    public static final String OBJECTS = "objects.ndjson";
    public static final String EVENTS = "events.ndjson";
    public static final String CHECKSUMS = "checksums.json";

    private static final Set<String> RESERVED = Set.of(MANIFEST, OBJECTS, EVENTS, CHECKSUMS);
    private static final String NOT_A_SNAPSHOT = "the file is truncated or not a Kubetriage snapshot";
    private static final int BUFFER = 1 << 16;

    private SnapshotStore() {
    }

    // ---------------------------------------------------------------- writing

    /**
     * Writes the snapshot to the file, atomically: into a temporary file in the same directory,
     * forced to disk, then moved over the file. On failure the temporary file is deleted and a file
     * already under that name is left as it was. The format written is always
     * {@link #FORMAT_VERSION}, whatever the manifest says.
     *
     * @throws IOException when writing fails, or when a section has a reserved or unsafe name, or an
     *                     object's JSON cannot be put on one line
     */
    public static void write(Snapshot snapshot, Path file) throws IOException {
        writeAtomically(file, out -> writeEntries(snapshot, out));
    }

    /**
     * Gives the snapshot in the file another name: the manifest is rewritten (atomically, as
     * {@link #write} does); the file keeps its name. Every entry is checked against its checksum on
     * the way.
     *
     * @return the file
     */
    public static Path rename(Path file, String newName) throws IOException, SnapshotFormatException {
        try (ZipFile zip = open(file)) {
            Map<String, String> checksums = readChecksums(file, zip);
            SnapshotManifest manifest = readManifest(file, zip, checksums).withName(newName);
            try {
                writeAtomically(file, out -> {
                    Map<String, String> sums = new LinkedHashMap<>();
                    sums.put(MANIFEST, writeEntry(out, MANIFEST, manifestJson(manifest)));
                    for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements();) {
                        ZipEntry entry = e.nextElement();
                        String name = entry.getName();
                        if (entry.isDirectory() || name.equals(MANIFEST) || name.equals(CHECKSUMS)) {
                            continue;
                        }
                        sums.put(name, copyEntry(file, zip, entry, checksums, out));
                    }
                    writeEntry(out, CHECKSUMS, checksumsJson(sums));
                });
            } catch (FormatFailure f) {
                throw f.exception;
            }
        }
        return file;
    }

    @FunctionalInterface
    private interface ZipWriter {
        void write(ZipOutputStream out) throws IOException;
    }

    private static void writeAtomically(Path file, ZipWriter content) throws IOException {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Path temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        boolean done = false;
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ZipOutputStream zip = new ZipOutputStream(new NonClosing(Channels.newOutputStream(channel)));
                zip.setLevel(Deflater.BEST_SPEED);
                content.write(zip);
                zip.finish();
                zip.flush();
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot replace " + target + " atomically: " + e.getMessage(), e);
            }
            done = true;
            forceDirectory(dir);
        } finally {
            if (!done) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** Forces the directory entry of the renamed file to disk, where the platform allows it. */
    private static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not possible on every platform (Windows); the rename itself is atomic.
        }
    }

    private static void writeEntries(Snapshot snapshot, ZipOutputStream out) throws IOException {
        Map<String, String> sums = new LinkedHashMap<>();
        sums.put(MANIFEST, writeEntry(out, MANIFEST, manifestJson(snapshot.manifest())));
        sums.put(OBJECTS, writeNdjson(out, OBJECTS, snapshot.objects()));
        sums.put(EVENTS, writeNdjson(out, EVENTS, snapshot.events()));
        for (String name : snapshot.sectionNames()) {
            checkSectionName(name);
            sums.put(name, writeEntry(out, name, snapshot.section(name).orElseThrow()));
        }
        writeEntry(out, CHECKSUMS, checksumsJson(sums));
    }

    private static void checkSectionName(String name) throws IOException {
        boolean unsafe = name.isEmpty() || name.startsWith("/") || name.endsWith("/") || name.contains("\\")
                || name.contains("//") || name.contains(":") || ("/" + name + "/").contains("/../")
                || ("/" + name + "/").contains("/./");
        if (unsafe || RESERVED.contains(name)) {
            throw new IOException("a snapshot section cannot be named '" + name + "'");
        }
    }

    private static String writeEntry(ZipOutputStream out, String name, byte[] bytes) throws IOException {
        out.putNextEntry(new ZipEntry(name));
        out.write(bytes);
        out.closeEntry();
        return hex(sha256().digest(bytes));
    }

    private static String writeNdjson(ZipOutputStream out, String name, Collection<ApiObject> objects)
            throws IOException {
        MessageDigest digest = sha256();
        out.putNextEntry(new ZipEntry(name));
        Writer writer = new BufferedWriter(
                new OutputStreamWriter(new DigestOutputStream(new NonClosing(out), digest), StandardCharsets.UTF_8),
                BUFFER);
        for (ApiObject o : objects) {
            writer.write(oneLine(o));
            writer.write('\n');
        }
        writer.flush();
        out.closeEntry();
        return hex(digest.digest());
    }

    /** The object's JSON as one line; compacted when it spans several. */
    private static String oneLine(ApiObject o) throws IOException {
        String json = o.json();
        if (json.indexOf('\n') < 0 && json.indexOf('\r') < 0) {
            return json;
        }
        try {
            return ObjectJson.write(ObjectJson.MAPPER.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IOException("the JSON of " + o.key() + " is malformed: " + e.getOriginalMessage(), e);
        }
    }

    static byte[] manifestJson(SnapshotManifest m) {
        ObjectNode root = ObjectJson.MAPPER.createObjectNode();
        root.put("formatVersion", FORMAT_VERSION);
        root.put("id", m.id());
        root.put("name", m.name());
        root.put("clusterName", m.clusterName());
        root.put("serverUrl", m.serverUrl());
        root.put("serverVersion", m.serverVersion());
        root.put("captureStart", m.captureStart().toString());
        root.put("captureEnd", m.captureEnd().toString());
        root.put("toolVersion", m.toolVersion());
        root.put("secretsRedacted", m.secretsRedacted());
        ArrayNode sources = root.putArray("sources");
        for (SourceStatus s : m.sources()) {
            ObjectNode source = sources.addObject();
            source.put("source", s.source());
            source.put("state", s.state().name());
            source.put("count", s.count());
            source.put("reason", s.reason());
        }
        return pretty(root);
    }

    private static byte[] checksumsJson(Map<String, String> sums) {
        ObjectNode root = ObjectJson.MAPPER.createObjectNode();
        root.put("algorithm", "SHA-256");
        ObjectNode entries = root.putObject("entries");
        sums.forEach(entries::put);
        return pretty(root);
    }

    private static byte[] pretty(JsonNode node) {
        try {
            return ObjectJson.MAPPER.writerWithDefaultPrettyPrinter().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                    .writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Copies one entry of the file being renamed, checking it against its checksum. */
    private static String copyEntry(Path file, ZipFile zip, ZipEntry entry, Map<String, String> checksums,
            ZipOutputStream out) throws IOException {
        MessageDigest digest = sha256();
        out.putNextEntry(new ZipEntry(entry.getName()));
        try (InputStream in = new DigestInputStream(zip.getInputStream(entry), digest)) {
            in.transferTo(out);
        } catch (ZipException | EOFException e) {
            throw new FormatFailure(corrupt(file, entry.getName(), e));
        }
        out.closeEntry();
        String sum = hex(digest.digest());
        try {
            verify(file, entry.getName(), sum, checksums);
        } catch (SnapshotFormatException e) {
            throw new FormatFailure(e);
        }
        return sum;
    }

    /** Carries a format problem out of an I/O callback. */
    private static final class FormatFailure extends IOException {
        private static final long serialVersionUID = 1L;
        final transient SnapshotFormatException exception;

        FormatFailure(SnapshotFormatException exception) {
            super(exception.getMessage(), exception);
            this.exception = exception;
        }
    }

    // ---------------------------------------------------------------- reading

    /**
     * Reads the whole snapshot, checking every entry against its checksum.
     *
     * @throws SnapshotFormatException when the file is not a snapshot this version can read, or is
     *                                 corrupt
     */
    public static Snapshot read(Path file) throws IOException, SnapshotFormatException {
        try (ZipFile zip = open(file)) {
            Map<String, String> checksums = readChecksums(file, zip);
            SnapshotManifest manifest = readManifest(file, zip, checksums);
            List<ApiObject> objects = readNdjson(file, zip, OBJECTS, checksums);
            List<ApiObject> events = readNdjson(file, zip, EVENTS, checksums);
            Map<String, byte[]> sections = new LinkedHashMap<>();
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements();) {
                ZipEntry entry = e.nextElement();
                if (!entry.isDirectory() && !RESERVED.contains(entry.getName())) {
                    sections.put(entry.getName(), readEntry(file, zip, entry, checksums));
                }
            }
            for (String name : checksums.keySet()) {
                if (!name.equals(MANIFEST) && zip.getEntry(name) == null) {
                    throw new SnapshotFormatException(file, "entry " + name + " is listed in " + CHECKSUMS
                            + " but missing: the file is incomplete");
                }
            }
            try {
                return new Snapshot(manifest, objects, events, sections);
            } catch (IllegalArgumentException e) {
                throw new SnapshotFormatException(file, OBJECTS + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Reads only the manifest: fast, for listing snapshots. The manifest entry is checked against its
     * checksum; the other entries are not read.
     */
    public static SnapshotManifest readManifest(Path file) throws IOException, SnapshotFormatException {
        try (ZipFile zip = open(file)) {
            return readManifest(file, zip, readChecksums(file, zip));
        }
    }

    private static ZipFile open(Path file) throws IOException, SnapshotFormatException {
        if (!Files.isRegularFile(file)) {
            // Let the caller see the plain I/O problem (no such file, a directory, no access).
            Files.newByteChannel(file).close();
            throw new IOException(file + ": not a regular file");
        }
        try {
            return new ZipFile(file.toFile(), StandardCharsets.UTF_8);
        } catch (ZipException e) {
            throw new SnapshotFormatException(file, NOT_A_SNAPSHOT, e);
        }
    }

    private static Map<String, String> readChecksums(Path file, ZipFile zip)
            throws IOException, SnapshotFormatException {
        requireManifestEntry(file, zip);
        ZipEntry entry = zip.getEntry(CHECKSUMS);
        if (entry == null) {
            throw new SnapshotFormatException(file, "no " + CHECKSUMS + ": " + NOT_A_SNAPSHOT);
        }
        JsonNode root = parseJson(file, CHECKSUMS, rawBytes(file, zip, entry));
        JsonNode entries = root.get("entries");
        if (!"SHA-256".equals(root.path("algorithm").asText()) || !(entries instanceof ObjectNode)) {
            throw new SnapshotFormatException(file, CHECKSUMS + " is malformed");
        }
        Map<String, String> sums = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : entries.properties()) {
            sums.put(e.getKey(), e.getValue().asText());
        }
        return sums;
    }

    private static void requireManifestEntry(Path file, ZipFile zip) throws SnapshotFormatException {
        if (zip.getEntry(MANIFEST) == null) {
            throw new SnapshotFormatException(file, "no " + MANIFEST + ": " + NOT_A_SNAPSHOT);
        }
    }

    private static SnapshotManifest readManifest(Path file, ZipFile zip, Map<String, String> checksums)
            throws IOException, SnapshotFormatException {
        requireManifestEntry(file, zip);
        JsonNode root = parseJson(file, MANIFEST, rawBytes(file, zip, zip.getEntry(MANIFEST)));
        // The version first: a newer format may have changed the rest, checksums included.
        JsonNode version = root.get("formatVersion");
        if (version == null || !version.canConvertToInt()) {
            throw new SnapshotFormatException(file, MANIFEST + " has no formatVersion");
        }
        int format = version.asInt();
        if (format > FORMAT_VERSION) {
            throw new SnapshotFormatException(file, "written by a newer Kubetriage (format " + format
                    + "); this version reads up to format " + FORMAT_VERSION);
        }
        if (format < 1) {
            throw new SnapshotFormatException(file, "unknown format " + format);
        }
        verify(file, MANIFEST, hex(sha256().digest(rawBytes(file, zip, zip.getEntry(MANIFEST)))), checksums);
        try {
            List<SourceStatus> sources = new ArrayList<>();
            for (JsonNode s : root.path("sources")) {
                sources.add(new SourceStatus(required(s, "source"), SourceState.valueOf(required(s, "state")),
                        s.path("count").asLong(), optional(s, "reason")));
            }
            return new SnapshotManifest(format, required(root, "id"), required(root, "name"),
                    optional(root, "clusterName"), optional(root, "serverUrl"), optional(root, "serverVersion"),
                    Instant.parse(required(root, "captureStart")), Instant.parse(required(root, "captureEnd")),
                    optional(root, "toolVersion"), root.path("secretsRedacted").asBoolean(), sources);
        } catch (IllegalArgumentException | DateTimeParseException | NullPointerException e) {
            throw new SnapshotFormatException(file, MANIFEST + " is malformed: " + e.getMessage(), e);
        }
    }

    private static String required(JsonNode node, String field) {
        String value = optional(node, field);
        if (value == null) {
            throw new IllegalArgumentException("no " + field);
        }
        return value;
    }

    private static String optional(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static JsonNode parseJson(Path file, String entry, byte[] bytes) throws SnapshotFormatException {
        try {
            JsonNode node = ObjectJson.MAPPER.readTree(bytes);
            if (node instanceof ObjectNode) {
                return node;
            }
        } catch (IOException e) {
            throw new SnapshotFormatException(file, entry + " is not valid JSON: " + e.getMessage(), e);
        }
        throw new SnapshotFormatException(file, entry + " is not a JSON object");
    }

    private static byte[] rawBytes(Path file, ZipFile zip, ZipEntry entry) throws IOException, SnapshotFormatException {
        try (InputStream in = zip.getInputStream(entry)) {
            return in.readAllBytes();
        } catch (ZipException | EOFException e) {
            throw corrupt(file, entry.getName(), e);
        }
    }

    private static byte[] readEntry(Path file, ZipFile zip, ZipEntry entry, Map<String, String> checksums)
            throws IOException, SnapshotFormatException {
        byte[] bytes = rawBytes(file, zip, entry);
        verify(file, entry.getName(), hex(sha256().digest(bytes)), checksums);
        return bytes;
    }

    private static List<ApiObject> readNdjson(Path file, ZipFile zip, String name, Map<String, String> checksums)
            throws IOException, SnapshotFormatException {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw new SnapshotFormatException(file, "no " + name + ": " + NOT_A_SNAPSHOT);
        }
        MessageDigest digest = sha256();
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                new DigestInputStream(zip.getInputStream(entry), digest), StandardCharsets.UTF_8), BUFFER)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
        } catch (ZipException | EOFException e) {
            throw corrupt(file, name, e);
        }
        verify(file, name, hex(digest.digest()), checksums);
        ApiObject[] objects = new ApiObject[lines.size()];
        String[] problems = new String[lines.size()];
        IntStream.range(0, lines.size()).parallel().forEach(i -> {
            String line = lines.get(i);
            try {
                objects[i] = ObjectJson.describe(line);
            } catch (JsonParseException e) {
                problems[i] = "malformed JSON: " + e.getOriginalMessage();
            } catch (IOException | IllegalArgumentException e) {
                problems[i] = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            }
        });
        for (int i = 0; i < problems.length; i++) {
            if (problems[i] != null) {
                throw new SnapshotFormatException(file, name + " line " + (i + 1) + ": " + problems[i]);
            }
        }
        return List.of(objects);
    }

    private static void verify(Path file, String name, String actual, Map<String, String> checksums)
            throws SnapshotFormatException {
        String expected = checksums.get(name);
        if (expected == null) {
            throw new SnapshotFormatException(file, "entry " + name + " has no checksum in " + CHECKSUMS);
        }
        if (!expected.equalsIgnoreCase(actual)) {
            throw new SnapshotFormatException(file,
                    "entry " + name + " does not match its checksum: the file is corrupt");
        }
    }

    private static SnapshotFormatException corrupt(Path file, String entry, IOException e) {
        return new SnapshotFormatException(file, "entry " + entry + " is corrupt (" + e.getMessage() + ")", e);
    }

    // ---------------------------------------------------------------- helpers

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** Keeps a wrapper's close() from closing the stream below (the zip entry, the file channel). */
    private static final class NonClosing extends FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
