package io.kubetriage.core.etcd.backup;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One revision entry of an etcd backup: an {@code mvccpb.KeyValue} as etcd stored it at revision
 * {@code mainRevision}/{@code subRevision}.
 *
 * <p>A deletion ({@code deleted}) is stored by etcd as a tombstone whose KeyValue carries only the
 * key: its revisions, version and lease are 0 and its value is empty.
 *
 * @param key            the etcd key
 * @param createRevision revision of the key's last creation
 * @param modRevision    revision of this change (equals {@code mainRevision} for a put)
 * @param version        number of changes since the key's creation
 * @param lease          id of the attached lease, or 0
 * @param value          the value, empty for a tombstone
 * @param deleted        whether this entry is a tombstone
 * @param mainRevision   main revision of the entry (the transaction's revision)
 * @param subRevision    index of the change within that transaction
 */
public record KeyRecord(byte[] key, long createRevision, long modRevision, long version, long lease, byte[] value,
        boolean deleted, long mainRevision, long subRevision) {

    public KeyRecord {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    /** The key decoded as UTF-8. */
    public String keyString() {
        return new String(key, StandardCharsets.UTF_8);
    }

    /** The value decoded as UTF-8 (Kubernetes stores most objects as protobuf, so often not text). */
    public String valueString() {
        return new String(value, StandardCharsets.UTF_8);
    }

    public ByteKey byteKey() {
        return ByteKey.of(key);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KeyRecord record && Arrays.equals(key, record.key)
                && createRevision == record.createRevision && modRevision == record.modRevision
                && version == record.version && lease == record.lease && Arrays.equals(value, record.value)
                && deleted == record.deleted && mainRevision == record.mainRevision
                && subRevision == record.subRevision;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(key), createRevision, modRevision, version, lease, Arrays.hashCode(value),
                deleted, mainRevision, subRevision);
    }

    @Override
    public String toString() {
        return "KeyRecord[" + keyString() + " @" + mainRevision + "_" + subRevision + (deleted ? " deleted" : "")
                + ", create=" + createRevision + ", mod=" + modRevision + ", version=" + version + ", lease=" + lease
                + ", " + value.length + " value bytes]";
    }
}
