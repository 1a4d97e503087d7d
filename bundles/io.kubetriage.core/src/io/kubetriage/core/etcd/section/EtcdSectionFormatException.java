package io.kubetriage.core.etcd.section;

import java.util.Objects;

/**
 * The etcd section of a snapshot cannot be read: an entry is missing, is not valid JSON, or a line
 * lacks a field. The message is {@code <entry>[ line N]: <problem>}.
 */
public final class EtcdSectionFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String entry;
    private final long line;

    /**
     * @param entry   the snapshot entry, e.g. {@code etcd/keys.ndjson}
     * @param line    the 1-based line of an NDJSON entry, or 0 when the problem is not on one line
     * @param problem what is wrong
     */
    public EtcdSectionFormatException(String entry, long line, String problem, Throwable cause) {
        super(Objects.requireNonNull(entry, "entry") + (line > 0 ? " line " + line : "") + ": " + problem, cause);
        this.entry = entry;
        this.line = line;
    }

    /** The snapshot entry that is malformed. */
    public String entry() {
        return entry;
    }

    /** The 1-based line in the entry, or 0. */
    public long line() {
        return line;
    }
}
