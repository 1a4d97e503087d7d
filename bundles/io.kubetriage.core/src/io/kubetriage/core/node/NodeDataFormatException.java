package io.kubetriage.core.node;

import java.util.Objects;

/**
 * Node data (an {@code iptables-save} dump, {@code ipvsadm} output, a CNI file, {@code ip addr}
 * output) that does not have the expected format. The message reads {@code line N: reason}, or
 * just the reason when the problem is not tied to one line (e.g. a file that ends too early), so a
 * caller can prefix it with the file name and show it as is.
 */
public final class NodeDataFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int line;
    private final String reason;

    /**
     * @param line   1-based line number, or 0 when the problem is not tied to a line
     * @param reason plain-language reason: what was found and what was expected
     */
    public NodeDataFormatException(int line, String reason) {
        this(line, reason, null);
    }

    public NodeDataFormatException(int line, String reason, Throwable cause) {
        super(line > 0 ? "line " + line + ": " + reason : reason, cause);
        this.line = Math.max(0, line);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** 1-based line number, or 0 when unknown. */
    public int line() {
        return line;
    }

    /** The reason without the line number. */
    public String reason() {
        return reason;
    }

    /** {@code FILE:LINE: reason}, or {@code FILE: reason} when no line is known. */
    public String describe(String fileName) {
        return line > 0 ? fileName + ":" + line + ": " + reason : fileName + ": " + reason;
    }
}
