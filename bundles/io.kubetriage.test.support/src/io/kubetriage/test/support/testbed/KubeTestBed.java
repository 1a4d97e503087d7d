package io.kubetriage.test.support.testbed;

import io.kubetriage.test.support.FreePorts;
import io.kubetriage.test.support.ProcessRunner;
import io.kubetriage.test.support.etcd.TestPki;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real, small Kubernetes control plane for tests: etcd ({@code /usr/bin/etcd}), kube-apiserver
 * and kube-controller-manager v1.20 from the cache {@code releng/testbed/build-kube.sh} fills, all
 * on free loopback ports in a fresh temporary directory. No scheduler and no nodes: Pods stay
 * Pending, as in the restore incident.
 *
 * <p>Register it on a static field and tag the class, as it takes some seconds to start:
 *
 * <pre>{@code
 * @Tag(KubeTestBed.TESTBED_TAG)
 * class MyTest {
 *     @RegisterExtension
 *     static final KubeTestBed CLUSTER = KubeTestBed.protobuf();
 * }
 * }</pre>
 *
 * <p>On an instance field every test gets its own control plane. Clients connect with
 * {@link #kubeconfig()} (context {@value #CONTEXT}, a bearer token of group
 * {@code system:masters}). {@link #restoreEtcdFrom(Path)} replaces the store under the running
 * API server with a backup, as an operator restoring etcd does.
 *
 * <p>Missing binaries fail the test bed (they are not skipped): run
 * {@code releng/testbed/build-kube.sh} once.
 */
public final class KubeTestBed
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    /** The JUnit tag for tests that use the test bed. */
    public static final String TESTBED_TAG = "testbed";

    /** The context, cluster name prefix and user name prefix in {@link #kubeconfig()}. */
    public static final String CONTEXT = "testbed";

    /** The version the cached binaries are built from. */
    public static final String KUBE_VERSION = "v1.20.2";

    public static final String BUILD_HINT =
            "run releng/testbed/build-kube.sh (about 25 minutes once)";

    /** The controllers run by default: enough for rollouts, namespace deletion and Pods. */
    public static final List<String> DEFAULT_CONTROLLERS = List.of("deployment", "replicaset", "namespace",
            "garbagecollector", "serviceaccount", "serviceaccount-token");

    /** How the API server encodes objects in etcd. */
    public enum StorageMediaType {
        /** {@code application/vnd.kubernetes.protobuf}: what real clusters store (the default). */
        PROTOBUF("application/vnd.kubernetes.protobuf"),
        /** {@code application/json}: readable with plain {@code etcdctl get}. */
        JSON("application/json");

        private final String mediaType;

        StorageMediaType(String mediaType) {
            this.mediaType = mediaType;
        }

        public String mediaType() {
            return mediaType;
        }
    }

    private static final Duration APISERVER_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CONTROLLER_MANAGER_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final int START_ATTEMPTS = 3;
    private static final int LOG_TAIL_LINES = 60;

    /** The Service CIDR by default ({@code --service-cluster-ip-range}): {@code kubernetes} is 10.96.0.1. */
    public static final String DEFAULT_SERVICE_CIDR = "10.96.0.0/16";

    private final StorageMediaType storageMediaType;
    private final List<String> controllers;
    private final Path binDir;
    private final String serviceCidr;

    private Path baseDir;
    private TestBedEtcd etcd;
    private Process apiServer;
    private Process controllerManager;
    /** How the running API server and controller-manager were started, for {@link #restartControlPlane()}. */
    private List<String> apiServerCommand;
    private List<String> controllerManagerCommand;
    private String controllerManagerHealth;
    private URI apiServerUrl;
    private String token;
    private Path kubeconfig;
    private TestPki pki;
    private Thread shutdownHook;
    private boolean perTest;
    private int classDepth;

    private KubeTestBed(StorageMediaType storageMediaType, List<String> controllers, Path binDir,
            String serviceCidr) {
        this.storageMediaType = Objects.requireNonNull(storageMediaType, "storageMediaType");
        this.controllers = List.copyOf(controllers);
        this.binDir = Objects.requireNonNull(binDir, "binDir");
        this.serviceCidr = Objects.requireNonNull(serviceCidr, "serviceCidr");
    }

    /** A test bed storing protobuf values in etcd, as real clusters do. */
    public static KubeTestBed protobuf() {
        return new KubeTestBed(StorageMediaType.PROTOBUF, DEFAULT_CONTROLLERS, defaultBinDir(), DEFAULT_SERVICE_CIDR);
    }

    /** A test bed storing JSON values in etcd. */
    public static KubeTestBed json() {
        return new KubeTestBed(StorageMediaType.JSON, DEFAULT_CONTROLLERS, defaultBinDir(), DEFAULT_SERVICE_CIDR);
    }

    /** A copy that stores values as {@code type}. */
    public KubeTestBed withStorageMediaType(StorageMediaType type) {
        return new KubeTestBed(type, controllers, binDir, serviceCidr);
    }

    /**
     * A copy whose controller-manager runs only {@code names} ({@code --controllers}); an empty
     * list runs no controller-manager at all.
     */
    public KubeTestBed withControllers(String... names) {
        return new KubeTestBed(storageMediaType, List.of(names), binDir, serviceCidr);
    }

    /** A copy that takes the binaries from {@code dir}. */
    public KubeTestBed withBinDir(Path dir) {
        return new KubeTestBed(storageMediaType, controllers, dir, serviceCidr);
    }

    /**
     * A copy whose API server allocates ClusterIPs from {@code cidr} ({@code
     * --service-cluster-ip-range}); the {@code kubernetes} Service gets its first address, e.g.
     * 10.233.0.1 for {@code 10.233.0.0/18}.
     */
    public KubeTestBed withServiceCidr(String cidr) {
        return new KubeTestBed(storageMediaType, controllers, binDir, cidr);
    }

    /**
     * Where build-kube.sh keeps the binaries: {@code $KUBETRIAGE_TESTBED_CACHE/bin}, else
     * {@code $XDG_CACHE_HOME/kubetriage/testbed/bin}, else {@code ~/.cache/kubetriage/testbed/bin};
     * the system property {@code kubetriage.testbed.bin} overrides all of them.
     */
    public static Path defaultBinDir() {
        String property = System.getProperty("kubetriage.testbed.bin");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String cache = System.getenv("KUBETRIAGE_TESTBED_CACHE");
        if (cache != null && !cache.isBlank()) {
            return Path.of(cache, "bin");
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path cacheHome = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".cache");
        return cacheHome.resolve("kubetriage").resolve("testbed").resolve("bin");
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        // @Nested classes inherit the extension and call this again; one control plane serves all.
        if (classDepth++ == 0) {
            start();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        if (baseDir == null) {
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

    // ---------------------------------------------------------------- accessors

    /** A kubeconfig file whose current context {@value #CONTEXT} reaches the API server as admin. */
    public Path kubeconfig() {
        requireRunning();
        return kubeconfig;
    }

    /** {@code https://127.0.0.1:port}. */
    public URI apiServerUrl() {
        requireRunning();
        return apiServerUrl;
    }

    /** The bearer token of the admin user (group {@code system:masters}). */
    public String token() {
        requireRunning();
        return token;
    }

    /** The CA certificate that signed the API server's serving certificate. */
    public Path caCert() {
        requireRunning();
        return pki.caCert();
    }

    /** The etcd under the API server. */
    public TestBedEtcd etcd() {
        requireRunning();
        return etcd;
    }

    /** Everything kube-apiserver wrote to stdout and stderr. */
    public Path apiServerLog() {
        requireRunning();
        return baseDir.resolve("kube-apiserver.log");
    }

    /** Everything kube-controller-manager wrote to stdout and stderr. */
    public Path controllerManagerLog() {
        requireRunning();
        return baseDir.resolve("kube-controller-manager.log");
    }

    public StorageMediaType storageMediaType() {
        return storageMediaType;
    }

    /** The Service CIDR the API server allocates ClusterIPs from. */
    public String serviceCidr() {
        return serviceCidr;
    }

    /** A directory that is deleted together with the test bed, for the test's own files. */
    public Path workDir() throws IOException {
        requireRunning();
        return Files.createDirectories(baseDir.resolve("work"));
    }

    /**
     * The incident: stops etcd, restores {@code backup} (from {@code etcdctl snapshot save}) into
     * a new data dir with {@code etcdctl snapshot restore} and starts etcd again on the same client
     * URL, while kube-apiserver and kube-controller-manager keep running.
     */
    public void restoreEtcdFrom(Path backup) throws IOException {
        requireRunning();
        etcd.restoreFrom(backup);
    }

    /**
     * Restarts kube-apiserver and kube-controller-manager with the same flags and ports while etcd
     * keeps running, as an operator does after a restore: the API server's watch cache and the
     * controllers' informers are filled again from the store as it is now.
     */
    public void restartControlPlane() throws IOException {
        requireRunning();
        Process cm = controllerManager;
        controllerManager = null;
        stopProcess(cm);
        stopProcess(apiServer);
        Path apiLog = baseDir.resolve("kube-apiserver.log");
        apiServer = launch(apiServerCommand, apiLog);
        if (awaitReady(apiServer, "/readyz", APISERVER_TIMEOUT, apiLog, true) != ReadyState.READY) {
            throw new IllegalStateException("kube-apiserver could not bind its port again; log " + apiLog
                    + ":\n" + tail(apiLog));
        }
        if (controllerManagerCommand != null) {
            Path cmLog = baseDir.resolve("kube-controller-manager.log");
            controllerManager = launch(controllerManagerCommand, cmLog);
            if (awaitReady(controllerManager, controllerManagerHealth, CONTROLLER_MANAGER_TIMEOUT, cmLog, false)
                    != ReadyState.READY) {
                throw new IllegalStateException("kube-controller-manager could not bind its port again; log "
                        + cmLog + ":\n" + tail(cmLog));
            }
        }
    }

    /**
     * Sends a GET with the admin token, e.g. {@code get("/api/v1/namespaces")}.
     *
     * @return the status code and body
     */
    public HttpResponse<String> get(String path) throws IOException {
        requireRunning();
        try (HttpClient http = httpClient()) {
            return http.send(request(path, Duration.ofSeconds(10)), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sending GET " + path, e);
        }
    }

    // ---------------------------------------------------------------- start and stop

    private void start() throws IOException {
        Path apiServerBinary = requireBinary("kube-apiserver");
        Path controllerManagerBinary = controllers.isEmpty() ? null : requireBinary("kube-controller-manager");
        baseDir = Files.createTempDirectory("kubetriage-testbed-");
        shutdownHook = new Thread(this::killAll, "kubetriage test bed shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            pki = TestPki.create(baseDir.resolve("pki"));
            TestPki.Issued serving = pki.issueServer("kube-apiserver");
            Path saKey = baseDir.resolve("pki/sa.key");
            Path saPub = baseDir.resolve("pki/sa.pub");
            openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", saKey.toString());
            openssl("pkey", "-in", saKey.toString(), "-pubout", "-out", saPub.toString());
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            token = HexFormat.of().formatHex(random);
            Path tokens = baseDir.resolve("pki/tokens.csv");
            Files.writeString(tokens, token + ",testbed-admin,testbed-admin,\"system:masters\"\n");

            etcd = new TestBedEtcd(Files.createDirectories(baseDir.resolve("etcd")));
            etcd.start();

            startApiServer(apiServerBinary, serving, saKey, saPub, tokens);
            kubeconfig = writeKubeconfig(baseDir.resolve("kubeconfig"));
            if (controllerManagerBinary != null) {
                startControllerManager(controllerManagerBinary, saKey);
            }
        } catch (IOException | RuntimeException e) {
            try {
                stop();
            } catch (IOException | RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    private void startApiServer(Path binary, TestPki.Issued serving, Path saKey, Path saPub, Path tokens)
            throws IOException {
        Path log = baseDir.resolve("kube-apiserver.log");
        for (int attempt = 1; ; attempt++) {
            int port = FreePorts.find();
            apiServerUrl = URI.create("https://127.0.0.1:" + port);
            List<String> command = List.of(binary.toString(),
                    "--advertise-address=127.0.0.1",
                    "--bind-address=127.0.0.1",
                    "--secure-port=" + port,
                    "--insecure-port=0",
                    "--cert-dir=" + baseDir.resolve("pki"),
                    "--tls-cert-file=" + serving.cert(),
                    "--tls-private-key-file=" + serving.key(),
                    "--client-ca-file=" + pki.caCert(),
                    "--token-auth-file=" + tokens,
                    "--authorization-mode=RBAC",
                    "--service-account-key-file=" + saPub,
                    "--service-account-signing-key-file=" + saKey,
                    "--service-account-issuer=https://kubernetes.default.svc",
                    "--api-audiences=https://kubernetes.default.svc",
                    "--service-cluster-ip-range=" + serviceCidr,
                    "--enable-priority-and-fairness=false",
                    "--allow-privileged=true",
                    // The "kubernetes" Endpoints may not point at loopback; keep the log free of that.
                    "--endpoint-reconciler-type=none",
                    "--etcd-servers=" + etcd.endpoint(),
                    "--storage-media-type=" + storageMediaType.mediaType(),
                    "--etcd-compaction-interval=0",
                    "--profiling=false",
                    "--v=1");
            apiServer = launch(command, log);
            if (awaitReady(apiServer, "/readyz", APISERVER_TIMEOUT, log, true) == ReadyState.READY) {
                apiServerCommand = command;
                return;
            }
            if (attempt == START_ATTEMPTS) {
                throw new IllegalStateException("kube-apiserver could not bind a port in " + START_ATTEMPTS
                        + " attempts; log " + log + ":\n" + tail(log));
            }
        }
    }

    private void startControllerManager(Path binary, Path saKey) throws IOException {
        Path log = baseDir.resolve("kube-controller-manager.log");
        Path cmKubeconfig = writeKubeconfig(baseDir.resolve("kube-controller-manager.kubeconfig"));
        for (int attempt = 1; ; attempt++) {
            int port = FreePorts.find();
            List<String> command = List.of(binary.toString(),
                    "--kubeconfig=" + cmKubeconfig,
                    "--controllers=" + String.join(",", controllers),
                    "--leader-elect=false",
                    "--service-account-private-key-file=" + saKey,
                    "--root-ca-file=" + pki.caCert(),
                    "--use-service-account-credentials=false",
                    // Health on plain HTTP on a free loopback port; no secure port.
                    "--address=127.0.0.1",
                    "--port=" + port,
                    "--secure-port=0",
                    "--profiling=false",
                    "--v=1");
            controllerManager = launch(command, log);
            ReadyState state = awaitReady(controllerManager, "http://127.0.0.1:" + port + "/healthz",
                    CONTROLLER_MANAGER_TIMEOUT, log, false);
            if (state == ReadyState.READY) {
                controllerManagerCommand = command;
                controllerManagerHealth = "http://127.0.0.1:" + port + "/healthz";
                return;
            }
            if (attempt == START_ATTEMPTS) {
                throw new IllegalStateException("kube-controller-manager could not bind a port in "
                        + START_ATTEMPTS + " attempts; log " + log + ":\n" + tail(log));
            }
        }
    }

    private enum ReadyState { READY, PORT_TAKEN }

    /**
     * Polls a health URL until it answers 200 {@code ok}.
     *
     * @param secure whether {@code path} is a path on the API server (TLS and token) or a full
     *               plain HTTP URL
     * @return PORT_TAKEN when the process exited because its port was taken meanwhile
     */
    private ReadyState awaitReady(Process process, String path, Duration timeout, Path log, boolean secure)
            throws IOException {
        String name = log.getFileName().toString().replace(".log", "");
        String lastAnswer = "no answer";
        long deadline = System.nanoTime() + timeout.toNanos();
        try (HttpClient http = secure ? httpClient()
                : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    String tail = tail(log);
                    if (tail.contains("address already in use")) {
                        return ReadyState.PORT_TAKEN;
                    }
                    throw new IllegalStateException(name + " exited with code " + process.exitValue()
                            + " while starting; log " + log + ":\n" + tail);
                }
                try {
                    HttpRequest request = secure ? request(path, Duration.ofSeconds(5))
                            : HttpRequest.newBuilder(URI.create(path)).timeout(Duration.ofSeconds(5)).build();
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200) {
                        return ReadyState.READY;
                    }
                    lastAnswer = response.statusCode() + " " + response.body();
                } catch (IOException e) {
                    lastAnswer = e.toString();
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        }
        throw new IllegalStateException(name + " was not ready within " + timeout.toSeconds() + " s (last answer: "
                + lastAnswer.strip() + "); log " + log + ":\n" + tail(log));
    }

    private void stop() throws IOException {
        // Reverse order of start: controller-manager, apiserver, etcd.
        Process cm = controllerManager;
        controllerManager = null;
        stopProcess(cm);
        Process api = apiServer;
        apiServer = null;
        stopProcess(api);
        if (etcd != null) {
            etcd.stop();
            etcd = null;
        }
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down already; the hook runs anyway
            }
            shutdownHook = null;
        }
        Path dir = baseDir;
        baseDir = null;
        apiServerUrl = null;
        token = null;
        kubeconfig = null;
        pki = null;
        if (dir != null && !Boolean.getBoolean("kubetriage.testbed.keep")) {
            deleteTree(dir);
        }
    }

    /** The JVM is going away (e.g. a test run killed by a timeout): leave no server behind. */
    private void killAll() {
        for (Process p : new Process[] {controllerManager, apiServer}) {
            if (p != null) {
                p.destroyForcibly();
            }
        }
        TestBedEtcd e = etcd;
        if (e != null) {
            e.stop();
        }
    }

    /** Stops one process we started: SIGTERM, then SIGKILL after a grace period. */
    static void stopProcess(Process running) {
        if (running == null) {
            return;
        }
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

    // ---------------------------------------------------------------- helpers

    private Path requireBinary(String name) {
        Path binary = binDir.resolve(name);
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(name + " " + KUBE_VERSION + " not found at " + binary + ": "
                    + BUILD_HINT);
        }
        return binary;
    }

    private Process launch(List<String> command, Path log) throws IOException {
        // appended: a restart keeps what the process wrote before it
        Files.writeString(log, "=== " + String.join(" ", command) + "\n", StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(baseDir.toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // The developer's cluster settings must not leak into the test bed.
        builder.environment().remove("KUBECONFIG");
        return builder.start();
    }

    private Path writeKubeconfig(Path file) throws IOException {
        String yaml = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: %1$s
                  cluster:
                    server: %2$s
                    certificate-authority: %3$s
                users:
                - name: %1$s-admin
                  user:
                    token: %4$s
                contexts:
                - name: %1$s
                  context:
                    cluster: %1$s
                    user: %1$s-admin
                    namespace: default
                current-context: %1$s
                """.formatted(CONTEXT, apiServerUrl, quote(pki.caCert().toString()), token);
        Files.writeString(file, yaml);
        return file;
    }

    private static String quote(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private HttpClient httpClient() {
        return HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(2))
                .sslContext(sslContext())
                .build();
    }

    private HttpRequest request(String path, Duration timeout) {
        return HttpRequest.newBuilder(apiServerUrl.resolve(path))
                .header("Authorization", "Bearer " + token)
                .timeout(timeout)
                .build();
    }

    private SSLContext sslContext() {
        try (InputStream in = Files.newInputStream(pki.caCert())) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("testbed-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot trust the test bed CA " + pki.caCert(), e);
        }
    }

    private void openssl(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("/usr/bin/openssl");
        command.addAll(List.of(args));
        ProcessRunner.run(Duration.ofSeconds(30), baseDir, Map.of(), command).requireSuccess();
    }

    private void requireRunning() {
        if (baseDir == null || apiServer == null) {
            throw new IllegalStateException("the test bed is not running: the extension starts it before each test"
                    + " (instance field) or before all tests (static field)");
        }
    }

    /** The last lines of a log file, for failure messages. */
    static String tail(Path log) {
        try {
            List<String> lines = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(log " + log + " unreadable: " + e + ")";
        }
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
