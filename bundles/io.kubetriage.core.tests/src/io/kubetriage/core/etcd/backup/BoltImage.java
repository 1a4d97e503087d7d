package io.kubetriage.core.etcd.backup;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** Builds small bbolt files page by page, to test the reader against hand-made and damaged trees. */
final class BoltImage {

    static final int PAGE_SIZE = 4096;
    // The bbolt constants, spelled out: the tests bundle cannot see the reader's package-private ones.
    private static final int FLAG_BRANCH = 0x01;
    private static final int FLAG_LEAF = 0x02;
    private static final int FLAG_META = 0x04;
    private static final int BUCKET_LEAF_FLAG = 0x01;

    /** One leaf entry; {@code bucket} marks a nested bucket value. */
    record Entry(byte[] key, byte[] value, boolean bucket) {

        static Entry value(byte[] key, byte[] value) {
            return new Entry(key, value, false);
        }

        static Entry bucket(String name, byte[] bucketValue) {
            return new Entry(name.getBytes(), bucketValue, true);
        }
    }

    private final List<byte[]> pages = new ArrayList<>(List.of(new byte[PAGE_SIZE], new byte[PAGE_SIZE]));

    /** Reserves the next page id (pages are written by {@link #leaf} and {@link #branch}). */
    int allocate() {
        pages.add(new byte[PAGE_SIZE]);
        return pages.size() - 1;
    }

    /** Writes a leaf page, with overflow pages if the entries need them, and returns its id. */
    int leaf(Entry... entries) {
        byte[] body = leafPage(0, entries);
        int id = pages.size();
        int span = (body.length + PAGE_SIZE - 1) / PAGE_SIZE;
        ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN).putLong(0, id).putInt(12, span - 1);
        for (int i = 0; i < span; i++) {
            byte[] page = new byte[PAGE_SIZE];
            System.arraycopy(body, i * PAGE_SIZE, page, 0, Math.min(PAGE_SIZE, body.length - i * PAGE_SIZE));
            pages.add(page);
        }
        return id;
    }

    /** Writes a branch page at {@code id} (from {@link #allocate()}) with the given children. */
    void branch(int id, byte[][] keys, long[] children) {
        ByteBuffer page = ByteBuffer.wrap(pages.get(id)).order(ByteOrder.LITTLE_ENDIAN);
        page.putLong(0, id).putShort(8, (short) FLAG_BRANCH).putShort(10, (short) keys.length);
        int data = 16 + 16 * keys.length;
        for (int i = 0; i < keys.length; i++) {
            int base = 16 + 16 * i;
            page.putInt(base, data - base).putInt(base + 4, keys[i].length).putLong(base + 8, children[i]);
            page.put(data, keys[i]);
            data += keys[i].length;
        }
    }

    /** A leaf page's bytes (not padded), with page id {@code id}. */
    static byte[] leafPage(long id, Entry... entries) {
        int size = 16 + 16 * entries.length;
        for (Entry entry : entries) {
            size += entry.key().length + entry.value().length;
        }
        ByteBuffer page = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        page.putLong(0, id).putShort(8, (short) FLAG_LEAF).putShort(10, (short) entries.length);
        int data = 16 + 16 * entries.length;
        for (int i = 0; i < entries.length; i++) {
            Entry entry = entries[i];
            int base = 16 + 16 * i;
            page.putInt(base, entry.bucket() ? BUCKET_LEAF_FLAG : 0).putInt(base + 4, data - base)
                    .putInt(base + 8, entry.key().length).putInt(base + 12, entry.value().length);
            page.put(data, entry.key());
            page.put(data + entry.key().length, entry.value());
            data += entry.key().length + entry.value().length;
        }
        return page.array();
    }

    /** The value of a bucket entry whose tree starts at page {@code root}. */
    static byte[] bucketAt(long root) {
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(0, root).array();
    }

    /** The value of an inline bucket entry holding {@code entries}. */
    static byte[] inlineBucket(Entry... entries) {
        byte[] page = leafPage(0, entries);
        return ByteBuffer.allocate(16 + page.length).put(16, page).array();
    }

    /** The whole file: both meta pages (txids {@code txid} and {@code txid - 1}) and every page. */
    byte[] build(long root) {
        return build(root, pages.size(), 10);
    }

    byte[] build(long root, long highWaterMark, long txid) {
        pages.set(0, metaPage(0, root, highWaterMark, txid));
        pages.set(1, metaPage(1, root, highWaterMark, txid - 1));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        pages.forEach(out::writeBytes);
        return out.toByteArray();
    }

    static byte[] metaPage(long id, long root, long highWaterMark, long txid) {
        ByteBuffer page = ByteBuffer.allocate(PAGE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        page.putLong(0, id).putShort(8, (short) FLAG_META);
        page.putInt(16, 0xED0CDAED).putInt(20, 2).putInt(24, PAGE_SIZE).putInt(28, 0);
        page.putLong(32, root).putLong(40, 0).putLong(48, 0xFFFF_FFFF_FFFF_FFFFL).putLong(56, highWaterMark)
                .putLong(64, txid);
        long hash = 0xcbf29ce484222325L;
        for (int i = 16; i < 72; i++) {
            hash ^= page.get(i) & 0xff;
            hash *= 0x100000001b3L;
        }
        page.putLong(72, hash);
        return page.array();
    }

    /** An etcd revision key. */
    static byte[] revision(long main, long sub, boolean tombstone) {
        ByteBuffer key = ByteBuffer.allocate(tombstone ? 18 : 17).putLong(main).put((byte) '_').putLong(sub);
        if (tombstone) {
            key.put((byte) 't');
        }
        return key.array();
    }

    /** An mvccpb.KeyValue message with the fields etcd writes. */
    static byte[] keyValue(String key, long create, long mod, long version, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        bytesField(out, 1, key.getBytes());
        varintField(out, 2, create);
        varintField(out, 3, mod);
        varintField(out, 4, version);
        if (value.length > 0) {
            bytesField(out, 5, value);
        }
        return out.toByteArray();
    }

    private static void bytesField(ByteArrayOutputStream out, int field, byte[] bytes) {
        varint(out, field << 3 | 2);
        varint(out, bytes.length);
        out.writeBytes(bytes);
    }

    private static void varintField(ByteArrayOutputStream out, int field, long value) {
        if (value != 0) {
            varint(out, field << 3);
            varint(out, value);
        }
    }

    private static void varint(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7fL) != 0) {
            out.write((int) (value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
    }
}
