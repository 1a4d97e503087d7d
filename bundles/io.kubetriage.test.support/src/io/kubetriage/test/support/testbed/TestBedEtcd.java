package io.kubetriage.test.support.testbed;

import io.kubetriage.test.support.FreePorts;
import io.kubetriage.test.support.ProcessRunner;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The single-member etcd ({@code /usr/bin/etcd}, plain HTTP on loopback) under a {@link KubeTestBed}.
 *
 * <p>Unlike {@code EtcdServerExtension}, it can be stopped and started again on the same client
 * URL from another data dir, which is what a restore from backup under a running API server does.
 */
public final class TestBedEtcd {

    public static final Path ETCD = Path.of("/usr/bin/etcd");
    public static final Path ETCDCTL = Path.of("/usr/bin/etcdctl");
    public static final String INSTALL_HINT = "install etcd-server: apt-get install -y etcd-server etcd-client";

    /** The member name, needed by {@code etcdctl snapshot restore}. */
    public static final String MEMBER_NAME = "kubetriage-testbed";

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration ETCDCTL_TIMEOUT = Duration.ofSeconds(30);
    private static final int START_ATTEMPTS = 3;

    private final Path baseDir;
    private Process process;
    private URI clientEndpoint;
    private String peerUrl;
    private URI health;
    private Path dataDir;
    private int generation;

    TestBedEtcd(Path baseDir) {
        this.baseDir = baseDir;
    }

    /** The client URL, {@code http://127.0.0.1:port}; it stays the same across restores. */
    public URI endpoint() {
        requireStarted();
        return clientEndpoint;
    }

    /** The data dir in use now; a restore switches to a new one. */
    public Path dataDir() {
        requireStarted();
        return dataDir;
    }

    /** Everything etcd wrote, across restarts. */
    public Path logFile() {
        return baseDir.resolve("etcd.log");
    }

    /** Whether the etcd process is running. */
    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The process id of the running etcd. */
    public long pid() {
        requireStarted();
        return process.pid();
    }

    /**
     * Runs {@code etcdctl} (API v3) against this etcd, bounded by 30 s.
     *
     * @throws IOException when etcdctl fails or times out, with its error output
     */
    public ProcessRunner.Result etcdctl(String... args) throws IOException {
        return etcdctl(ETCDCTL_TIMEOUT, args);
    }

    /** Like {@link #etcdctl(String...)}, bounded by {@code timeout}. */
    public ProcessRunner.Result etcdctl(Duration timeout, String... args) throws IOException {
        requireStarted();
        List<String> command = new ArrayList<>(List.of(ETCDCTL.toString(), "--endpoints=" + clientEndpoint));
        command.addAll(List.of(args));
        return runEtcdctl(timeout, command);
    }

    /** {@code etcdctl snapshot save target}: a real backup file of the store as it is now. */
    public Path snapshotSave(Path target) throws IOException {
        etcdctl("snapshot", "save", target.toString());
        return target;
    }

    /** The store's current revision, from {@code etcdctl endpoint status}. */
    public long revision() throws IOException {
        String json = etcdctl("endpoint", "status", "--write-out=json").stdout();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"revision\"\\s*:\\s*(\\d+)").matcher(json);
        if (!m.find()) {
            throw new IOException("no revision in etcdctl endpoint status output: " + json);
        }
        return Long.parseLong(m.group(1));
    }

    void start() throws IOException {
        if (!Files.isExecutable(ETCD) || !Files.isExecutable(ETCDCTL)) {
            throw new IllegalStateException(ETCD + " or " + ETCDCTL + " not found: " + INSTALL_HINT);
        }
        for (int attempt = 1; ; attempt++) {
            int[] ports = FreePorts.find(3);
            clientEndpoint = URI.create("http://127.0.0.1:" + ports[0]);
            peerUrl = "http://127.0.0.1:" + ports[1];
            health = URI.create("http://127.0.0.1:" + ports[2] + "/health");
            dataDir = nextDataDir();
            if (launch(true)) {
                return;
            }
            if (attempt == START_ATTEMPTS) {
                throw new IllegalStateException("etcd could not bind its ports in " + START_ATTEMPTS
                        + " attempts; log:\n" + KubeTestBed.tail(logFile()));
            }
        }
    }

    /**
     * Stops etcd, restores {@code backup} into a new data dir and starts etcd from it on the same
     * client, peer and metrics URLs.
     */
    void restoreFrom(Path backup) throws IOException {
        requireStarted();
        if (!Files.isRegularFile(backup)) {
            throw new IOException("no backup file at " + backup);
        }
        stop();
        Path restored = nextDataDir();
        runEtcdctl(ETCDCTL_TIMEOUT, List.of(ETCDCTL.toString(), "snapshot", "restore", backup.toString(),
                "--name=" + MEMBER_NAME,
                "--data-dir=" + restored,
                "--initial-cluster=" + MEMBER_NAME + "=" + peerUrl,
                "--initial-advertise-peer-urls=" + peerUrl)).requireSuccess();
        dataDir = restored;
        // The ports were ours a moment ago; if someone took one meanwhile, say so plainly.
        if (!launch(false)) {
            throw new IllegalStateException("etcd could not bind its old ports again after the restore; log:\n"
                    + KubeTestBed.tail(logFile()));
        }
    }

    void stop() {
        Process running = process;
        process = null;
        KubeTestBed.stopProcess(running);
    }

    private Path nextDataDir() {
        return baseDir.resolve("data-" + (generation++));
    }

    /** Starts etcd on the chosen URLs and waits until healthy; false if a port was taken. */
    private boolean launch(boolean fresh) throws IOException {
        List<String> command = new ArrayList<>(List.of(ETCD.toString(),
                "--name=" + MEMBER_NAME,
                "--data-dir=" + dataDir,
                "--listen-client-urls=" + clientEndpoint,
                "--advertise-client-urls=" + clientEndpoint,
                "--listen-peer-urls=" + peerUrl,
                "--initial-advertise-peer-urls=" + peerUrl,
                "--initial-cluster=" + MEMBER_NAME + "=" + peerUrl,
                "--listen-metrics-urls=http://127.0.0.1:" + health.getPort(),
                "--logger=zap",
                "--log-outputs=stderr"));
        if (fresh) {
            command.add("--initial-cluster-state=new");
        }
        Files.writeString(logFile(), "=== " + String.join(" ", command) + "\n",
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(baseDir.toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()));
        // ETCD_* variables from the developer's shell would override the flags above.
        builder.environment().keySet().removeIf(name -> name.startsWith("ETCD_") || name.startsWith("ETCDCTL_"));
        long logStart = Files.size(logFile());
        process = builder.start();

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    int exitCode = process.exitValue();
                    process = null;
                    String log = KubeTestBed.tail(logFile());
                    String output = Files.readString(logFile());
                    if (output.substring((int) Math.min(logStart, output.length())).contains("address already in use")) {
                        return false;
                    }
                    throw new IllegalStateException("etcd exited with code " + exitCode + " while starting; log:\n"
                            + log);
                }
                if (healthy(http)) {
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
                + " s; log:\n" + KubeTestBed.tail(logFile()));
    }

    private boolean healthy(HttpClient http) throws InterruptedException {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().replace(" ", "").contains("\"health\":\"true\"");
        } catch (IOException e) {
            return false;
        }
    }

    private ProcessRunner.Result runEtcdctl(Duration timeout, List<String> command) throws IOException {
        Map<String, String> environment = new HashMap<>();
        // Settings from the developer's shell would point etcdctl elsewhere.
        System.getenv().keySet().stream().filter(name -> name.startsWith("ETCDCTL_"))
                .forEach(name -> environment.put(name, null));
        environment.put("ETCDCTL_API", "3");
        return ProcessRunner.run(timeout, baseDir, environment, command).requireSuccess();
    }

    private void requireStarted() {
        if (clientEndpoint == null) {
            throw new IllegalStateException("the test bed's etcd has not been started");
        }
    }
}
