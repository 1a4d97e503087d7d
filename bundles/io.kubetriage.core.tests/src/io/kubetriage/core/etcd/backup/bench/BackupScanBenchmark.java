package io.kubetriage.core.etcd.backup.bench;

import io.kubetriage.core.etcd.backup.BackupFormatException;
import io.kubetriage.core.etcd.backup.BoltBucket;
import io.kubetriage.core.etcd.backup.BoltCursor;
import io.kubetriage.core.etcd.backup.EtcdBackup;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Measures how fast {@link EtcdBackup} scans a large backup with a warm page cache, next to a plain
 * sequential read of the same file. Not a test: run it with {@code releng/scripts/bench-backup.sh}.
 *
 * <pre>
 * BackupScanBenchmark [BACKUP_FILE]            scan an existing backup
 * BackupScanBenchmark --generate FILE [KEYS [VALUE_BYTES]]
 *                                              first write KEYS keys (default 600000) of VALUE_BYTES
 *                                              (default 1536) into a temporary etcd and save a backup
 * </pre>
 */
public final class BackupScanBenchmark {

    private static final int ROUNDS = 5;
    private static final int PUTS_PER_TXN = 100;
    private static final int PARALLEL_REQUESTS = 8;

    private BackupScanBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path file;
        if (args.length >= 2 && args[0].equals("--generate")) {
            file = Path.of(args[1]);
            int keys = args.length > 2 ? Integer.parseInt(args[2]) : 600_000;
            int valueBytes = args.length > 3 ? Integer.parseInt(args[3]) : 1536;
            generate(file, keys, valueBytes);
        } else if (args.length == 1) {
            file = Path.of(args[0]);
        } else {
            System.err.println("usage: BackupScanBenchmark BACKUP_FILE | --generate FILE [KEYS [VALUE_BYTES]]");
            System.exit(2);
            return;
        }
        long size = Files.size(file);
        System.out.printf("backup %s: %.1f MB%n", file, size / 1e6);

        try (EtcdBackup backup = EtcdBackup.open(file)) {
            System.out.printf("revision %d, compacted at %d, page size %d, %d pages%n", backup.revision(),
                    backup.compactRevision(), backup.bolt().pageSize(), backup.bolt().pageCount());
        }
        for (int round = 1; round <= ROUNDS; round++) {
            double plain = plainRead(file, size);
            double cursor = cursorWalk(file, size);
            double scan = fullScan(file, size);
            System.out.printf("round %d: plain read %7.0f MB/s | cursor walk (keys+values, no decoding) %7.0f MB/s"
                    + " | scan (decode every KeyValue, copy keys and values) %7.0f MB/s%n", round, plain, cursor, scan);
        }
        System.out.printf("heap used at the end: %.0f MB (max %.0f MB)%n",
                (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / 1e6,
                Runtime.getRuntime().maxMemory() / 1e6);
    }

    private static double plainRead(Path file, long size) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(4 << 20);
        long start = System.nanoTime();
        long total = 0;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            int n;
            while ((n = channel.read(buffer)) >= 0) {
                total += n;
                buffer.clear();
            }
        }
        check(total == size, "read " + total + " of " + size + " bytes");
        return mbPerSecond(size, System.nanoTime() - start);
    }

    private static double cursorWalk(Path file, long size) throws IOException, BackupFormatException {
        long start = System.nanoTime();
        long bytes = 0;
        long checksum = 0;
        try (EtcdBackup backup = EtcdBackup.open(file)) {
            BoltBucket keys = backup.bolt().bucket("key").orElseThrow();
            BoltCursor cursor = keys.cursor();
            for (boolean more = cursor.first(); more; more = cursor.next()) {
                ByteBuffer value = cursor.value();
                bytes += cursor.keyLength() + value.remaining();
                // Touch the value's first and last byte so the pages are really read.
                if (value.hasRemaining()) {
                    checksum += value.get(0) + value.get(value.remaining() - 1);
                }
            }
        }
        check(bytes > 0 || checksum == 0, "no entries");
        return mbPerSecond(size, System.nanoTime() - start);
    }

    private static double fullScan(Path file, long size) throws IOException, BackupFormatException {
        long start = System.nanoTime();
        long[] totals = new long[2];
        try (EtcdBackup backup = EtcdBackup.open(file)) {
            backup.scan(entry -> {
                totals[0]++;
                totals[1] += entry.key().length + entry.value().length;
                return true;
            });
        }
        check(totals[0] > 0, "no entries");
        return mbPerSecond(size, System.nanoTime() - start);
    }

    private static double mbPerSecond(long bytes, long nanos) {
        return bytes / 1e6 / (nanos / 1e9);
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    /** Writes the keys into a throw-away etcd through its HTTP/JSON gateway and saves a backup. */
    private static void generate(Path file, int keys, int valueBytes) throws Exception {
        Path dir = Files.createTempDirectory("kubetriage-bench-etcd-");
        int[] ports = freePorts(2);
        String client = "http://127.0.0.1:" + ports[0];
        String peer = "http://127.0.0.1:" + ports[1];
        Process etcd = new ProcessBuilder("/usr/bin/etcd", "--name=bench", "--data-dir=" + dir.resolve("data"),
                "--listen-client-urls=" + client, "--advertise-client-urls=" + client,
                "--listen-peer-urls=" + peer, "--initial-advertise-peer-urls=" + peer,
                "--initial-cluster=bench=" + peer, "--quota-backend-bytes=" + (16L << 30),
                "--logger=zap", "--log-outputs=stderr")
                .redirectErrorStream(true).redirectOutput(dir.resolve("etcd.log").toFile()).start();
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            waitUntilServing(http, client, etcd);
            long start = System.nanoTime();
            Semaphore inFlight = new Semaphore(PARALLEL_REQUESTS);
            AtomicReference<String> failure = new AtomicReference<>();
            Random random = new Random(1);
            for (int batch = 0; batch < keys; batch += PUTS_PER_TXN) {
                StringBuilder body = new StringBuilder("{\"success\":[");
                for (int i = batch; i < Math.min(keys, batch + PUTS_PER_TXN); i++) {
                    byte[] value = new byte[valueBytes];
                    random.nextBytes(value);
                    String key = "/registry/configmaps/ns-" + i % 100 + "/cm-" + i;
                    body.append(i > batch ? "," : "").append("{\"requestPut\":{\"key\":\"")
                            .append(b64(key.getBytes(StandardCharsets.UTF_8))).append("\",\"value\":\"")
                            .append(b64(value)).append("\"}}");
                }
                body.append("]}");
                inFlight.acquire();
                HttpRequest request = HttpRequest.newBuilder(URI.create(client + "/v3/kv/txn"))
                        .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .build();
                http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e.toString());
                    } else if (response.statusCode() != 200) {
                        failure.compareAndSet(null, response.body());
                    }
                    inFlight.release();
                });
                check(failure.get() == null, "a transaction failed: " + failure.get());
                if (batch % 100_000 == 0) {
                    System.out.printf("%d keys written%n", batch);
                }
            }
            inFlight.acquire(PARALLEL_REQUESTS);
            check(failure.get() == null, "a transaction failed: " + failure.get());
            System.out.printf("wrote %d keys of %d bytes in %.1f s%n", keys, valueBytes,
                    (System.nanoTime() - start) / 1e9);
            Files.deleteIfExists(file);
            Process save = new ProcessBuilder("/usr/bin/etcdctl", "--endpoints=" + client, "snapshot", "save",
                    file.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("save.log").toFile()).start();
            save.getOutputStream().close();
            if (!save.waitFor(10, TimeUnit.MINUTES) || save.exitValue() != 0) {
                throw new IOException("etcdctl snapshot save failed:\n" + Files.readString(dir.resolve("save.log")));
            }
        } finally {
            etcd.destroy();
            if (!etcd.waitFor(10, TimeUnit.SECONDS)) {
                etcd.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    private static void waitUntilServing(HttpClient http, String client, Process etcd) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            check(etcd.isAlive(), "etcd exited while starting");
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(client + "/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("true")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IOException("etcd did not become healthy within 30 s");
    }

    private static int[] freePorts(int count) throws IOException {
        int[] ports = new int[count];
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
        return ports;
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
