package io.kubetriage.core.etcd.backup;

import static io.kubetriage.core.etcd.backup.BoltImage.Entry.bucket;
import static io.kubetriage.core.etcd.backup.BoltImage.Entry.value;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeout;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bbolt reader and the etcd layer on hand-made files: tree shapes and damage etcd never writes. */
class BoltFileTest {

    @TempDir
    Path dir;

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private static byte[] b(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> keys(BoltBucket bucket) throws BackupFormatException {
        List<String> keys = new ArrayList<>();
        BoltCursor cursor = bucket.cursor();
        for (boolean more = cursor.first(); more; more = cursor.next()) {
            keys.add(new String(cursor.keyBytes(), StandardCharsets.UTF_8));
        }
        return keys;
    }

    @Test
    void walksBranchPagesOverflowPagesAndNestedBuckets() throws Exception {
        BoltImage image = new BoltImage();
        byte[] big = new byte[10_000];
        new Random(1).nextBytes(big);
        int left = image.leaf(value(b("a"), b("1")), value(b("b"), big));
        int right = image.leaf(value(b("m"), b("3")), bucket("n", BoltImage.inlineBucket(value(b("x"), b("y")))));
        int branch = image.allocate();
        image.branch(branch, new byte[][] {b("a"), b("m")}, new long[] {left, right});
        int root = image.leaf(bucket("data", BoltImage.bucketAt(branch)), bucket("empty", BoltImage.inlineBucket()));
        Path file = write("nested.db", image.build(root));

        try (BoltFile bolt = BoltFile.open(file)) {
            BoltBucket data = bolt.bucket("data").orElseThrow();
            assertEquals(List.of("a", "b", "m", "n"), keys(data));
            assertArrayEquals(big, toArray(data.get(b("b")).orElseThrow()));
            assertEquals(List.of("x"), keys(data.bucket("n").orElseThrow()));
            assertTrue(data.bucket("n").orElseThrow().isInline());
            assertTrue(data.get(b("n")).isEmpty(), "a nested bucket is no value");
            assertTrue(data.bucket("a").isEmpty(), "a value is no bucket");
            assertEquals(List.of(), keys(bolt.bucket("empty").orElseThrow()));
            assertTrue(bolt.bucket("missing").isEmpty());

            BoltCursor cursor = data.cursor();
            assertTrue(cursor.seek(b("c")));
            assertEquals("m", new String(cursor.keyBytes(), StandardCharsets.UTF_8));
            assertTrue(cursor.seek(b("b")));
            assertEquals(10_000, cursor.valueLength());
            assertFalse(cursor.seek(b("z")));
            assertTrue(cursor.last());
            assertEquals("n", new String(cursor.keyBytes(), StandardCharsets.UTF_8));
            assertFalse(cursor.next());
        }
    }

    private static byte[] toArray(java.nio.ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    @Test
    void aPageThatPointsBackAtItselfEndsTheWalk() throws Exception {
        BoltImage image = new BoltImage();
        int branch = image.allocate();
        image.branch(branch, new byte[][] {b("a")}, new long[] {branch});
        int root = image.leaf(bucket("key", BoltImage.bucketAt(branch)));
        Path file = write("cycle.db", image.build(root));

        BackupFormatException e = assertThrows(BackupFormatException.class, () -> {
            try (EtcdBackup backup = EtcdBackup.open(file)) {
                backup.keyCount();
            }
        });
        assertTrue(e.getMessage().contains("page " + branch + " is reached twice"), e.getMessage());
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    }

    @Test
    void badRevisionKeyAndMalformedKeyValueAreNamed() throws Exception {
        BoltImage image = new BoltImage();
        int root = image.leaf(bucket("key", BoltImage.inlineBucket(
                value(new byte[] {0, 0, 0, 0, 0, 0, 0, 1, '-'}, b("")),
                value(BoltImage.revision(2, 0, false), BoltImage.keyValue("/k", 2, 2, 1, b("v"))))));
        Path badKey = write("badkey.db", image.build(root));

        BoltImage second = new BoltImage();
        byte[] cut = Arrays.copyOf(BoltImage.keyValue("/k", 2, 2, 1, b("value")), 9);
        int root2 = second.leaf(bucket("key", BoltImage.inlineBucket(value(BoltImage.revision(2, 0, false), cut))));
        Path badValue = write("badvalue.db", second.build(root2));

        // The newest entry is read at open, the others on demand.
        try (EtcdBackup backup = EtcdBackup.open(badKey)) {
            BackupFormatException e = assertThrows(BackupFormatException.class, backup::keyCount);
            assertTrue(e.getMessage().contains("bad revision key at 0x00000000000000012d"), e.getMessage());
        }
        try (EtcdBackup backup = EtcdBackup.open(badValue)) {
            BackupFormatException e = assertThrows(BackupFormatException.class, () -> backup.latest(""));
            assertTrue(e.getMessage().contains("malformed KeyValue at revision 2_0"), e.getMessage());
        }
    }

    @Test
    void handMadeEtcdStoreWithTombstones() throws Exception {
        BoltImage image = new BoltImage();
        int root = image.leaf(bucket("key", BoltImage.inlineBucket(
                value(BoltImage.revision(2, 0, false), BoltImage.keyValue("/a", 2, 2, 1, b("1"))),
                value(BoltImage.revision(3, 0, false), BoltImage.keyValue("/b", 3, 3, 1, b("2"))),
                value(BoltImage.revision(4, 0, true), BoltImage.keyValue("/a", 0, 0, 0, new byte[0])))));
        try (EtcdBackup backup = EtcdBackup.open(write("small.db", image.build(root)))) {
            assertEquals(4, backup.revision());
            assertEquals(0, backup.compactRevision());
            assertEquals(0, backup.consistentIndex());
            assertFalse(backup.hasIntegrityHash());
            assertEquals(1, backup.keyCount());
            assertEquals(List.of("/b"), backup.latest("/").keySet().stream().map(ByteKey::toString).toList());
            assertEquals(List.of(false, true), backup.history(b("/a")).stream().map(KeyRecord::deleted).toList());
            assertEquals("1", backup.get(b("/a"), 3).orElseThrow().valueString());
            assertTrue(backup.get(b("/a"), 0).isEmpty());
            assertThrows(IllegalArgumentException.class, () -> backup.get(b("/a"), 5));
        }
    }

    @Test
    void missingKeyBucket() throws Exception {
        BoltImage image = new BoltImage();
        int root = image.leaf(bucket("meta", BoltImage.inlineBucket()));
        Path file = write("nokey.db", image.build(root));
        BackupFormatException e = assertThrows(BackupFormatException.class, () -> EtcdBackup.open(file));
        assertEquals(file + ": bucket 'key' missing: not an etcd v3 backup", e.getMessage());
    }

    @Test
    void emptyAndRandomFiles() throws Exception {
        Path empty = write("empty.db", new byte[0]);
        BackupFormatException e = assertThrows(BackupFormatException.class, () -> EtcdBackup.open(empty));
        assertTrue(e.getMessage().startsWith(empty + ": not an etcd backup"), e.getMessage());

        byte[] noise = new byte[64 * 1024];
        new Random(42).nextBytes(noise);
        Path random = write("random.db", noise);
        e = assertThrows(BackupFormatException.class, () -> EtcdBackup.open(random));
        assertEquals(random + ": not an etcd backup: no bbolt magic", e.getMessage());

        Path tiny = write("tiny.db", new byte[] {1, 2, 3});
        e = assertThrows(BackupFormatException.class, () -> EtcdBackup.open(tiny));
        assertTrue(e.getMessage().contains("not an etcd backup"), e.getMessage());
    }

    /** A 3 GB sparse file: reading it must neither load it into the heap nor follow references blindly. */
    @Test
    void hugeSparseFileFailsCleanlyAndQuickly() throws Exception {
        long size = 3L << 30;
        long pages = size / BoltImage.PAGE_SIZE;
        Path beyond = dir.resolve("sparse-beyond.db");
        Path zeroRoot = dir.resolve("sparse-zero.db");
        try (RandomAccessFile file = new RandomAccessFile(beyond.toFile(), "rw")) {
            file.setLength(size);
            file.write(BoltImage.metaPage(0, 3, pages + 1000, 8));
            file.write(BoltImage.metaPage(1, 3, pages + 1000, 7));
        }
        try (RandomAccessFile file = new RandomAccessFile(zeroRoot.toFile(), "rw")) {
            file.setLength(size);
            file.write(BoltImage.metaPage(0, pages - 10, pages, 8));
            file.write(BoltImage.metaPage(1, pages - 10, pages, 7));
        }
        assertTimeout(Duration.ofSeconds(10), () -> {
            BackupFormatException e = assertThrows(BackupFormatException.class, () -> EtcdBackup.open(beyond));
            assertEquals(beyond + ": truncated: page " + (pages + 999) + " lies beyond the end of the file (size "
                    + size + ")", e.getMessage());
            e = assertThrows(BackupFormatException.class, () -> EtcdBackup.open(zeroRoot));
            assertTrue(e.getMessage().contains("page " + (pages - 10) + " identifies itself as page 0"),
                    e.getMessage());
        });
    }
}
