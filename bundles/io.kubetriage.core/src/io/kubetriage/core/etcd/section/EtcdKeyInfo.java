package io.kubetriage.core.etcd.section;

import java.util.Arrays;
import java.util.Objects;

/**
 * One key of the etcd key space as read at the section's revision: its etcd metadata and, where
 * kept, its value.
 *
 * @param key            the key, decoded as UTF-8
 * @param createRevision revision of the key's last creation
 * @param modRevision    revision of its last change
 * @param version        number of changes since its creation (1 right after creation)
 * @param lease          id of the attached lease, or 0
 * @param valueSize      size of the value in bytes, also when the value is not kept; -1 when not
 *                       known (etcd does not tell the size when only keys are read)
 * @param value          the value; null when it was not kept (values are kept for the keys under
 *                       {@code /registry/}, where the API server stores its objects, unless the
 *                       reader was asked for keys only)
 */
public record EtcdKeyInfo(String key, long createRevision, long modRevision, long version, long lease, int valueSize,
        byte[] value) {

    public EtcdKeyInfo {
        Objects.requireNonNull(key, "key");
        if (valueSize < -1) {
            throw new IllegalArgumentException("negative value size " + valueSize + " of " + key);
        }
        if (value != null && value.length != valueSize) {
            // also rejects -1 (unknown) together with a value
            throw new IllegalArgumentException("the value of " + key + " has " + value.length
                    + " bytes, its size says " + valueSize);
        }
    }

    /** The same key without its value (the size is kept). */
    public EtcdKeyInfo withoutValue() {
        return value == null ? this : new EtcdKeyInfo(key, createRevision, modRevision, version, lease, valueSize, null);
    }

    /** Whether the value is kept. */
    public boolean hasValue() {
        return value != null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EtcdKeyInfo k && key.equals(k.key) && createRevision == k.createRevision
                && modRevision == k.modRevision && version == k.version && lease == k.lease
                && valueSize == k.valueSize && Arrays.equals(value, k.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, createRevision, modRevision, version, lease, valueSize) * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "EtcdKeyInfo[" + key + ", create=" + createRevision + ", mod=" + modRevision + ", version=" + version
                + ", lease=" + lease + ", " + valueSize + " bytes" + (value == null ? " (not kept)" : "") + "]";
    }
}
