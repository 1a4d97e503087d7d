package io.kubetriage.core.etcd.backup;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A bucket of a {@link BoltFile}: a B+tree of key/value pairs in unsigned byte order, whose values
 * may themselves be buckets. Small buckets are stored inline, as a leaf page inside their parent's
 * value.
 */
public final class BoltBucket {

    /** Size of a bucket value's header: {@code root pgid u64, sequence u64}. */
    static final int BUCKET_HEADER_SIZE = 16;

    private final BoltFile file;
    private final String name;
    private final long rootPage;
    private final ByteBuffer inlinePage;
    private final long sequence;

    BoltBucket(BoltFile file, String name, long rootPage, ByteBuffer inlinePage, long sequence) {
        this.file = file;
        this.name = name;
        this.rootPage = rootPage;
        this.inlinePage = inlinePage;
        this.sequence = sequence;
    }

    /** Parses the value of a bucket entry, found under {@code name} in {@code parent}. */
    static BoltBucket fromValue(BoltFile file, String name, ByteBuffer value) throws BackupFormatException {
        if (value.remaining() < BUCKET_HEADER_SIZE) {
            throw file.problem("bucket '" + name + "' has a " + value.remaining() + "-byte header");
        }
        ByteBuffer header = value.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int start = header.position();
        long root = header.getLong(start);
        long sequence = header.getLong(start + 8);
        if (root != 0) {
            return new BoltBucket(file, name, root, null, sequence);
        }
        ByteBuffer page = header.slice(start + BUCKET_HEADER_SIZE, header.remaining() - BUCKET_HEADER_SIZE)
                .order(ByteOrder.LITTLE_ENDIAN);
        if (page.capacity() < BoltFile.PAGE_HEADER_SIZE) {
            throw file.problem("inline bucket '" + name + "' is only " + value.remaining() + " bytes long");
        }
        return new BoltBucket(file, name, 0, page, sequence);
    }

    /** The bucket's name as found in its parent ({@code (root)} for the top level). */
    public String name() {
        return name;
    }

    /** Whether the bucket is stored inline in its parent's leaf. */
    public boolean isInline() {
        return inlinePage != null;
    }

    /** The bucket's sequence counter. */
    public long sequence() {
        return sequence;
    }

    BoltFile file() {
        return file;
    }

    long rootPage() {
        return rootPage;
    }

    ByteBuffer inlinePage() {
        return inlinePage;
    }

    /** A new cursor over this bucket, not yet positioned. */
    public BoltCursor cursor() {
        return new BoltCursor(this);
    }

    /** The nested bucket called {@code name} (UTF-8), if there is one. */
    public Optional<BoltBucket> bucket(String name) throws BackupFormatException {
        return bucket(name.getBytes(StandardCharsets.UTF_8));
    }

    /** The nested bucket whose key is {@code name}, if there is one. */
    public Optional<BoltBucket> bucket(byte[] name) throws BackupFormatException {
        BoltCursor cursor = cursor();
        if (cursor.seek(name) && cursor.keyEquals(name) && cursor.isBucket()) {
            return Optional.of(cursor.bucket());
        }
        return Optional.empty();
    }

    /** The value stored under {@code key}, if there is one and it is not a nested bucket. */
    public Optional<ByteBuffer> get(byte[] key) throws BackupFormatException {
        BoltCursor cursor = cursor();
        if (cursor.seek(key) && cursor.keyEquals(key) && !cursor.isBucket()) {
            return Optional.of(cursor.value());
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "bucket '" + name + "' of " + file.path();
    }
}
