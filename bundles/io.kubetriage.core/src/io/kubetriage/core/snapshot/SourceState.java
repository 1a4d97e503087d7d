package io.kubetriage.core.snapshot;

/** How completely one source of a snapshot was captured. */
public enum SourceState {
    /** Everything the source offers was captured. */
    COMPLETE,
    /** Some of it was captured; the reason says what is missing. */
    PARTIAL,
    /** Nothing was captured; the reason says why (403, 404, timeout, unreachable). */
    FAILED,
    /** The user cancelled before the source was done. */
    CANCELLED,
    /** The source was not asked for (e.g. no etcd endpoints configured). */
    SKIPPED
}
