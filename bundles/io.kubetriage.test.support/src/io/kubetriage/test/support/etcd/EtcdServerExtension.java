package io.kubetriage.test.support.etcd;

import io.kubetriage.test.support.FreePorts;
import io.kubetriage.test.support.ProcessRunner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a real single-member etcd ({@code /usr/bin/etcd}) on free loopback ports in a fresh
 * temporary directory.
 *
 * <p>Register it with {@code @RegisterExtension}: on a static field one server serves the whole
 * test class, on an instance field every test gets its own. With {@link #withClientCertAuth()} the
 * client port speaks TLS only and requires a client certificate signed by the test CA.
 */
public final class EtcdServerExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    public static final Path ETCD = Path.of("/usr/bin/etcd");
    public static final Path ETCDCTL = Path.of("/usr/bin/etcdctl");
    public static final String INSTALL_HINT = "install etcd-server: apt-get install -y etcd-server etcd-client";

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final Duration ETCDCTL_TIMEOUT = Duration.ofSeconds(30);
    private static final int START_ATTEMPTS = 3;
    private static final int LOG_TAIL_LINES = 60;

    private final boolean clientCertAuth;

    private Path baseDir;
    private Process process;
    private URI clientEndpoint;
    private TestPki pki;
    private TestPki.Issued clientPair;
    private boolean perTest;
    private int classDepth;

    private EtcdServerExtension(boolean clientCertAuth) {
        this.clientCertAuth = clientCertAuth;
    }

    /** An etcd serving plain HTTP/2 on its client port. */
    public static EtcdServerExtension plain() {
        return new EtcdServerExtension(false);
    }

    /**
     * An etcd serving TLS on its client port ({@code --cert-file --key-file --trusted-ca-file
     * --client-cert-auth}), with a server certificate for 127.0.0.1 and a client certificate
     * (RSA, PKCS#8 key) from a fresh test CA.
     */
    public static EtcdServerExtension withClientCertAuth() {
        return new EtcdServerExtension(true);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        // @Nested classes inherit the extension and call this again; one server serves them all.
        if (classDepth++ == 0) {
            start();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        if (process == null) {
            start();
            perTest = true;
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        if (perTest) {
            perTest = false;
            stop();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (--classDepth == 0) {
            stop();
        }
    }

    /** The client URL, {@code http://127.0.0.1:port} or {@code https://127.0.0.1:port}. */
    public URI clientEndpoint() {
        requireRunning();
        return clientEndpoint;
    }

    public Path dataDir() {
        requireRunning();
        return baseDir.resolve("data");
    }

    /** Everything etcd wrote to stdout and stderr. */
    public Path logFile() {
        requireRunning();
        return baseDir.resolve("etcd.log");
    }

    /** The CA that signed the server and client certificates; only with client certificate auth. */
    public Path caCert() {
        return requirePki().caCert();
    }

    public Path clientCert() {
        requirePki();
        return clientPair.cert();
    }

    public Path clientKey() {
        requirePki();
        return clientPair.key();
    }

    /** The test CA, to issue further client certificates; only with client certificate auth. */
    public TestPki pki() {
        return requirePki();
    }

    /** A directory that is deleted together with the server, for the test's own files. */
    public Path workDir() throws IOException {
        requireRunning();
        return Files.createDirectories(baseDir.resolve("work"));
    }

    /**
     * Runs {@code etcdctl} (API v3) against this server, with the TLS options it needs, bounded by
     * 30 s.
     *
     * @return the command's output; note that etcdctl 3.4 prints some results, such as those of
     *         {@code endpoint health}, on standard error
     * @throws IOException when etcdctl fails or times out, with its error output
     */
    public ProcessRunner.Result etcdctl(String... args) throws IOException {
        return etcdctl(ETCDCTL_TIMEOUT, args);
    }

    /** Like {@link #etcdctl(String...)}, bounded by {@code timeout}. */
    public ProcessRunner.Result etcdctl(Duration timeout, String... args) throws IOException {
        requireRunning();
        if (!Files.isExecutable(ETCDCTL)) {
            throw new IllegalStateException(ETCDCTL + " not found: " + INSTALL_HINT);
        }
        List<String> command = new ArrayList<>(List.of(ETCDCTL.toString(), "--endpoints=" + clientEndpoint));
        if (clientCertAuth) {
            command.add("--cacert=" + caCert());
            command.add("--cert=" + clientCert());
            command.add("--key=" + clientKey());
        }
        command.addAll(List.of(args));
        Map<String, String> environment = new HashMap<>();
        // Settings from the developer's shell would point etcdctl elsewhere.
        System.getenv().keySet().stream().filter(name -> name.startsWith("ETCDCTL_"))
                .forEach(name -> environment.put(name, null));
        environment.put("ETCDCTL_API", "3");
        return ProcessRunner.run(timeout, baseDir, environment, command).requireSuccess();
    }

    private void start() throws IOException {
        if (!Files.isExecutable(ETCD)) {
            throw new IllegalStateException(ETCD + " not found: " + INSTALL_HINT);
        }
        baseDir = Files.createTempDirectory("kubetriage-etcd-");
        try {
            if (clientCertAuth) {
                pki = TestPki.create(baseDir.resolve("pki"));
                clientPair = pki.issueClient("kubetriage-test-client", TestPki.KeyFormat.RSA_PKCS8);
            }
            for (int attempt = 1; ; attempt++) {
                if (launch()) {
                    return;
                }
                if (attempt == START_ATTEMPTS) {
                    throw new IllegalStateException("etcd could not bind its ports in " + START_ATTEMPTS
                            + " attempts; log:\n" + logTail());
                }
            }
        } catch (IOException | RuntimeException e) {
            try {
                stop();
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** Starts etcd and waits until it is healthy; false if a port was taken meanwhile. */
    private boolean launch() throws IOException {
        int[] ports = FreePorts.find(3);
        String scheme = clientCertAuth ? "https" : "http";
        String clientUrl = scheme + "://127.0.0.1:" + ports[0];
        String peerUrl = "http://127.0.0.1:" + ports[1];
        // Health is polled on a plain metrics listener, which needs no client certificate.
        URI health = URI.create("http://127.0.0.1:" + ports[2] + "/health");
        Path data = baseDir.resolve("data");
        deleteTree(data);
        List<String> command = new ArrayList<>(List.of(ETCD.toString(),
                "--name=kubetriage-test",
                "--data-dir=" + data,
                "--listen-client-urls=" + clientUrl,
                "--advertise-client-urls=" + clientUrl,
                "--listen-peer-urls=" + peerUrl,
                "--initial-advertise-peer-urls=" + peerUrl,
                "--initial-cluster=kubetriage-test=" + peerUrl,
                "--initial-cluster-state=new",
                "--listen-metrics-urls=http://127.0.0.1:" + ports[2],
                "--logger=zap",
                "--log-outputs=stderr"));
        if (clientCertAuth) {
            TestPki.Issued server = pki.issueServer("etcd-server");
            command.add("--cert-file=" + server.cert());
            command.add("--key-file=" + server.key());
            command.add("--trusted-ca-file=" + pki.caCert());
            command.add("--client-cert-auth");
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(baseDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(baseDir.resolve("etcd.log").toFile());
        // ETCD_* variables from the developer's shell would override the flags above.
        builder.environment().keySet().removeIf(name -> name.startsWith("ETCD_") || name.startsWith("ETCDCTL_"));
        process = builder.start();
        clientEndpoint = URI.create(clientUrl);

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    int exitCode = process.exitValue();
                    process = null;
                    String log = logTail();
                    if (log.contains("address already in use")) {
                        return false;
                    }
                    throw new IllegalStateException("etcd exited with code " + exitCode + " while starting; log:\n"
                            + log);
                }
                if (healthy(http, health)) {
                    return true;
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for etcd to start", e);
        } finally {
            http.close();
        }
        throw new IllegalStateException("etcd was not healthy within " + STARTUP_TIMEOUT.toSeconds()
                + " s; log:\n" + logTail());
    }

    private static boolean healthy(HttpClient http, URI health) throws InterruptedException {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().replace(" ", "").contains("\"health\":\"true\"");
        } catch (IOException e) {
            return false;
        }
    }

    private void stop() throws IOException {
        Process running = process;
        process = null;
        if (running != null) {
            running.destroy();
            try {
                if (!running.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    running.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                running.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        if (baseDir != null) {
            deleteTree(baseDir);
            baseDir = null;
        }
        clientEndpoint = null;
        pki = null;
        clientPair = null;
    }

    private String logTail() {
        try {
            List<String> lines = new String(Files.readAllBytes(baseDir.resolve("etcd.log")), StandardCharsets.UTF_8)
                    .lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(etcd log unreadable: " + e + ")";
        }
    }

    private void requireRunning() {
        if (process == null) {
            throw new IllegalStateException("etcd is not running: the extension starts it before each test"
                    + " (instance field) or before all tests (static field)");
        }
    }

    private TestPki requirePki() {
        requireRunning();
        if (pki == null) {
            throw new IllegalStateException("this etcd runs without TLS; use EtcdServerExtension.withClientCertAuth()");
        }
        return pki;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
