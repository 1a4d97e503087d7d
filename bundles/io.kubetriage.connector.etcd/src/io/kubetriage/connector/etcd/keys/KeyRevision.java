package io.kubetriage.connector.etcd.keys;

import java.util.Arrays;
import java.util.Objects;

/**
 * One entry of a key's history in etcd: a version of the key, a deletion (a gap where the key was
 * absent between two incarnations, or its deletion after the last one), or the marker that the
 * history stops at a compaction.
 *
 * @param kind           what the entry is
 * @param modRevision    the revision of the change: of the put, of the deletion; for
 *                       {@link Kind#COMPACTED} the compact revision
 * @param createRevision the revision the key's incarnation was created at; 0 unless {@link Kind#PUT}
 * @param version        the key's version (1 at creation); 0 unless {@link Kind#PUT}
 * @param lease          the id of the attached lease, or 0
 * @param value          the value as stored; empty unless {@link Kind#PUT}
 */
public record KeyRevision(Kind kind, long modRevision, long createRevision, long version, long lease, byte[] value) {

    /** What a history entry is. */
    public enum Kind {
        /** The key had this value from {@code modRevision} on. */
        PUT,
        /** The key was deleted at {@code modRevision}. */
        DELETED,
        /** Older history is gone: etcd was compacted at {@code modRevision}. Always the last entry. */
        COMPACTED
    }

    public KeyRevision {
        Objects.requireNonNull(kind, "kind");
        value = value == null ? new byte[0] : value;
    }

    /** A version of the key. */
    public static KeyRevision put(long modRevision, long createRevision, long version, long lease, byte[] value) {
        return new KeyRevision(Kind.PUT, modRevision, createRevision, version, lease, value);
    }

    /** The key's deletion at {@code revision}. */
    public static KeyRevision deleted(long revision) {
        return new KeyRevision(Kind.DELETED, revision, 0, 0, 0, null);
    }

    /** The end of the history: etcd was compacted at {@code compactRevision}. */
    public static KeyRevision compacted(long compactRevision) {
        return new KeyRevision(Kind.COMPACTED, compactRevision, 0, 0, 0, null);
    }

    /** Whether this is a deletion. */
    public boolean deleted() {
        return kind == Kind.DELETED;
    }

    /** Whether this is the compaction marker. */
    public boolean compactedMarker() {
        return kind == Kind.COMPACTED;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KeyRevision r && kind == r.kind && modRevision == r.modRevision
                && createRevision == r.createRevision && version == r.version && lease == r.lease
                && Arrays.equals(value, r.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, modRevision, createRevision, version, lease) * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case PUT -> "PUT@" + modRevision + "[create=" + createRevision + ", version=" + version + ", "
                    + value.length + " bytes]";
            case DELETED -> "DELETED@" + modRevision;
            case COMPACTED -> "compacted at " + modRevision;
        };
    }
}
