package io.kubetriage.core.kubeconfig;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A kubeconfig file that cannot be used: missing, unreadable, not YAML, or not shaped like a
 * kubeconfig. The message reads {@code <file>:<line>: <reason>}, or {@code <file>: <reason>}
 * when no line is known, so it can be shown to the user as is.
 */
public final class KubeconfigException extends Exception {

    private static final long serialVersionUID = 1L;

    static final String FILE_NOT_FOUND = "file not found";

    private final transient Path file;
    private final int line;
    private final String reason;

    /**
     * @param file   the file the problem is in
     * @param line   1-based line number, or 0 when unknown
     * @param reason plain-language reason, without the file name
     * @param cause  the underlying exception, or null
     */
    public KubeconfigException(Path file, int line, String reason, Throwable cause) {
        super(format(file, line, reason), cause);
        if (line < 0) {
            throw new IllegalArgumentException("line must be 0 (unknown) or positive: " + line);
        }
        this.file = Objects.requireNonNull(file, "file");
        this.line = line;
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public KubeconfigException(Path file, int line, String reason) {
        this(file, line, reason, null);
    }

    static KubeconfigException fileNotFound(Path file) {
        return new KubeconfigException(file, 0, FILE_NOT_FOUND);
    }

    public Path file() {
        return file;
    }

    /** 1-based line number, or 0 when the problem is not tied to a line. */
    public int line() {
        return line;
    }

    public String reason() {
        return reason;
    }

    /**
     * Whether the file does not exist. kubectl silently skips such files, so callers may prefer to
     * show this as a hint rather than an error.
     */
    public boolean isFileNotFound() {
        return line == 0 && FILE_NOT_FOUND.equals(reason);
    }

    private static String format(Path file, int line, String reason) {
        return line > 0 ? file + ":" + line + ": " + reason : file + ": " + reason;
    }
}
