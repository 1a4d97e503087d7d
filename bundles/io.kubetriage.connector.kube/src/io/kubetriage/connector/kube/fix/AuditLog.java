package io.kubetriage.connector.kube.fix;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import io.kubetriage.core.diagnosis.Finding;
import io.kubetriage.core.diagnosis.FixPlan;
import io.kubetriage.core.diagnosis.FixStep;
import io.kubetriage.core.kubeconfig.KubeContext;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The record of what was done with quick fixes: an append-only file of JSON lines, one per event
 * ({@value #PREVIEW}, {@value #DRY_RUN}, {@value #APPLY}, {@value #UNDO}, {@value #REFUSED}).
 * Each line is appended and forced to the disk before the call returns, under a file lock so that
 * two processes never interleave lines. Lines hold no object bodies, and never a Secret's values:
 * messages from the server about a Secret step are scrubbed of the values the plan carries.
 *
 * <p>Undo records are saved next to the file, as {@code undo/<id>.json}.
 *
 * <p>Instances may be shared between threads.
 */
public final class AuditLog {

    public static final String PREVIEW = "preview";
    public static final String DRY_RUN = "dry-run";
    public static final String APPLY = "apply";
    public static final String UNDO = "undo";
    public static final String REFUSED = "refused";

    public static final String OK = "ok";
    public static final String FAILED = "failed";

    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-fA-F-]{36}");

    private final Path file;

    /** @param file the JSON lines file; it and its folder are created on the first event */
    public AuditLog(Path file) {
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath().normalize();
    }

    public Path file() {
        return file;
    }

    /** The folder of the undo records: {@code undo} next to the audit file. */
    public Path undoDirectory() {
        return file.resolveSibling("undo");
    }

    /**
     * One event.
     *
     * @param time         when, UTC
     * @param event        {@link #PREVIEW}, {@link #DRY_RUN}, {@link #APPLY}, {@link #UNDO} or {@link #REFUSED}
     * @param context      the kubeconfig context
     * @param server       the API server URL
     * @param osUser       the operating-system user running Kubetriage
     * @param kubeUser     the kubeconfig user of the context
     * @param findingCode  e.g. {@code KT-ROLLBACK-003}
     * @param findingId    e.g. {@code KT-ROLLBACK-003:default/web}
     * @param fixId        e.g. {@code rollback.rollout-undo}
     * @param steps        each step as operation and object, e.g. {@code PATCH Deployment.apps default/web}
     * @param result       {@link #OK} or {@link #FAILED}
     * @param reason       why it failed, or what was done; may be empty
     * @param undoRecordId the undo record saved for it, or null
     */
    public record Entry(Instant time, String event, String context, String server, String osUser, String kubeUser,
            String findingCode, String findingId, String fixId, List<String> steps, String result, String reason,
            String undoRecordId) {

        public Entry {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(event, "event");
            steps = steps == null ? List.of() : List.copyOf(steps);
            reason = reason == null ? "" : reason;
        }

        public boolean ok() {
            return OK.equals(result);
        }
    }

    /**
     * An entry for a plan on a context, its time now, its steps and finding taken from the plan.
     *
     * @param finding the finding, for its code; may be null (the code is then read from the
     *                plan's finding id, {@code CODE:subject})
     */
    public static Entry entry(String event, KubeContext ctx, String server, Finding finding, FixPlan plan,
            boolean ok, String reason, String undoRecordId) {
        String findingId = finding != null ? finding.id() : plan.findingId();
        String code = finding != null ? finding.code() : codeOf(plan.findingId());
        return new Entry(Instant.now().truncatedTo(ChronoUnit.MILLIS), event, ctx == null ? null : ctx.name(),
                server != null ? server : ctx == null ? null : ctx.serverUrl(), osUser(),
                ctx == null ? null : ctx.userName(), code, findingId, plan.fixId(), steps(plan), ok ? OK : FAILED,
                FixJson.scrub(reason, FixJson.secretValues(plan)), undoRecordId);
    }

    /** The steps of a plan as the audit names them. */
    public static List<String> steps(FixPlan plan) {
        List<String> steps = new ArrayList<>();
        for (FixStep s : plan.steps()) {
            if (s instanceof FixStep.ApiStep api) {
                steps.add(api.operation() + " " + api.target());
            } else if (s instanceof FixStep.RunbookStep book) {
                steps.add("BY-HAND " + book.node() + ": " + book.summary());
            }
        }
        return steps;
    }

    static String codeOf(String findingId) {
        int colon = findingId.indexOf(':');
        return colon < 0 ? findingId : findingId.substring(0, colon);
    }

    static String osUser() {
        String user = System.getProperty("user.name");
        return user == null || user.isBlank() ? "unknown" : user;
    }

    /**
     * Appends one line and forces it to the disk.
     *
     * @throws IOException when the line cannot be written; callers must not go on with a change
     *                     that would go unrecorded
     */
    public void record(Entry entry) throws IOException {
        ObjectNode line = FixJson.JSON.createObjectNode();
        line.put("time", entry.time().toString());
        line.put("event", entry.event());
        ObjectNode cluster = line.putObject("cluster");
        cluster.put("context", entry.context());
        cluster.put("server", entry.server());
        ObjectNode user = line.putObject("user");
        user.put("os", entry.osUser());
        user.put("kubeconfig", entry.kubeUser());
        ObjectNode finding = line.putObject("finding");
        finding.put("code", entry.findingCode());
        finding.put("id", entry.findingId());
        line.put("fixId", entry.fixId());
        ArrayNode steps = line.putArray("steps");
        entry.steps().forEach(steps::add);
        ObjectNode result = line.putObject("result");
        result.put("status", entry.result());
        result.put("reason", entry.reason());
        line.put("undoRecordId", entry.undoRecordId());
        byte[] bytes = (FixJson.compact(line) + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (this) {
            Path parent = file.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                FileLock lock = channel.lock();
                try {
                    ByteBuffer buffer = ByteBuffer.wrap(bytes);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                    channel.force(true);
                } finally {
                    lock.release();
                }
            }
        }
    }

    /** Every entry of the file, oldest first; none when there is no file. */
    public List<Entry> read() throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        List<Entry> entries = new ArrayList<>();
        for (String text : lines) {
            if (text.isBlank()) {
                continue;
            }
            try {
                entries.add(parse(text));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": " + e.getMessage(), e.getCause());
            }
        }
        return entries;
    }

    /**
     * One line of the file as an entry; readers that show the file line by line use it to tell a
     * damaged line from the others.
     *
     * @throws IllegalArgumentException when the line is not an audit line
     */
    public static Entry parse(String text) {
        try {
            JsonNode n = FixJson.JSON.readTree(text);
            List<String> steps = new ArrayList<>();
            n.path("steps").forEach(s -> steps.add(s.asString()));
            return new Entry(Instant.parse(n.path("time").asString()), n.path("event").asString(),
                    FixJson.text(n, "cluster", "context"), FixJson.text(n, "cluster", "server"),
                    FixJson.text(n, "user", "os"), FixJson.text(n, "user", "kubeconfig"),
                    FixJson.text(n, "finding", "code"), FixJson.text(n, "finding", "id"),
                    FixJson.text(n, "fixId"), steps, FixJson.text(n, "result", "status"),
                    FixJson.text(n, "result", "reason"), FixJson.text(n, "undoRecordId"));
        } catch (JacksonException | java.time.DateTimeException e) {
            throw new IllegalArgumentException("not an audit line: " + text, e);
        }
    }

    /**
     * Saves an undo record as {@code undo/<id>.json}, readable by its owner only where the file
     * system has POSIX permissions, written to a temporary file and moved into place.
     *
     * @return the file
     */
    public Path saveUndo(UndoRecord record) throws IOException {
        Path dir = undoDirectory();
        Files.createDirectories(dir);
        Path target = undoFile(record.id());
        if (Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString());
        }
        Path tmp = Files.createTempFile(dir, record.id(), ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // e.g. Windows: the folder's permissions apply
            }
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(record.toJson().getBytes(StandardCharsets.UTF_8));
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        return target;
    }

    /**
     * Loads the undo record saved with this id.
     *
     * @throws NoSuchFileException when there is none
     * @throws IOException         when it cannot be read or is not an undo record
     */
    public UndoRecord loadUndo(String id) throws IOException {
        Path f = undoFile(id);
        try {
            return UndoRecord.fromJson(Files.readString(f, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IOException(f + ": " + e.getMessage(), e);
        }
    }

    private Path undoFile(String id) {
        if (id == null || !UUID_TEXT.matcher(id).matches()) {
            throw new IllegalArgumentException("not an undo record id: " + id);
        }
        return undoDirectory().resolve(id + ".json");
    }
}
