package io.kubetriage.core.snapshot.store;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A file that cannot be read as a Kubetriage snapshot: not a zip, truncated, without manifest,
 * written in a newer format, or with a corrupt entry. The message is {@code <file>: <problem>}.
 */
public final class SnapshotFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String problem;

    public SnapshotFormatException(Path file, String problem) {
        this(file, problem, null);
    }

    public SnapshotFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = Objects.requireNonNull(file, "file");
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    /** The snapshot file. */
    public Path file() {
        return file;
    }

    /** What is wrong with it, without the file name. */
    public String problem() {
        return problem;
    }
}
