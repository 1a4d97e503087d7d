package io.kubetriage.connector.kube.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.MockWebServer;
import io.kubetriage.connector.kube.ClusterConnectException;
import io.kubetriage.connector.kube.ClusterConnectException.Reason;
import io.kubetriage.connector.kube.KubeClientFactory;
import io.kubetriage.core.kubeconfig.KubeContext;
import io.kubetriage.core.snapshot.ApiObject;
import io.kubetriage.core.snapshot.ObjectKey;
import io.kubetriage.core.snapshot.Snapshot;
import io.kubetriage.core.snapshot.SourceState;
import io.kubetriage.core.snapshot.SourceStatus;
import io.kubetriage.test.support.kube.MockKubeCluster;

/**
 * Captures clusters simulated by the Kubernetes mock server, which stands in for a real API
 * server: in CRUD mode it keeps the objects the test creates and serves their lists; the
 * discovery documents, and the answers a CRUD store cannot give (pages, 403, 410), are set up as
 * expectations.
 */
class ApiSnapshotCollectorMockServerTest {

    private static final String LOOPBACK = "127.0.0.1";
    private static final String CONTEXT = "mock";
    private static final Duration SHORT = Duration.ofSeconds(5);

    /** The core types the simulated server serves, in discovery order. */
    private static final String CORE_RESOURCES = """
            {"kind":"APIResourceList","groupVersion":"v1","resources":[
             {"name":"namespaces","namespaced":false,"kind":"Namespace","verbs":["create","delete","get","list","watch"]},
             {"name":"nodes","namespaced":false,"kind":"Node","verbs":["get","list","watch"]},
             {"name":"pods","namespaced":true,"kind":"Pod","verbs":["create","get","list","watch"]},
             {"name":"pods/log","namespaced":true,"kind":"Pod","verbs":["get"]},
             {"name":"pods/status","namespaced":true,"kind":"Pod","verbs":["get","list","patch"]},
             {"name":"bindings","namespaced":true,"kind":"Binding","verbs":["create"]},
             {"name":"configmaps","namespaced":true,"kind":"ConfigMap","verbs":["get","list","watch"]},
             {"name":"secrets","namespaced":true,"kind":"Secret","verbs":["get","list","watch"]},
             {"name":"events","namespaced":true,"kind":"Event","verbs":["get","list","watch"]}]}
            """;
    private static final String APPS_RESOURCES = """
            {"kind":"APIResourceList","groupVersion":"apps/v1","resources":[
             {"name":"deployments","namespaced":true,"kind":"Deployment","verbs":["get","list","watch"]},
             {"name":"deployments/scale","namespaced":true,"kind":"Scale","verbs":["get","patch"]}]}
            """;
    private static final String WIDGET_RESOURCES = """
            {"kind":"APIResourceList","groupVersion":"example.com/v1","resources":[
             {"name":"widgets","namespaced":true,"kind":"Widget","verbs":["get","list","watch"]}]}
            """;
    private static final String GROUPS = """
            {"kind":"APIGroupList","apiVersion":"v1","groups":[
             {"name":"apps","versions":[{"groupVersion":"apps/v1","version":"v1"}],
              "preferredVersion":{"groupVersion":"apps/v1","version":"v1"}},
             {"name":"example.com","versions":[{"groupVersion":"example.com/v1","version":"v1"},
               {"groupVersion":"example.com/v1alpha1","version":"v1alpha1"}],
              "preferredVersion":{"groupVersion":"example.com/v1","version":"v1"}}]}
            """;

    @TempDir
    Path tmp;

    private final List<KubernetesMockServer> servers = new ArrayList<>();
    private final List<MockKubeCluster> clusters = new ArrayList<>();

    @AfterEach
    void stopServers() {
        servers.forEach(KubernetesMockServer::destroy);
        clusters.forEach(MockKubeCluster::close);
    }

    @Test
    void capturesEveryListableTypeWithItsKeysAndTheManifest() throws Exception {
        KubernetesMockServer server = populatedCluster();
        Path file = writeKubeconfig(server);

        Snapshot snapshot = collector().capture(context(file), CaptureOptions.defaults(),
                new NullProgressMonitor());

        assertTrue(snapshot.object(new ObjectKey("", "Namespace", "", "team-a")).isPresent());
        assertTrue(snapshot.object(new ObjectKey("", "Node", "", "node-1")).isPresent());
        assertTrue(snapshot.object(new ObjectKey("", "Pod", "default", "web-1")).isPresent());
        assertTrue(snapshot.object(new ObjectKey("", "Pod", "team-a", "web-1")).isPresent());
        assertTrue(snapshot.object(new ObjectKey("", "ConfigMap", "team-a", "settings")).isPresent());
        assertTrue(snapshot.object(new ObjectKey("apps", "Deployment", "team-a", "web")).isPresent());
        assertTrue(snapshot.object(new ObjectKey("example.com", "Widget", "team-a", "w1")).isPresent(),
                "custom resources are captured");
        assertTrue(snapshot.objects().stream().noneMatch(o -> o.key().kind().equals("Event")),
                "events are not among the objects");

        ApiObject deployment = snapshot.object(new ObjectKey("apps", "Deployment", "team-a", "web")).get();
        assertEquals("apps/v1", deployment.apiVersion());
        assertTrue(deployment.json().startsWith("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\""),
                deployment.json());
        assertNotNull(deployment.uid());
        assertNotNull(deployment.resourceVersion());
        ApiObject widget = snapshot.object(new ObjectKey("example.com", "Widget", "team-a", "w1")).get();
        assertTrue(widget.json().contains("\"size\":3"), widget.json());

        var manifest = snapshot.manifest();
        assertEquals(1, manifest.formatVersion());
        assertEquals(UUID.fromString(manifest.id()).toString(), manifest.id());
        assertEquals(CONTEXT, manifest.clusterName());
        assertTrue(manifest.name().startsWith(CONTEXT + " 20"), manifest.name());
        assertEquals("http://" + LOOPBACK + ":" + server.getPort(), manifest.serverUrl());
        assertEquals("v1.20.2", manifest.serverVersion());
        org.osgi.framework.Bundle bundle = org.osgi.framework.FrameworkUtil.getBundle(ApiSnapshotCollector.class);
        assertEquals(bundle == null ? "dev" : bundle.getVersion().toString(), manifest.toolVersion());
        assertTrue(manifest.secretsRedacted());
        assertFalse(manifest.captureEnd().isBefore(manifest.captureStart()));
        assertTrue(manifest.isComplete(), manifest.sources()::toString);

        Map<String, SourceStatus> sources = bySource(snapshot);
        assertEquals(List.of("api:v1/namespaces", "api:v1/nodes", "api:v1/pods", "api:v1/configmaps",
                "api:v1/secrets", "api:apps/v1/deployments", "api:example.com/v1/widgets", "api:v1/events"),
                List.copyOf(sources.keySet()), "no subresources, nothing unlistable, events last");
        assertEquals(SourceStatus.complete("api:v1/pods", 2), sources.get("api:v1/pods"));
        assertEquals(SourceStatus.complete("api:v1/namespaces", 2), sources.get("api:v1/namespaces"));
        assertEquals(SourceStatus.complete("api:example.com/v1/widgets", 1),
                sources.get("api:example.com/v1/widgets"));
    }

    @Test
    void eventsAreCappedNewestFirst() throws Exception {
        KubernetesMockServer server = populatedCluster();
        Path file = writeKubeconfig(server);

        Snapshot snapshot = collector().capture(context(file),
                CaptureOptions.defaults().withEventLimit(2), new NullProgressMonitor());

        assertEquals(List.of("newest", "middle"),
                snapshot.events().stream().map(e -> e.key().name()).toList());
        assertEquals("Event", snapshot.events().get(0).key().kind());
        SourceStatus events = bySource(snapshot).get("api:v1/events");
        assertEquals(SourceState.COMPLETE, events.state());
        assertEquals(2, events.count());
        assertEquals("the newest 2 of 3 events kept", events.reason());
    }

    @Test
    void secretValuesAreReplacedByTheirDigest() throws Exception {
        KubernetesMockServer server = populatedCluster();
        Path file = writeKubeconfig(server);
        String encoded = Base64.getEncoder().encodeToString("hunter2".getBytes(StandardCharsets.UTF_8));

        Snapshot snapshot = collector().capture(context(file), CaptureOptions.defaults(),
                new NullProgressMonitor());

        String json = snapshot.object(new ObjectKey("", "Secret", "team-a", "db")).get().json();
        assertFalse(json.contains("hunter2"), json);
        assertFalse(json.contains(encoded), json);
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest("hunter2".getBytes(StandardCharsets.UTF_8)));
        assertTrue(json.contains("\"password\":\"<redacted sha256:" + digest + " len:7>\""), json);
        assertTrue(json.contains("\"user\":\"<redacted sha256:"), json);

        Snapshot withValues = collector().capture(context(file),
                CaptureOptions.defaults().withIncludeSecretValues(true), new NullProgressMonitor());

        assertFalse(withValues.manifest().secretsRedacted());
        String plain = withValues.object(new ObjectKey("", "Secret", "team-a", "db")).get().json();
        assertTrue(plain.contains("\"password\":\"" + encoded + "\""), plain);
    }

    @Test
    void managedFieldsAreDropped() throws Exception {
        KubernetesMockServer server = populatedCluster();
        Path file = writeKubeconfig(server);

        Snapshot snapshot = collector().capture(context(file), CaptureOptions.defaults(),
                new NullProgressMonitor());

        String json = snapshot.object(new ObjectKey("", "ConfigMap", "team-a", "settings")).get().json();
        assertFalse(json.contains("managedFields"), json);
        assertFalse(json.contains("kubectl-client-side-apply"), json);
        assertTrue(json.contains("\"app\":\"web\""), "other metadata kept: " + json);
        assertTrue(json.contains("\"mode\":\"fast\""), json);
    }

    @Test
    void listsAreReadInPagesAndAnExpiredListIsPartial() throws Exception {
        KubernetesMockServer server = expectationServer();
        expectDiscovery(server, """
                {"kind":"APIResourceList","groupVersion":"v1","resources":[
                 {"name":"configmaps","namespaced":true,"kind":"ConfigMap","verbs":["list"]},
                 {"name":"services","namespaced":true,"kind":"Service","verbs":["list"]},
                 {"name":"events","namespaced":true,"kind":"Event","verbs":["list"]}]}
                """, "{\"kind\":\"APIGroupList\",\"groups\":[]}", Map.of());
        expectList(server, "/api/v1/configmaps?limit=2", "cm-2", "ns-a/a", "ns-a/b");
        expectList(server, "/api/v1/configmaps?limit=2&continue=cm-2", "cm-4", "ns-a/c", "ns-b/a");
        expectList(server, "/api/v1/configmaps?limit=2&continue=cm-4", null, "ns-b/b");
        expectList(server, "/api/v1/services?limit=2", "svc-2", "ns-a/a", "ns-a/b");
        server.expect().get().withPath("/api/v1/services?limit=2&continue=svc-2")
                .andReturn(410, status(410, "Expired",
                        "The provided continue parameter is too old to display a consistent list result."))
                .always();
        expectList(server, "/api/v1/events?limit=2", null);
        Path file = writeKubeconfig(server);
        RecordingMonitor monitor = new RecordingMonitor(null);

        Snapshot snapshot = collector().capture(context(file), CaptureOptions.defaults().withPageSize(2),
                monitor);

        assertEquals(7, snapshot.objectCount(), "5 configmaps and the 2 services read before the 410");
        assertTrue(snapshot.object(new ObjectKey("", "ConfigMap", "ns-b", "b")).isPresent());
        Map<String, SourceStatus> sources = bySource(snapshot);
        assertEquals(SourceStatus.complete("api:v1/configmaps", 5), sources.get("api:v1/configmaps"));
        SourceStatus services = sources.get("api:v1/services");
        assertEquals(SourceState.PARTIAL, services.state());
        assertEquals(2, services.count());
        assertTrue(services.reason().contains("410 Gone"), services.reason());
        assertFalse(snapshot.manifest().isComplete());
        assertEquals(List.of("Capturing configmaps", "Capturing services", "Capturing events"),
                monitor.taskNames.subList(1, monitor.taskNames.size()), "one step per type");
    }

    @Test
    void aRefusedTypeFailsWithItsReasonAndTheOthersAreComplete() throws Exception {
        KubernetesMockServer server = populatedCluster();
        String denial = "secrets is forbidden: User \"tester\" cannot list resource \"secrets\" in API group \"\" at the cluster scope";
        server.expect().get().withPath("/api/v1/secrets?limit=500")
                .andReturn(403, status(403, "Forbidden", denial)).always();
        server.expect().get().withPath("/apis/example.com/v1/widgets?limit=500")
                .andReturn(404, status(404, "NotFound", "the server could not find the requested resource"))
                .always();
        Path file = writeKubeconfig(server);

        Snapshot snapshot = collector().capture(context(file), CaptureOptions.defaults(),
                new NullProgressMonitor());

        Map<String, SourceStatus> sources = bySource(snapshot);
        assertEquals(new SourceStatus("api:v1/secrets", SourceState.FAILED, 0, "forbidden: " + denial + " (403)"),
                sources.get("api:v1/secrets"));
        SourceStatus widgets = sources.get("api:example.com/v1/widgets");
        assertEquals(SourceState.FAILED, widgets.state());
        assertTrue(widgets.reason().contains("404"), widgets.reason());
        sources.forEach((name, status) -> {
            if (!name.equals("api:v1/secrets") && !name.equals("api:example.com/v1/widgets")) {
                assertEquals(SourceState.COMPLETE, status.state(), name);
            }
        });
        assertTrue(snapshot.objects().stream().noneMatch(o -> o.key().kind().equals("Secret")));
        assertTrue(snapshot.object(new ObjectKey("", "Pod", "team-a", "web-1")).isPresent());
        assertFalse(snapshot.manifest().isComplete());
    }

    @Test
    void aGroupWhoseDiscoveryFailsIsRecordedAndTheOthersCaptured() throws Exception {
        KubernetesMockServer server = crudCluster().server();
        expectVersion(server);
        expectDiscovery(server, CORE_RESOURCES, """
                {"kind":"APIGroupList","groups":[
                 {"name":"metrics.k8s.io","preferredVersion":{"groupVersion":"metrics.k8s.io/v1beta1","version":"v1beta1"}},
                 {"name":"apps","preferredVersion":{"groupVersion":"apps/v1","version":"v1"}}]}
                """, Map.of("apps/v1", APPS_RESOURCES));
        server.expect().get().withPath("/apis/metrics.k8s.io/v1beta1")
                .andReturn(503, status(503, "ServiceUnavailable", "the server is currently unable to handle the request"))
                .always();
        Path file = writeKubeconfig(server);

        Snapshot snapshot = collector().capture(context(file), CaptureOptions.defaults(),
                new NullProgressMonitor());

        SourceStatus metrics = bySource(snapshot).get("api:metrics.k8s.io/v1beta1");
        assertEquals(SourceState.FAILED, metrics.state());
        assertTrue(metrics.reason().contains("503"), metrics.reason());
        assertEquals(SourceState.COMPLETE, bySource(snapshot).get("api:apps/v1/deployments").state());
    }

    @Test
    void cancellingMidCaptureThrows() throws Exception {
        KubernetesMockServer server = populatedCluster();
        Path file = writeKubeconfig(server);
        RecordingMonitor monitor = new RecordingMonitor("Capturing configmaps");

        assertThrows(OperationCanceledException.class, () -> collector().capture(context(file),
                CaptureOptions.defaults(), monitor));

        assertFalse(monitor.taskNames.contains("Capturing secrets"), monitor.taskNames::toString);
    }

    @Test
    void cancellingMidCaptureCanKeepWhatWasRead() throws Exception {
        KubernetesMockServer server = populatedCluster();
        Path file = writeKubeconfig(server);
        RecordingMonitor monitor = new RecordingMonitor("Capturing configmaps");

        Snapshot snapshot = collector().capture(context(file),
                CaptureOptions.defaults().withKeepPartialOnCancel(true), monitor);

        Map<String, SourceStatus> sources = bySource(snapshot);
        assertEquals(SourceState.COMPLETE, sources.get("api:v1/pods").state());
        for (String cancelled : List.of("api:v1/configmaps", "api:v1/secrets", "api:apps/v1/deployments",
                "api:example.com/v1/widgets", "api:v1/events")) {
            assertEquals(SourceState.CANCELLED, sources.get(cancelled).state(), cancelled);
        }
        assertTrue(snapshot.object(new ObjectKey("", "Pod", "team-a", "web-1")).isPresent());
        assertTrue(snapshot.objects().stream().noneMatch(o -> o.key().kind().equals("ConfigMap")));
        assertTrue(snapshot.events().isEmpty());
        assertFalse(snapshot.manifest().isComplete());
    }

    @Test
    void aClosedPortIsUnreachable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            port = socket.getLocalPort();
        }
        Path file = writeKubeconfig("http://" + LOOPBACK + ":" + port);

        ClusterConnectException e = assertThrows(ClusterConnectException.class,
                () -> collector().capture(context(file), null, new NullProgressMonitor()));

        assertEquals(Reason.UNREACHABLE, e.reason(), e::getMessage);
    }

    @Test
    void refusedDiscoveryEndsTheCapture() throws Exception {
        KubernetesMockServer server = expectationServer();
        server.expect().get().withPath("/api").andReturn(403, status(403, "Forbidden", "no discovery for you"))
                .always();
        Path file = writeKubeconfig(server);

        ClusterConnectException e = assertThrows(ClusterConnectException.class,
                () -> collector().capture(context(file), null, new NullProgressMonitor()));

        assertEquals(Reason.FORBIDDEN, e.reason(), e::getMessage);
        assertEquals("forbidden: no discovery for you (403)", e.getMessage());
    }

    // ---------------------------------------------------------------- helpers

    /** Records task names and cancels itself when a given one is set. */
    private static final class RecordingMonitor extends NullProgressMonitor {

        final List<String> taskNames = new CopyOnWriteArrayList<>();
        private final String cancelAt;

        RecordingMonitor(String cancelAt) {
            this.cancelAt = cancelAt;
        }

        @Override
        public void beginTask(String name, int totalWork) {
            taskNames.add(name);
        }

        @Override
        public void setTaskName(String name) {
            taskNames.add(name);
            if (name.equals(cancelAt)) {
                setCanceled(true);
            }
        }
    }

    private static ApiSnapshotCollector collector() {
        return new ApiSnapshotCollector(new KubeClientFactory(), SHORT, SHORT);
    }

    private static Map<String, SourceStatus> bySource(Snapshot snapshot) {
        Map<String, SourceStatus> map = new LinkedHashMap<>();
        snapshot.manifest().sources().forEach(s -> map.put(s.source(), s));
        return map;
    }

    /** A CRUD server with discovery, two namespaces and objects of six types. */
    private KubernetesMockServer populatedCluster() throws IOException {
        MockKubeCluster cluster = crudCluster();
        KubernetesMockServer server = cluster.server();
        expectVersion(server);
        expectDiscovery(server, CORE_RESOURCES, GROUPS,
                Map.of("apps/v1", APPS_RESOURCES, "example.com/v1", WIDGET_RESOURCES));
        server.expectCustomResource(new CustomResourceDefinitionContext.Builder().withGroup("example.com")
                .withVersion("v1").withPlural("widgets").withKind("Widget").withScope("Namespaced").build());
        NamespacedKubernetesClient admin = cluster.admin();
        for (String ns : List.of("default", "team-a")) {
            admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata()
                    .build()).create();
            admin.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName("web-1")
                    .withNamespace(ns).endMetadata().build()).create();
        }
        admin.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-1").endMetadata().build())
                .create();
        admin.configMaps().inNamespace("team-a").resource(new ConfigMapBuilder().withNewMetadata()
                .withName("settings").withNamespace("team-a").addToLabels("app", "web")
                .addToManagedFields(new ManagedFieldsEntryBuilder().withManager("kubectl-client-side-apply")
                        .withOperation("Update").withApiVersion("v1").build())
                .endMetadata().addToData("mode", "fast").build()).create();
        admin.secrets().inNamespace("team-a").resource(new SecretBuilder().withNewMetadata().withName("db")
                .withNamespace("team-a").endMetadata()
                .addToData("password", Base64.getEncoder().encodeToString("hunter2".getBytes(StandardCharsets.UTF_8)))
                .addToData("user", Base64.getEncoder().encodeToString("admin".getBytes(StandardCharsets.UTF_8)))
                .build()).create();
        admin.apps().deployments().inNamespace("team-a").resource(new DeploymentBuilder().withNewMetadata()
                .withName("web").withNamespace("team-a").endMetadata().withNewSpec().withReplicas(2).endSpec()
                .build()).create();
        admin.genericKubernetesResources("example.com/v1", "Widget").inNamespace("team-a")
                .resource(new GenericKubernetesResourceBuilder().withApiVersion("example.com/v1")
                        .withKind("Widget").withNewMetadata().withName("w1").withNamespace("team-a")
                        .endMetadata().addToAdditionalProperties("spec", Map.of("size", 3)).build())
                .create();
        String[][] events = {{"oldest", "2024-05-01T10:00:00Z"}, {"newest", "2024-05-01T12:00:00Z"},
                {"middle", "2024-05-01T11:00:00Z"}};
        for (String[] e : events) {
            admin.v1().events().inNamespace("team-a").resource(new EventBuilder().withNewMetadata()
                    .withName(e[0]).withNamespace("team-a").endMetadata().withReason("Test")
                    .withLastTimestamp(e[1]).build()).create();
        }
        return server;
    }

    private static void expectDiscovery(KubernetesMockServer server, String coreResources, String groups,
            Map<String, String> groupResources) {
        server.expect().get().withPath("/api")
                .andReturn(200, "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"]}").always();
        server.expect().get().withPath("/api/v1").andReturn(200, coreResources).always();
        server.expect().get().withPath("/apis").andReturn(200, groups).always();
        groupResources.forEach((groupVersion, resources) -> server.expect().get()
                .withPath("/apis/" + groupVersion).andReturn(200, resources).always());
    }

    /** A list page of ConfigMap-like items named {@code namespace/name}. */
    private static void expectList(KubernetesMockServer server, String path, String continueToken,
            String... items) {
        StringBuilder json = new StringBuilder("{\"kind\":\"List\",\"apiVersion\":\"v1\",\"metadata\":{");
        if (continueToken != null) {
            json.append("\"continue\":\"").append(continueToken).append('"');
        }
        json.append("},\"items\":[");
        for (int i = 0; i < items.length; i++) {
            String[] nsName = items[i].split("/");
            json.append(i == 0 ? "" : ",").append("{\"metadata\":{\"namespace\":\"").append(nsName[0])
                    .append("\",\"name\":\"").append(nsName[1]).append("\",\"resourceVersion\":\"").append(100 + i)
                    .append("\"}}");
        }
        json.append("]}");
        server.expect().get().withPath(path).andReturn(200, json.toString()).always();
    }

    private static io.fabric8.kubernetes.api.model.Status status(int code, String reason, String message) {
        return new StatusBuilder().withStatus("Failure").withCode(code).withReason(reason).withMessage(message)
                .build();
    }

    private static void expectVersion(KubernetesMockServer server) {
        server.setVersionInfo(new VersionInfo.Builder().withMajor("1").withMinor("20").withGitVersion("v1.20.2")
                .build());
    }

    private MockKubeCluster crudCluster() throws IOException {
        MockKubeCluster cluster = MockKubeCluster.start();
        clusters.add(cluster);
        return cluster;
    }

    private KubernetesMockServer expectationServer() throws IOException {
        KubernetesMockServer server = start(new KubernetesMockServer(new MockWebServer(), new HashMap<>(), false));
        expectVersion(server);
        return server;
    }

    private KubernetesMockServer start(KubernetesMockServer server) throws IOException {
        servers.add(server);
        server.init(InetAddress.getByName(LOOPBACK), 0);
        return server;
    }

    private Path writeKubeconfig(KubernetesMockServer server) throws IOException {
        return writeKubeconfig("http://" + LOOPBACK + ":" + server.getPort());
    }

    private Path writeKubeconfig(String server) throws IOException {
        return MockKubeCluster.writeKubeconfigForServer(Files.createTempFile(tmp, "kubeconfig", ".yaml"), server, CONTEXT);
    }

    private static KubeContext context(Path file) {
        return new KubeContext(CONTEXT, MockKubeCluster.CLUSTER, null, MockKubeCluster.USER, null, file, null);
    }
}
