package io.kubetriage.connector.kube;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceListBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeListBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.kubetriage.connector.kube.ClusterConnectException.Reason;
import io.kubetriage.core.cluster.ClusterInfo;
import io.kubetriage.core.kubeconfig.KubeContext;

/**
 * Probes clusters simulated by the Kubernetes mock server (in place of a real API server), by
 * silent or closed loopback ports, and by broken kubeconfig files.
 */
class KubeClusterProbeMockServerTest {

    private static final String LOOPBACK = "127.0.0.1";
    private static final String TOKEN = "t0ken-for-tests";
    private static final String CONTEXT = "mock";
    /** Set on every kubeconfig written, so that any write to the file would show. */
    private static final FileTime OLD_MTIME = FileTime.fromMillis(1_600_000_000_000L);
    private static final Duration SHORT = Duration.ofSeconds(5);

    @TempDir
    Path tmp;

    private final List<KubernetesMockServer> servers = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void stopServers() throws Exception {
        for (KubernetesMockServer server : servers) {
            server.destroy();
        }
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
    }

    @Test
    void probeReportsVersionNodesAndNamespaces() throws Exception {
        KubernetesMockServer server = crudServer(false);
        server.setVersionInfo(new VersionInfo.Builder()
                .withMajor("1").withMinor("20").withGitVersion("v1.20.2").build());
        try (NamespacedKubernetesClient admin = server.createClient(new JdkHttpClientFactory())) {
            for (int i = 1; i <= 3; i++) {
                admin.nodes().resource(new NodeBuilder()
                        .withNewMetadata().withName("node-" + i).endMetadata().build()).create();
            }
            for (String ns : List.of("default", "kube-system", "team-a", "team-b")) {
                admin.namespaces().resource(new NamespaceBuilder()
                        .withNewMetadata().withName(ns).endMetadata().build()).create();
            }
        }
        Path file = writeKubeconfig("http://" + LOOPBACK + ":" + server.getPort());
        byte[] before = Files.readAllBytes(file);

        ClusterInfo info = probe(Duration.ofSeconds(10)).probe(context(file),
                new NullProgressMonitor());

        assertEquals("v1.20.2", info.serverVersion());
        assertEquals(3, info.nodeCount());
        assertEquals(4, info.namespaceCount());
        assertNull(info.etcd());
        RecordedRequest last = server.getLastRequest();
        assertEquals("Bearer " + TOKEN, last.getHeader("Authorization"),
                "the context's token is sent");
        assertFileUnchanged(file, before);
    }

    @Test
    void countsFollowContinueTokens() throws Exception {
        KubernetesMockServer server = expectationServer(false);
        expectVersion(server);
        server.expect().get().withPath("/api/v1/nodes?limit=2")
                .andReturn(200, new NodeListBuilder()
                        .withNewMetadata().withContinue("nodes-2").endMetadata()
                        .addNewItem().withNewMetadata().withName("n1").endMetadata().endItem()
                        .addNewItem().withNewMetadata().withName("n2").endMetadata().endItem()
                        .build())
                .always();
        server.expect().get().withPath("/api/v1/nodes?continue=nodes-2&limit=2")
                .andReturn(200, new NodeListBuilder()
                        .withNewMetadata().withContinue("nodes-4").endMetadata()
                        .addNewItem().withNewMetadata().withName("n3").endMetadata().endItem()
                        .addNewItem().withNewMetadata().withName("n4").endMetadata().endItem()
                        .build())
                .always();
        server.expect().get().withPath("/api/v1/nodes?continue=nodes-4&limit=2")
                .andReturn(200, new NodeListBuilder()
                        .withNewMetadata().endMetadata()
                        .addNewItem().withNewMetadata().withName("n5").endMetadata().endItem()
                        .build())
                .always();
        server.expect().get().withPath("/api/v1/namespaces?limit=2")
                .andReturn(200, new NamespaceListBuilder()
                        .withNewMetadata().withContinue("ns-2").endMetadata()
                        .addNewItem().withNewMetadata().withName("a").endMetadata().endItem()
                        .addNewItem().withNewMetadata().withName("b").endMetadata().endItem()
                        .build())
                .always();
        server.expect().get().withPath("/api/v1/namespaces?continue=ns-2&limit=2")
                .andReturn(200, new NamespaceListBuilder()
                        .withNewMetadata().withContinue("").endMetadata()
                        .addNewItem().withNewMetadata().withName("c").endMetadata().endItem()
                        .build())
                .always();
        Path file = writeKubeconfig("http://" + LOOPBACK + ":" + server.getPort());

        KubeClusterProbe probe = new KubeClusterProbe(new KubeClientFactory(), SHORT,
                Duration.ofSeconds(10), 2);
        ClusterInfo info = probe.probe(context(file), new NullProgressMonitor());

        assertEquals(5, info.nodeCount());
        assertEquals(3, info.namespaceCount());
        // version + 3 node pages + 2 namespace pages
        assertEquals(6, server.getRequestCount());
    }

    @Test
    void closedPortIsUnreachable() throws Exception {
        int port = unusedPort();
        Path file = writeKubeconfig("https://" + LOOPBACK + ":" + port);
        byte[] before = Files.readAllBytes(file);

        long start = System.nanoTime();
        ClusterConnectException e = assertThrows(ClusterConnectException.class,
                () -> probe(SHORT).probe(context(file), new NullProgressMonitor()));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertEquals(Reason.UNREACHABLE, e.reason(), e::getMessage);
        assertEquals("unreachable: connection refused (127.0.0.1:" + port + ")", e.getMessage());
        assertTrue(took.compareTo(Duration.ofSeconds(4)) < 0, "failed fast, no retries: " + took);
        assertFileUnchanged(file, before);
    }

    @Test
    void rejectedCredentialsAreUnauthorized() throws Exception {
        KubernetesMockServer server = expectationServer(false);
        // The mock answers /version itself until its expectations are cleared.
        server.clearExpectations();
        server.expect().get().withPath("/version")
                .andReturn(401, new StatusBuilder().withStatus("Failure").withCode(401)
                        .withReason("Unauthorized").withMessage("Unauthorized").build())
                .always();
        Path file = writeKubeconfig("http://" + LOOPBACK + ":" + server.getPort());
        byte[] before = Files.readAllBytes(file);

        ClusterConnectException e = assertThrows(ClusterConnectException.class,
                () -> probe(SHORT).probe(context(file), new NullProgressMonitor()));

        assertEquals(Reason.UNAUTHORIZED, e.reason(), e::getMessage);
        assertEquals("unauthorized: the server rejected the credentials (401)", e.getMessage());
        assertFileUnchanged(file, before);
    }

    @Test
    void deniedListIsForbiddenWithTheServersReason() throws Exception {
        KubernetesMockServer server = expectationServer(false);
        expectVersion(server);
        String denial = "nodes is forbidden: User \"tester\" cannot list resource \"nodes\"";
        server.expect().get().withPath("/api/v1/nodes?limit=" + KubeClusterProbe.DEFAULT_PAGE_SIZE)
                .andReturn(403, new StatusBuilder().withStatus("Failure").withCode(403)
                        .withReason("Forbidden").withMessage(denial).build())
                .always();
        Path file = writeKubeconfig("http://" + LOOPBACK + ":" + server.getPort());

        ClusterConnectException e = assertThrows(ClusterConnectException.class,
                () -> probe(SHORT).probe(context(file), new NullProgressMonitor()));

        assertEquals(Reason.FORBIDDEN, e.reason(), e::getMessage);
        assertEquals("forbidden: " + denial + " (403)", e.getMessage());
    }

    @Test
    void failingServerIsServerError() throws Exception {
        KubernetesMockServer server = expectationServer(false);
        server.clearExpectations();
        server.expect().get().withPath("/version")
                .andReturn(503, new StatusBuilder().withStatus("Failure").withCode(503)
                        .withMessage("etcd is unavailable").build())
                .always();
        Path file = writeKubeconfig("http://" + LOOPBACK + ":" + server.getPort());

        ClusterConnectException e = assertThrows(ClusterConnectException.class,
                () -> probe(SHORT).probe(context(file), new NullProgressMonitor()));

        assertEquals(Reason.SERVER_ERROR, e.reason(), e::getMessage);
        assertEquals("server error: the server answered 503: etcd is unavailable",
                e.getMessage());
    }

    @Test
    void untrustedServerCertificateIsTls() throws Exception {
        KubernetesMockServer server = crudServer(true);
        Path file = writeKubeconfig("https://" + LOOPBACK + ":" + server.getPort(), false);

        ClusterConnectException e = assertThrows(ClusterConnectException.class,
                () -> probe(SHORT).probe(context(file), new NullProgressMonitor()));

        assertEquals(Reason.TLS, e.reason(), e::getMessage);
        assertEquals("tls: the server certificate is signed by an unknown authority (127.0.0.1:"
                + server.getPort() + ")", e.getMessage());
    }

    @Test
    void trustedByInsecureSkipTlsVerify() throws Exception {
        KubernetesMockServer server = crudServer(true);
        expectVersion(server);
        Path file = writeKubeconfig("https://" + LOOPBACK + ":" + server.getPort(), true);

        ClusterInfo info = probe(SHORT).probe(context(file), new NullProgressMonitor());

        assertEquals("v1.31.4", info.serverVersion());
        assertEquals(0, info.nodeCount());
        assertEquals(0, info.namespaceCount());
    }

    @Test
    void garbageKubeconfigIsBadKubeconfig() throws Exception {
        Path file = tmp.resolve("garbage.yaml");
        Files.writeString(file, "{{{ this: is: not [ a kubeconfig\n\t%%%\n");

        ClusterConnectException e = assertThrows(ClusterConnectException.class,
                () -> probe(SHORT).probe(context(file), new NullProgressMonitor()));

        assertEquals(Reason.BAD_KUBECONFIG, e.reason(), e::getMessage);
        assertTrue(e.getMessage().startsWith("bad kubeconfig: " + file.toAbsolutePath()),
                e.getMessage());
        assertTrue(e.getMessage().indexOf('\n') < 0, "one line: " + e.getMessage());
    }

    @Test
    void binaryKubeconfigIsBadKubeconfig() throws Exception {
        Path file = tmp.resolve("binary");
        Files.write(file, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, (byte) 0x80});

        ClusterConnectException e = assertThrows(ClusterConnectException.class,
                () -> new KubeClientFactory().open(context(file), SHORT, SHORT));

        assertEquals(Reason.BAD_KUBECONFIG, e.reason(), e::getMessage);
    }

    @Test
    void contextWithProblemIsBadKubeconfig() throws Exception {
        Path file = writeKubeconfig("http://" + LOOPBACK + ":1");
        KubeContext broken = new KubeContext(CONTEXT, "gone", null, "tester", null, file,
                "cluster 'gone' is not defined");

        ClusterConnectException e = assertThrows(ClusterConnectException.class,
                () -> probe(SHORT).probe(broken, new NullProgressMonitor()));

        assertEquals(Reason.BAD_KUBECONFIG, e.reason(), e::getMessage);
        assertEquals("bad kubeconfig: context 'mock': cluster 'gone' is not defined",
                e.getMessage());
    }

    @Test
    void contextMissingFromFileIsNotReplacedByCurrentContext() throws Exception {
        Path file = writeKubeconfig("http://" + LOOPBACK + ":1");
        KubeContext elsewhere = new KubeContext("not-in-file", "mock-cluster",
                "http://" + LOOPBACK + ":1", "tester", null, file, null);

        ClusterConnectException e = assertThrows(ClusterConnectException.class,
                () -> new KubeClientFactory().open(elsewhere, SHORT, SHORT));

        assertEquals(Reason.BAD_KUBECONFIG, e.reason(), e::getMessage);
        assertTrue(e.getMessage().contains("'not-in-file' is not defined"), e.getMessage());
    }

    @Test
    void silentServerTimesOut() throws Exception {
        SilentServer silent = silentServer();
        Path file = writeKubeconfig("http://" + LOOPBACK + ":" + silent.port());

        long start = System.nanoTime();
        ClusterConnectException e = assertThrows(ClusterConnectException.class,
                () -> probe(Duration.ofMillis(500)).probe(context(file),
                        new NullProgressMonitor()));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertEquals(Reason.TIMEOUT, e.reason(), e::getMessage);
        assertEquals("timeout: the server did not answer in time (127.0.0.1:" + silent.port()
                + ")", e.getMessage());
        assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "took " + took);
    }

    @Test
    void cancellingTheMonitorEndsABlockedProbePromptly() throws Exception {
        SilentServer silent = silentServer();
        Path file = writeKubeconfig("http://" + LOOPBACK + ":" + silent.port());
        byte[] before = Files.readAllBytes(file);
        NullProgressMonitor monitor = new NullProgressMonitor();
        ScheduledExecutorService canceller = Executors.newSingleThreadScheduledExecutor();
        closeables.add(canceller::shutdownNow);
        canceller.schedule(() -> {
            // Cancel only once the probe is certainly waiting for an answer.
            silent.connected().await(10, TimeUnit.SECONDS);
            Thread.sleep(200);
            monitor.setCanceled(true);
            return null;
        }, 0, TimeUnit.MILLISECONDS);

        long start = System.nanoTime();
        assertThrows(OperationCanceledException.class,
                () -> probe(Duration.ofSeconds(60)).probe(context(file), monitor));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertEquals(0, silent.connected().getCount(), "the probe had connected");
        assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "took " + took);
        assertFileUnchanged(file, before);
    }

    @Test
    void cancellingWhileACredentialPluginRunsIsPrompt() throws Exception {
        assumeTrue(File.separatorChar == '/', "the plugin is a POSIX shell script");
        SilentServer silent = silentServer();
        Path marker = tmp.resolve("plugin-ran");
        Path plugin = tmp.resolve("slow-plugin.sh");
        Files.writeString(plugin, "#!/bin/sh\ntouch '" + marker + "'\nexec sleep 10\n");
        assertTrue(plugin.toFile().setExecutable(true), "plugin made executable");
        Path file = tmp.resolve("exec-kubeconfig.yaml");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock-cluster
                  cluster:
                    server: http://%s:%d
                contexts:
                - name: %s
                  context:
                    cluster: mock-cluster
                    user: plugin-user
                users:
                - name: plugin-user
                  user:
                    exec:
                      apiVersion: client.authentication.k8s.io/v1
                      command: ./slow-plugin.sh
                      interactiveMode: Never
                """.formatted(LOOPBACK, silent.port(), CONTEXT));
        Files.setLastModifiedTime(file, OLD_MTIME);
        byte[] before = Files.readAllBytes(file);
        NullProgressMonitor monitor = new NullProgressMonitor();
        ScheduledExecutorService canceller = Executors.newSingleThreadScheduledExecutor();
        closeables.add(canceller::shutdownNow);
        canceller.schedule(() -> {
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!Files.exists(marker) && System.nanoTime() < giveUp) {
                Thread.sleep(20);
            }
            Thread.sleep(200);
            monitor.setCanceled(true);
            return null;
        }, 0, TimeUnit.MILLISECONDS);

        long start = System.nanoTime();
        assertThrows(OperationCanceledException.class,
                () -> probe(Duration.ofSeconds(60)).probe(context(file), monitor));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertTrue(Files.exists(marker), "the plugin, named relative to the kubeconfig, ran");
        assertEquals(1, silent.connected().getCount(), "no request was sent");
        assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "took " + took);
        assertFileUnchanged(file, before);
    }

    @Test
    void cancelledMonitorStopsBeforeConnecting() throws Exception {
        SilentServer silent = silentServer();
        Path file = writeKubeconfig("http://" + LOOPBACK + ":" + silent.port());
        NullProgressMonitor monitor = new NullProgressMonitor();
        monitor.setCanceled(true);

        assertThrows(OperationCanceledException.class,
                () -> probe(SHORT).probe(context(file), monitor));

        assertEquals(1, silent.connected().getCount(), "no connection was made");
    }

    // ---------------------------------------------------------------- helpers

    private static KubeClusterProbe probe(Duration requestTimeout) {
        return new KubeClusterProbe(new KubeClientFactory(), SHORT, requestTimeout,
                KubeClusterProbe.DEFAULT_PAGE_SIZE);
    }

    private KubernetesMockServer crudServer(boolean https) throws IOException {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        return start(new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses), https));
    }

    private KubernetesMockServer expectationServer(boolean https) throws IOException {
        return start(new KubernetesMockServer(new MockWebServer(), new HashMap<>(), https));
    }

    private KubernetesMockServer start(KubernetesMockServer server) throws IOException {
        servers.add(server);
        server.init(InetAddress.getByName(LOOPBACK), 0);
        return server;
    }

    private static void expectVersion(KubernetesMockServer server) {
        server.setVersionInfo(new VersionInfo.Builder()
                .withMajor("1").withMinor("31").withGitVersion("v1.31.4").build());
    }

    private Path writeKubeconfig(String server) throws IOException {
        return writeKubeconfig(server, false);
    }

    /**
     * Writes a kubeconfig whose current context is a different, unusable one, so that a probe
     * that ignored the context's name would fail.
     */
    private Path writeKubeconfig(String server, boolean insecure) throws IOException {
        String yaml = """
                apiVersion: v1
                kind: Config
                current-context: elsewhere
                clusters:
                - name: mock-cluster
                  cluster:
                    server: %s
                    insecure-skip-tls-verify: %s
                - name: elsewhere-cluster
                  cluster:
                    server: https://%s:1
                contexts:
                - name: %s
                  context:
                    cluster: mock-cluster
                    user: tester
                - name: elsewhere
                  context:
                    cluster: elsewhere-cluster
                    user: nobody
                users:
                - name: tester
                  user:
                    token: %s
                - name: nobody
                  user:
                    token: wrong
                """.formatted(server, insecure, LOOPBACK, CONTEXT, TOKEN);
        Path file = Files.createTempFile(tmp, "kubeconfig", ".yaml");
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        Files.setLastModifiedTime(file, OLD_MTIME);
        return file;
    }

    private static KubeContext context(Path file) {
        return new KubeContext(CONTEXT, "mock-cluster", null, "tester", null, file, null);
    }

    private static void assertFileUnchanged(Path file, byte[] before) throws IOException {
        assertArrayEquals(before, Files.readAllBytes(file), "kubeconfig content unchanged");
        assertEquals(OLD_MTIME, Files.getLastModifiedTime(file), "kubeconfig mtime unchanged");
    }

    private static int unusedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        }
    }

    private SilentServer silentServer() throws IOException {
        SilentServer silent = new SilentServer(
                new ServerSocket(0, 50, InetAddress.getByName(LOOPBACK)));
        closeables.add(silent);
        Thread acceptor = new Thread(silent::acceptForever, "silent test server");
        acceptor.setDaemon(true);
        acceptor.start();
        return silent;
    }

    /** Accepts connections and never answers. */
    private record SilentServer(ServerSocket socket, List<Socket> accepted,
            CountDownLatch connected) implements AutoCloseable {

        SilentServer(ServerSocket socket) {
            this(socket, new CopyOnWriteArrayList<>(), new CountDownLatch(1));
        }

        int port() {
            return socket.getLocalPort();
        }

        void acceptForever() {
            try {
                while (!socket.isClosed()) {
                    accepted.add(socket.accept());
                    connected.countDown();
                }
            } catch (IOException closed) {
                // the test is over
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket s : accepted) {
                s.close();
            }
        }
    }
}
