package io.kubetriage.core.etcd.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A bbolt database file (the storage format of etcd's backend and of {@code etcdctl snapshot
 * save}), opened read-only.
 *
 * <p>The file is memory-mapped in chunks of at most 1 GiB, mapped when first touched, so files of
 * several gigabytes are read without being loaded into the heap. Every page reference is checked
 * against the file and the database's high-water mark before it is followed, and every walk is
 * bounded, so a damaged file yields a {@link BackupFormatException}, never a runtime exception or a
 * loop.
 *
 * <p>Layout (bbolt format version 2, little-endian as written on x86-64 and arm64): every page
 * starts with a 16-byte header {@code id u64, flags u16, count u16, overflow u32}; pages 0 and 1
 * are meta pages whose body is {@code magic u32, version u32, pageSize u32, flags u32, root
 * {pgid u64, sequence u64}, freelist u64, pgid u64 (high-water mark), txid u64, checksum u64}, the
 * checksum being FNV-1a 64 of the 56 bytes before it. Instances are safe for concurrent reads.
 */
public final class BoltFile implements AutoCloseable {

    static final int PAGE_HEADER_SIZE = 16;
    static final int ELEMENT_SIZE = 16;
    static final int FLAG_BRANCH = 0x01;
    static final int FLAG_LEAF = 0x02;
    static final int FLAG_META = 0x04;
    static final int FLAG_FREELIST = 0x10;
    static final int BUCKET_LEAF_FLAG = 0x01;

    private static final int MAGIC = 0xED0CDAED;
    private static final int VERSION = 2;
    private static final int META_SIZE = 64;
    private static final int META_CHECKSUMMED = 56;
    private static final int MIN_PAGE_SIZE = 512;
    private static final int MAX_PAGE_SIZE = 1 << 24;
    private static final int CHUNK_SHIFT = 30;
    private static final long CHUNK_SIZE = 1L << CHUNK_SHIFT;
    /** Size of the SHA-256 that {@code etcdctl snapshot save} appends to the database. */
    static final int INTEGRITY_HASH_SIZE = 32;

    private final Path path;
    private final FileChannel channel;
    private final long fileSize;
    private final long dataSize;
    private final boolean integrityHash;
    private final int pageSize;
    private final long highWaterMark;
    private final long txid;
    private final long rootPage;
    private final int metaPage;
    private final AtomicReferenceArray<MappedByteBuffer> chunks;
    private volatile boolean closed;
    private volatile Boolean integrityHashMatches;

    private BoltFile(Path path, FileChannel channel, long fileSize, Meta meta) throws BackupFormatException {
        this.path = path;
        this.channel = channel;
        this.fileSize = fileSize;
        this.pageSize = meta.pageSize;
        this.integrityHash = fileSize % pageSize == INTEGRITY_HASH_SIZE;
        this.dataSize = integrityHash ? fileSize - INTEGRITY_HASH_SIZE : fileSize;
        this.highWaterMark = meta.pgid;
        this.txid = meta.txid;
        this.rootPage = meta.root;
        this.metaPage = meta.page;
        long filePages = dataSize / pageSize;
        if (highWaterMark > filePages) {
            throw new BackupFormatException(path, "truncated: page " + (highWaterMark - 1)
                    + " lies beyond the end of the file (size " + fileSize + ")");
        }
        if (highWaterMark < 3 || rootPage < 2 || rootPage >= highWaterMark) {
            throw new BackupFormatException(path, "meta page " + metaPage + " names root page " + rootPage
                    + " outside the database's " + highWaterMark + " pages");
        }
        this.chunks = new AtomicReferenceArray<>((int) ((dataSize + CHUNK_SIZE - 1) >>> CHUNK_SHIFT));
    }

    /**
     * Opens {@code file} read-only and selects its newest valid meta page.
     *
     * @throws BackupFormatException if the file is no bbolt database, both meta pages are damaged
     *                               or the file is shorter than the database it holds
     */
    public static BoltFile open(Path file) throws IOException, BackupFormatException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            long size = channel.size();
            if (size == 0) {
                throw new BackupFormatException(file, "not an etcd backup: the file is empty");
            }
            Meta meta = readMeta(file, channel, size);
            BoltFile bolt = new BoltFile(file, channel, size, meta);
            return bolt;
        } catch (IOException | BackupFormatException | RuntimeException e) {
            try {
                channel.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private record Meta(int page, int pageSize, long root, long pgid, long txid) {
    }

    private static Meta readMeta(Path file, FileChannel channel, long size) throws IOException, BackupFormatException {
        boolean sawMagic = false;
        int badVersion = 0;
        Meta meta0 = null;
        ByteBuffer first = read(channel, 0, PAGE_HEADER_SIZE + META_SIZE, size);
        if (first != null && first.getInt(PAGE_HEADER_SIZE) == MAGIC) {
            sawMagic = true;
            int version = first.getInt(PAGE_HEADER_SIZE + 4);
            if (version != VERSION) {
                badVersion = version;
            } else {
                meta0 = parseMeta(first, 0);
            }
        }
        // The second meta page sits one page further; its position tells the page size when the
        // first one cannot, so try every page size bbolt can write.
        Meta meta1 = null;
        for (int candidate = MIN_PAGE_SIZE; candidate <= MAX_PAGE_SIZE; candidate <<= 1) {
            if (meta0 != null && candidate != meta0.pageSize) {
                continue;
            }
            ByteBuffer second = read(channel, candidate, PAGE_HEADER_SIZE + META_SIZE, size);
            if (second == null) {
                break;
            }
            if (second.getInt(PAGE_HEADER_SIZE) != MAGIC) {
                continue;
            }
            sawMagic = true;
            int version = second.getInt(PAGE_HEADER_SIZE + 4);
            if (version != VERSION) {
                badVersion = version;
                continue;
            }
            Meta parsed = parseMeta(second, 1);
            if (parsed != null && parsed.pageSize == candidate) {
                meta1 = parsed;
                break;
            }
        }
        if (meta0 == null && meta1 == null) {
            if (!sawMagic) {
                throw new BackupFormatException(file, "not an etcd backup: no bbolt magic");
            }
            if (badVersion != 0) {
                throw new BackupFormatException(file, "unsupported bbolt format version " + badVersion
                        + " (expected " + VERSION + ")");
            }
            throw new BackupFormatException(file, "both meta pages are corrupt");
        }
        if (meta0 == null) {
            return meta1;
        }
        if (meta1 == null) {
            return meta0;
        }
        return Long.compareUnsigned(meta1.txid, meta0.txid) > 0 ? meta1 : meta0;
    }

    /** The meta stored in {@code page}, or null if its checksum or page size is wrong. */
    private static Meta parseMeta(ByteBuffer page, int pageNumber) {
        long checksum = page.getLong(PAGE_HEADER_SIZE + META_CHECKSUMMED);
        if (fnv1a64(page, PAGE_HEADER_SIZE, META_CHECKSUMMED) != checksum) {
            return null;
        }
        int pageSize = page.getInt(PAGE_HEADER_SIZE + 8);
        if (pageSize < MIN_PAGE_SIZE || pageSize > MAX_PAGE_SIZE || Integer.bitCount(pageSize) != 1) {
            return null;
        }
        long root = page.getLong(PAGE_HEADER_SIZE + 16);
        long pgid = page.getLong(PAGE_HEADER_SIZE + 40);
        long txid = page.getLong(PAGE_HEADER_SIZE + 48);
        return new Meta(pageNumber, pageSize, root, pgid, txid);
    }

    static long fnv1a64(ByteBuffer buffer, int offset, int length) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < length; i++) {
            hash ^= buffer.get(offset + i) & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    /** {@code length} bytes at {@code position}, or null if the file ends before. */
    private static ByteBuffer read(FileChannel channel, long position, int length, long size) throws IOException {
        if (position + length > size) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                return null;
            }
        }
        return buffer.flip();
    }

    public Path path() {
        return path;
    }

    public int pageSize() {
        return pageSize;
    }

    /** Size of the file, including an integrity hash if there is one. */
    public long fileSize() {
        return fileSize;
    }

    /** Number of pages the database uses (its high-water mark). */
    public long pageCount() {
        return highWaterMark;
    }

    /** Transaction id of the meta page in use. */
    public long txid() {
        return txid;
    }

    /** Which meta page (0 or 1) is in use. */
    public int metaPage() {
        return metaPage;
    }

    /** The top-level bucket whose entries are the database's buckets. */
    public BoltBucket root() {
        return new BoltBucket(this, "(root)", rootPage, null, 0);
    }

    /** The top-level bucket called {@code name}, if there is one. */
    public Optional<BoltBucket> bucket(String name) throws BackupFormatException {
        return root().bucket(name);
    }

    /**
     * Whether the file ends with the 32-byte SHA-256 that {@code etcdctl snapshot save} appends:
     * its size is a whole number of pages plus 32 bytes (a database copied from a data directory
     * has none).
     */
    public boolean hasIntegrityHash() {
        return integrityHash;
    }

    /**
     * Whether the appended SHA-256 equals the hash of the database before it; false if there is
     * none. The first call reads the whole file.
     */
    public boolean integrityHashMatches() throws IOException {
        if (!integrityHash) {
            return false;
        }
        Boolean known = integrityHashMatches;
        if (known == null) {
            MessageDigest sha256;
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JDK has no SHA-256", e);
            }
            for (int i = 0; i < chunks.length(); i++) {
                sha256.update(chunk(i).duplicate());
            }
            ByteBuffer stored = read(channel, dataSize, INTEGRITY_HASH_SIZE, fileSize);
            known = stored != null && Arrays.equals(sha256.digest(), stored.array());
            integrityHashMatches = known;
        }
        return known;
    }

    /**
     * The page {@code id} with its overflow pages, as a little-endian buffer whose position 0 is the
     * start of the page header.
     */
    ByteBuffer page(long id) throws BackupFormatException {
        if (id < 2 || id >= highWaterMark) {
            throw problem("page " + id + " is referenced but the database has pages 2 to " + (highWaterMark - 1));
        }
        ByteBuffer header = region(id * pageSize, PAGE_HEADER_SIZE);
        long storedId = header.getLong(0);
        if (storedId != id) {
            throw problem("page " + id + " identifies itself as page " + Long.toUnsignedString(storedId));
        }
        long overflow = Integer.toUnsignedLong(header.getInt(12));
        if (id + overflow >= highWaterMark) {
            throw problem("page " + id + " claims " + overflow + " overflow pages beyond the database's "
                    + highWaterMark + " pages");
        }
        long span = (overflow + 1) * pageSize;
        if (span > Integer.MAX_VALUE - 8) {
            throw problem("page " + id + " spans " + span + " bytes");
        }
        return region(id * pageSize, (int) span);
    }

    BackupFormatException problem(String message) {
        return new BackupFormatException(path, message);
    }

    /** {@code length} bytes of the database at {@code offset}; a view when they lie in one chunk. */
    private ByteBuffer region(long offset, int length) throws BackupFormatException {
        if (offset < 0 || offset + length > dataSize) {
            throw problem("truncated: page " + offset / pageSize + " lies beyond the end of the file (size "
                    + fileSize + ")");
        }
        int index = (int) (offset >>> CHUNK_SHIFT);
        int within = (int) (offset & (CHUNK_SIZE - 1));
        MappedByteBuffer first = chunk(index);
        if (within + length <= first.capacity()) {
            return first.slice(within, length).order(ByteOrder.LITTLE_ENDIAN);
        }
        // A run of overflow pages across a chunk boundary: copy it.
        byte[] copy = new byte[length];
        int done = 0;
        while (done < length) {
            MappedByteBuffer source = chunk(index++);
            int n = Math.min(length - done, source.capacity() - within);
            source.get(within, copy, done, n);
            done += n;
            within = 0;
        }
        return ByteBuffer.wrap(copy).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * The mapped chunk {@code index}, mapped on first use.
     *
     * @throws UncheckedIOException if the mapping fails (an I/O error, not a format problem)
     */
    private MappedByteBuffer chunk(int index) {
        MappedByteBuffer chunk = chunks.get(index);
        if (chunk == null) {
            synchronized (chunks) {
                chunk = chunks.get(index);
                if (chunk == null) {
                    if (closed) {
                        throw new IllegalStateException(path + " is closed");
                    }
                    long start = (long) index << CHUNK_SHIFT;
                    try {
                        chunk = channel.map(FileChannel.MapMode.READ_ONLY, start, Math.min(CHUNK_SIZE, dataSize - start));
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot map " + path, e);
                    }
                    chunks.set(index, chunk);
                }
            }
        }
        return chunk;
    }

    static String printable(ByteBuffer bytes) {
        byte[] copy = new byte[Math.min(bytes.remaining(), 64)];
        bytes.get(bytes.position(), copy);
        boolean text = true;
        for (byte b : copy) {
            text &= b >= 0x20 && b < 0x7f;
        }
        if (text) {
            return "'" + new String(copy, StandardCharsets.US_ASCII) + "'" + (bytes.remaining() > 64 ? "..." : "");
        }
        StringBuilder hex = new StringBuilder("0x");
        for (byte b : copy) {
            hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return bytes.remaining() > 64 ? hex.append("...").toString() : hex.toString();
    }

    /**
     * Closes the file. Mapped regions are released by the garbage collector; buffers handed out
     * before must not be used afterwards.
     */
    @Override
    public void close() throws IOException {
        synchronized (chunks) {
            closed = true;
            for (int i = 0; i < chunks.length(); i++) {
                chunks.set(i, null);
            }
        }
        channel.close();
    }
}
