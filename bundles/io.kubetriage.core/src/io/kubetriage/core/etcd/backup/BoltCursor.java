package io.kubetriage.core.etcd.backup;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.BitSet;

/**
 * Walks the entries of one {@link BoltBucket} in key order (unsigned bytes), one leaf element at a
 * time, without materializing the bucket.
 *
 * <p>Position it with {@link #first()}, {@link #last()} or {@link #seek(byte[])}, then advance
 * with {@link #next()}; each returns whether the cursor stands on an entry. The buffers that
 * {@link #key()} and {@link #value()} return are read-only views of the file, valid while it is
 * open. A walk follows at most 64 levels of branch pages and enters each page at most once, so a
 * damaged tree with a cycle ends in a {@link BackupFormatException}. A cursor is not thread-safe.
 */
public final class BoltCursor {

    static final int MAX_DEPTH = 64;

    private final BoltBucket bucket;
    private final BoltFile file;
    private final ByteBuffer[] pages = new ByteBuffer[MAX_DEPTH];
    private final long[] pageIds = new long[MAX_DEPTH];
    private final int[] counts = new int[MAX_DEPTH];
    private final int[] indexes = new int[MAX_DEPTH];
    private final boolean[] leaves = new boolean[MAX_DEPTH];
    private final BitSet entered = new BitSet();
    private int depth;

    private boolean positioned;
    private int elementFlags;
    private int keyOffset;
    private int keyLength;
    private int valueLength;

    BoltCursor(BoltBucket bucket) {
        this.bucket = bucket;
        this.file = bucket.file();
    }

    /** Moves to the first entry; false if the bucket is empty. */
    public boolean first() throws BackupFormatException {
        pushRoot();
        indexes[0] = 0;
        return settleForward();
    }

    /** Moves to the last entry; false if the bucket is empty. */
    public boolean last() throws BackupFormatException {
        pushRoot();
        indexes[0] = counts[0] - 1;
        return settleBackward();
    }

    /**
     * Moves to the first entry whose key is greater than or equal to {@code key}; false if there is
     * none.
     */
    public boolean seek(byte[] key) throws BackupFormatException {
        pushRoot();
        while (true) {
            int top = depth - 1;
            int index = search(top, key);
            if (leaves[top]) {
                indexes[top] = index;
                return settleForward();
            }
            // The child to descend to holds the keys from its own key up to the next one's.
            if (index == counts[top] || (index > 0 && compareKey(top, index, key) != 0)) {
                index--;
            }
            indexes[top] = Math.max(index, 0);
            if (counts[top] == 0) {
                return settleForward();
            }
            push(branchChild(top, indexes[top]));
        }
    }

    /** Moves to the next entry; false at the end (and then stays there). */
    public boolean next() throws BackupFormatException {
        if (!positioned) {
            return false;
        }
        indexes[depth - 1]++;
        return settleForward();
    }

    /** The current entry's key, a read-only view. */
    public ByteBuffer key() {
        requirePositioned();
        return pages[depth - 1].slice(keyOffset, keyLength);
    }

    /** The current entry's value, a read-only view; for a nested bucket its bucket header and inline page. */
    public ByteBuffer value() {
        requirePositioned();
        return pages[depth - 1].slice(keyOffset + keyLength, valueLength);
    }

    /** A copy of the current entry's key. */
    public byte[] keyBytes() {
        requirePositioned();
        byte[] copy = new byte[keyLength];
        pages[depth - 1].get(keyOffset, copy);
        return copy;
    }

    /** A copy of the current entry's value. */
    public byte[] valueBytes() {
        requirePositioned();
        byte[] copy = new byte[valueLength];
        pages[depth - 1].get(keyOffset + keyLength, copy);
        return copy;
    }

    public int keyLength() {
        requirePositioned();
        return keyLength;
    }

    public int valueLength() {
        requirePositioned();
        return valueLength;
    }

    /** Pages from the bucket's root to the current leaf: 1 when the root is a leaf. */
    public int depth() {
        requirePositioned();
        return depth;
    }

    /** Whether the current key equals {@code key}. */
    public boolean keyEquals(byte[] key) {
        requirePositioned();
        return keyLength == key.length && compare(pages[depth - 1], keyOffset, keyLength, key) == 0;
    }

    /** Whether the current entry is a nested bucket rather than a value. */
    public boolean isBucket() {
        requirePositioned();
        return (elementFlags & BoltFile.BUCKET_LEAF_FLAG) != 0;
    }

    /** The nested bucket the current entry holds. */
    public BoltBucket bucket() throws BackupFormatException {
        if (!isBucket()) {
            throw new IllegalStateException("the entry " + BoltFile.printable(key()) + " is a value, not a bucket");
        }
        return BoltBucket.fromValue(file, new String(keyBytes(), StandardCharsets.UTF_8), value());
    }

    private void requirePositioned() {
        if (!positioned) {
            throw new IllegalStateException("the cursor does not stand on an entry");
        }
    }

    private void pushRoot() throws BackupFormatException {
        depth = 0;
        positioned = false;
        entered.clear();
        if (bucket.inlinePage() != null) {
            pushPage(bucket.inlinePage(), -1);
        } else {
            push(bucket.rootPage());
        }
    }

    private void push(long pageId) throws BackupFormatException {
        if (pageId < 0 || pageId > Integer.MAX_VALUE) {
            throw file.problem("page " + Long.toUnsignedString(pageId) + " of " + where()
                    + " is beyond the pages this reader supports");
        }
        if (entered.get((int) pageId)) {
            throw file.problem("page " + pageId + " is reached twice while walking " + where()
                    + ": the tree has a cycle or shared pages");
        }
        entered.set((int) pageId);
        pushPage(file.page(pageId), pageId);
    }

    private void pushPage(ByteBuffer page, long pageId) throws BackupFormatException {
        if (depth == MAX_DEPTH) {
            throw file.problem(where() + " is nested deeper than " + MAX_DEPTH + " pages");
        }
        int flags = page.getShort(8) & 0xffff;
        boolean leaf;
        if (flags == BoltFile.FLAG_LEAF) {
            leaf = true;
        } else if (flags == BoltFile.FLAG_BRANCH && pageId >= 0) {
            leaf = false;
        } else {
            throw file.problem((pageId < 0 ? "the inline page" : "page " + pageId) + " of " + where()
                    + " has page type 0x" + Integer.toHexString(flags) + " where a branch or leaf page belongs");
        }
        int count = page.getShort(10) & 0xffff;
        if (BoltFile.PAGE_HEADER_SIZE + (long) count * BoltFile.ELEMENT_SIZE > page.capacity()) {
            throw file.problem(pageName(pageId) + " claims " + count + " elements, more than fit in its "
                    + page.capacity() + " bytes");
        }
        pages[depth] = page;
        pageIds[depth] = pageId;
        counts[depth] = count;
        leaves[depth] = leaf;
        indexes[depth] = 0;
        depth++;
    }

    /** From the current frame, descends or climbs to the next leaf element at or after it. */
    private boolean settleForward() throws BackupFormatException {
        while (depth > 0) {
            int top = depth - 1;
            if (indexes[top] >= counts[top]) {
                depth--;
                if (depth > 0) {
                    indexes[depth - 1]++;
                }
                continue;
            }
            if (leaves[top]) {
                loadElement(top);
                return true;
            }
            push(branchChild(top, indexes[top]));
        }
        positioned = false;
        return false;
    }

    /** Like {@link #settleForward()}, towards the start. */
    private boolean settleBackward() throws BackupFormatException {
        while (depth > 0) {
            int top = depth - 1;
            if (indexes[top] < 0) {
                depth--;
                if (depth > 0) {
                    indexes[depth - 1]--;
                }
                continue;
            }
            if (leaves[top]) {
                loadElement(top);
                return true;
            }
            push(branchChild(top, indexes[top]));
            indexes[depth - 1] = counts[depth - 1] - 1;
        }
        positioned = false;
        return false;
    }

    private void loadElement(int frame) throws BackupFormatException {
        ByteBuffer page = pages[frame];
        int index = indexes[frame];
        int base = BoltFile.PAGE_HEADER_SIZE + index * BoltFile.ELEMENT_SIZE;
        long position = Integer.toUnsignedLong(page.getInt(base + 4));
        long keySize = Integer.toUnsignedLong(page.getInt(base + 8));
        long valueSize = Integer.toUnsignedLong(page.getInt(base + 12));
        long start = base + position;
        if (start + keySize + valueSize > page.capacity()) {
            throw file.problem("element " + index + " of " + pageName(pageIds[frame]) + " in " + where()
                    + " lies outside the page");
        }
        elementFlags = page.getInt(base);
        keyOffset = (int) start;
        keyLength = (int) keySize;
        valueLength = (int) valueSize;
        positioned = true;
    }

    private long branchChild(int frame, int index) throws BackupFormatException {
        // Validates the element's key bounds as a side effect.
        branchKeyOffset(frame, index);
        return pages[frame].getLong(BoltFile.PAGE_HEADER_SIZE + index * BoltFile.ELEMENT_SIZE + 8);
    }

    private int branchKeyOffset(int frame, int index) throws BackupFormatException {
        ByteBuffer page = pages[frame];
        int base = BoltFile.PAGE_HEADER_SIZE + index * BoltFile.ELEMENT_SIZE;
        long start = base + Integer.toUnsignedLong(page.getInt(base));
        long keySize = Integer.toUnsignedLong(page.getInt(base + 4));
        if (start + keySize > page.capacity()) {
            throw file.problem("element " + index + " of " + pageName(pageIds[frame]) + " in " + where()
                    + " lies outside the page");
        }
        return (int) start;
    }

    /** Index of the first element of frame {@code frame} whose key is at least {@code key}. */
    private int search(int frame, byte[] key) throws BackupFormatException {
        int low = 0;
        int high = counts[frame];
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (compareKey(frame, middle, key) < 0) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    private int compareKey(int frame, int index, byte[] key) throws BackupFormatException {
        ByteBuffer page = pages[frame];
        int base = BoltFile.PAGE_HEADER_SIZE + index * BoltFile.ELEMENT_SIZE;
        if (leaves[frame]) {
            long start = base + Integer.toUnsignedLong(page.getInt(base + 4));
            long keySize = Integer.toUnsignedLong(page.getInt(base + 8));
            if (start + keySize > page.capacity()) {
                throw file.problem("element " + index + " of " + pageName(pageIds[frame]) + " in " + where()
                        + " lies outside the page");
            }
            return compare(page, (int) start, (int) keySize, key);
        }
        int start = branchKeyOffset(frame, index);
        int keySize = page.getInt(base + 4);
        return compare(page, start, keySize, key);
    }

    /** Compares {@code length} bytes of {@code page} at {@code offset} with {@code key}, unsigned. */
    static int compare(ByteBuffer page, int offset, int length, byte[] key) {
        int common = Math.min(length, key.length);
        for (int i = 0; i < common; i++) {
            int difference = (page.get(offset + i) & 0xff) - (key[i] & 0xff);
            if (difference != 0) {
                return difference;
            }
        }
        return Integer.compare(length, key.length);
    }

    private String where() {
        return "bucket '" + bucket.name() + "'";
    }

    private static String pageName(long pageId) {
        return pageId < 0 ? "the inline page" : "page " + pageId;
    }

    @Override
    public String toString() {
        return "cursor over " + bucket + (positioned ? " at " + BoltFile.printable(key()) : "") + " "
                + Arrays.toString(Arrays.copyOf(pageIds, depth));
    }
}
