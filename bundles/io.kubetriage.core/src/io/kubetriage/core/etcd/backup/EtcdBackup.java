package io.kubetriage.core.etcd.backup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * An etcd v3 backup (the file {@code etcdctl snapshot save} writes, or a member's {@code
 * member/snap/db}), read offline without etcd.
 *
 * <p>etcd keeps its multi-version store in bucket {@code key} of a bbolt database: each key of the
 * bucket is a revision, 8 bytes big-endian main revision, {@code '_'}, 8 bytes big-endian sub
 * revision, and a trailing {@code 't'} for a tombstone; each value is an {@code mvccpb.KeyValue}.
 * Bucket {@code meta} holds {@code consistent_index} (big-endian u64) and, once a compaction has
 * run, {@code scheduledCompactRev} and {@code finishedCompactRev} in the same 17-byte revision form.
 *
 * <p>Entries are ordered by revision, not by key, so every per-key question is answered by one
 * sequential scan of bucket {@code key}; nothing but the answer is kept in memory. Safe for use from
 * several threads.
 */
public final class EtcdBackup implements AutoCloseable {

    static final String KEY_BUCKET = "key";
    static final String META_BUCKET = "meta";
    private static final int REVISION_KEY_SIZE = 17;

    private final BoltFile bolt;
    private final BoltBucket keys;
    private final long consistentIndex;
    private final long finishedCompactRevision;
    private final long scheduledCompactRevision;
    private final long newestStoredRevision;
    private volatile long keyCount = -1;

    private EtcdBackup(BoltFile bolt) throws BackupFormatException {
        this.bolt = bolt;
        this.keys = bolt.bucket(KEY_BUCKET)
                .orElseThrow(() -> bolt.problem("bucket '" + KEY_BUCKET + "' missing: not an etcd v3 backup"));
        Optional<BoltBucket> meta = bolt.bucket(META_BUCKET);
        this.consistentIndex = meta.isPresent() ? readUint64(meta.get(), "consistent_index") : 0;
        this.finishedCompactRevision = meta.isPresent() ? readRevision(meta.get(), "finishedCompactRev") : 0;
        this.scheduledCompactRevision = meta.isPresent() ? readRevision(meta.get(), "scheduledCompactRev") : 0;
        BoltCursor cursor = keys.cursor();
        this.newestStoredRevision = cursor.last() ? revisionMain(cursor.key()) : 0;
    }

    /**
     * Opens an etcd backup and reads its meta data; the revision entries are read on demand.
     *
     * @throws BackupFormatException if the file is no etcd backup or is damaged
     */
    public static EtcdBackup open(Path file) throws IOException, BackupFormatException {
        BoltFile bolt = BoltFile.open(file);
        try {
            return new EtcdBackup(bolt);
        } catch (BackupFormatException | RuntimeException e) {
            try {
                bolt.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    public Path path() {
        return bolt.path();
    }

    /** The underlying bbolt database, to look at buckets other than etcd's key space. */
    public BoltFile bolt() {
        return bolt;
    }

    /**
     * The store revision an etcd restored from this backup serves: the highest main revision in
     * bucket {@code key}, or the compaction revision if that is higher (a compaction at the newest
     * revision may have removed the entries written at it, as etcd itself accounts for at start).
     */
    public long revision() {
        return Math.max(newestStoredRevision, finishedCompactRevision);
    }

    /** The highest main revision among the stored entries, 0 if there are none. */
    public long newestStoredRevision() {
        return newestStoredRevision;
    }

    /** The revision of the last finished compaction, 0 if none ran. */
    public long compactRevision() {
        return finishedCompactRevision;
    }

    /**
     * The revision of the last scheduled compaction, 0 if none; above {@link #compactRevision()} if
     * the backup was taken while a compaction was running (etcd finishes it after a restore).
     */
    public long scheduledCompactRevision() {
        return scheduledCompactRevision;
    }

    /** The raft index of the last entry applied to this backend ({@code meta/consistent_index}). */
    public long consistentIndex() {
        return consistentIndex;
    }

    /** Whether the file ends with the SHA-256 that {@code etcdctl snapshot save} appends. */
    public boolean hasIntegrityHash() {
        return bolt.hasIntegrityHash();
    }

    /** Whether the appended SHA-256 matches the database; false if there is none. Reads the whole file. */
    public boolean integrityHashMatches() throws IOException {
        return bolt.integrityHashMatches();
    }

    /** Number of keys that exist at the newest revision (tombstoned keys do not count). Scans the file once. */
    public long keyCount() throws BackupFormatException {
        long count = keyCount;
        if (count < 0) {
            Map<ByteKey, Boolean> live = new HashMap<>();
            walk((main, sub, tombstone, kv) -> {
                ByteKey key = ByteKey.wrap(kv.key());
                if (tombstone) {
                    live.remove(key);
                } else {
                    live.put(key, Boolean.TRUE);
                }
                return true;
            });
            count = live.size();
            keyCount = count;
        }
        return count;
    }

    /** Visits every revision entry, oldest first, tombstones included, until the visitor returns false. */
    public void scan(RevisionVisitor visitor) throws BackupFormatException {
        walk((main, sub, tombstone, kv) -> visitor.visit(record(main, sub, tombstone, kv)));
    }

    /** Like {@link #latest(byte[])} with a UTF-8 prefix. */
    public SortedMap<ByteKey, KeyRecord> latest(String prefix) throws BackupFormatException {
        return latest(prefix.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The newest state of every existing key that starts with {@code prefix} (empty: all keys), in
     * key order; deleted keys are left out. The values are held in memory.
     */
    public SortedMap<ByteKey, KeyRecord> latest(byte[] prefix) throws BackupFormatException {
        byte[] wanted = prefix.clone();
        Map<ByteKey, KeyRecord> state = new HashMap<>();
        walk((main, sub, tombstone, kv) -> {
            if (kv.keyStartsWith(wanted)) {
                if (tombstone) {
                    state.remove(ByteKey.wrap(kv.key()));
                } else {
                    KeyRecord record = record(main, sub, false, kv);
                    state.put(ByteKey.wrap(record.key()), record);
                }
            }
            return true;
        });
        return Collections.unmodifiableSortedMap(new TreeMap<>(state));
    }

    /**
     * Every entry of {@code key} the backup still holds, oldest first, tombstones included. After a
     * compaction that is the key's newest entry at or below the compaction revision, if it was not a
     * deletion, and every entry after it.
     */
    public List<KeyRecord> history(byte[] key) throws BackupFormatException {
        byte[] wanted = key.clone();
        List<KeyRecord> entries = new ArrayList<>();
        walk((main, sub, tombstone, kv) -> {
            if (kv.keyEquals(wanted)) {
                entries.add(record(main, sub, tombstone, kv));
            }
            return true;
        });
        return List.copyOf(entries);
    }

    /**
     * The state of {@code key} at {@code atRevision}, as etcd answers {@code get KEY --rev N}; empty if
     * the key did not exist then.
     *
     * @param atRevision a revision, or 0 for the newest
     * @throws CompactedRevisionException if {@code atRevision} is below the compaction revision
     * @throws IllegalArgumentException   if {@code atRevision} is negative or above {@link #revision()}
     */
    public Optional<KeyRecord> get(byte[] key, long atRevision)
            throws BackupFormatException, CompactedRevisionException {
        if (atRevision < 0 || atRevision > revision()) {
            throw new IllegalArgumentException("revision " + atRevision + " is outside the backup's revisions 0 to "
                    + revision());
        }
        if (atRevision > 0 && atRevision < finishedCompactRevision) {
            throw new CompactedRevisionException(atRevision, finishedCompactRevision);
        }
        long limit = atRevision == 0 ? Long.MAX_VALUE : atRevision;
        byte[] wanted = key.clone();
        KeyRecord[] found = new KeyRecord[1];
        walk((main, sub, tombstone, kv) -> {
            if (main > limit) {
                return false;
            }
            if (kv.keyEquals(wanted)) {
                found[0] = record(main, sub, tombstone, kv);
            }
            return true;
        });
        return found[0] == null || found[0].deleted() ? Optional.empty() : Optional.of(found[0]);
    }

    /**
     * Number of entries in all top-level buckets, what {@code etcdctl snapshot status} (etcd 3.4/3.5)
     * reports as {@code totalKey}: revisions of bucket {@code key} plus the entries of {@code meta},
     * {@code members}, {@code lease}, {@code auth} and the other buckets.
     */
    public long totalEntryCount() throws BackupFormatException {
        long[] total = new long[1];
        forEachBucketEntry((bucketName, cursor) -> total[0]++, name -> {
        });
        return total[0];
    }

    /**
     * The hash {@code etcdctl snapshot status} prints: CRC-32C over each top-level bucket's name
     * followed by its keys and values, in order.
     */
    public int statusHash() throws BackupFormatException {
        CRC32C crc = new CRC32C();
        forEachBucketEntry((bucketName, cursor) -> {
            crc.update(cursor.key());
            if (!cursor.isBucket()) {
                crc.update(cursor.value());
            }
        }, crc::update);
        return (int) crc.getValue();
    }

    private interface EntryCallback {
        void entry(String bucket, BoltCursor cursor);
    }

    private interface NameCallback {
        void bucket(byte[] name);
    }

    private void forEachBucketEntry(EntryCallback entries, NameCallback names) throws BackupFormatException {
        BoltCursor buckets = bolt.root().cursor();
        for (boolean more = buckets.first(); more; more = buckets.next()) {
            if (!buckets.isBucket()) {
                throw bolt.problem("the top level holds a value " + BoltFile.printable(buckets.key())
                        + " where only buckets belong");
            }
            BoltBucket bucket = buckets.bucket();
            names.bucket(buckets.keyBytes());
            BoltCursor cursor = bucket.cursor();
            for (boolean entry = cursor.first(); entry; entry = cursor.next()) {
                entries.entry(bucket.name(), cursor);
            }
        }
    }

    private interface EntrySink {
        boolean accept(long main, long sub, boolean tombstone, KeyValueDecoder kv);
    }

    /** Decodes every entry of bucket {@code key} in order and checks the revisions ascend. */
    private void walk(EntrySink sink) throws BackupFormatException {
        BoltCursor cursor = keys.cursor();
        KeyValueDecoder kv = new KeyValueDecoder();
        long previousMain = -1;
        long previousSub = -1;
        for (boolean more = cursor.first(); more; more = cursor.next()) {
            ByteBuffer key = cursor.key();
            int length = key.remaining();
            if ((length != REVISION_KEY_SIZE && length != REVISION_KEY_SIZE + 1) || key.get(8) != '_'
                    || (length > REVISION_KEY_SIZE && key.get(REVISION_KEY_SIZE) != 't')) {
                throw bolt.problem("bad revision key at " + BoltFile.printable(key) + " in bucket 'key' (after revision "
                        + previousMain + "_" + previousSub + ")");
            }
            long main = key.getLong(0);
            long sub = key.getLong(9);
            if (main < 0 || sub < 0 || main < previousMain || (main == previousMain && sub <= previousSub)) {
                throw bolt.problem("bad revision key at " + BoltFile.printable(key) + ": revision " + main + "_" + sub
                        + " out of order after " + previousMain + "_" + previousSub);
            }
            previousMain = main;
            previousSub = sub;
            try {
                kv.decode(cursor.value());
            } catch (KeyValueDecoder.MalformedException e) {
                throw bolt.problem("malformed KeyValue at revision " + main + "_" + sub + ": " + e.getMessage());
            }
            if (!sink.accept(main, sub, length > REVISION_KEY_SIZE, kv)) {
                return;
            }
        }
    }

    private static KeyRecord record(long main, long sub, boolean tombstone, KeyValueDecoder kv) {
        return new KeyRecord(kv.key(), kv.createRevision, kv.modRevision, kv.version, kv.lease, kv.value(), tombstone,
                main, sub);
    }

    private long revisionMain(ByteBuffer key) throws BackupFormatException {
        if (key.remaining() < REVISION_KEY_SIZE || key.get(8) != '_') {
            throw bolt.problem("bad revision key at " + BoltFile.printable(key) + " in bucket 'key'");
        }
        return key.getLong(0);
    }

    private long readUint64(BoltBucket meta, String name) throws BackupFormatException {
        Optional<ByteBuffer> value = meta.get(name.getBytes(StandardCharsets.US_ASCII));
        if (value.isEmpty()) {
            return 0;
        }
        if (value.get().remaining() != 8) {
            throw bolt.problem("meta/" + name + " has " + value.get().remaining() + " bytes, expected 8");
        }
        return value.get().getLong(0);
    }

    private long readRevision(BoltBucket meta, String name) throws BackupFormatException {
        Optional<ByteBuffer> value = meta.get(name.getBytes(StandardCharsets.US_ASCII));
        if (value.isEmpty()) {
            return 0;
        }
        ByteBuffer revision = value.get();
        if (revision.remaining() != REVISION_KEY_SIZE || revision.get(8) != '_' || revision.getLong(0) < 0) {
            throw bolt.problem("bad revision key at meta/" + name + ": " + BoltFile.printable(revision));
        }
        return revision.getLong(0);
    }

    @Override
    public void close() throws IOException {
        bolt.close();
    }

    @Override
    public String toString() {
        return "etcd backup " + bolt.path() + " at revision " + revision();
    }
}
