package io.kubetriage.connector.kube.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubetriage.connector.kube.KubeClientFactory;
import io.kubetriage.connector.kube.KubeClusterProbe;
import io.kubetriage.connector.kube.capture.ApiSnapshotCollector;
import io.kubetriage.connector.kube.capture.CaptureOptions;
import io.kubetriage.core.cluster.ClusterInfo;
import io.kubetriage.core.kubeconfig.KubeContext;
import io.kubetriage.core.kubeconfig.KubeconfigParser;
import io.kubetriage.core.snapshot.ObjectKey;
import io.kubetriage.core.snapshot.Snapshot;
import io.kubetriage.test.support.testbed.KubeTestBed;

/**
 * The test bed is a real control plane: the controller-manager turns a Deployment into
 * ReplicaSets with real revisions, and the connector reads them through the kubeconfig it wrote.
 */
@Tag(KubeTestBed.TESTBED_TAG)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TestBedSmokeTest {

    @RegisterExtension
    static final KubeTestBed CLUSTER = KubeTestBed.protobuf();

    private static final String NAMESPACE = "smoke";
    private static final String REVISION = "deployment.kubernetes.io/revision";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    @Order(1)
    void rolloutMakesRealReplicaSetsThatTheCollectorCaptures() throws Exception {
        KubeContext ctx = new KubeconfigParser().parse(CLUSTER.kubeconfig())
                .context(KubeTestBed.CONTEXT).orElseThrow();

        ClusterInfo info = new KubeClusterProbe().probe(ctx, new NullProgressMonitor());
        assertEquals(KubeTestBed.KUBE_VERSION, info.serverVersion());

        try (KubernetesClient client = new KubeClientFactory().open(ctx, Duration.ofSeconds(5),
                Duration.ofSeconds(15))) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE)
                    .endMetadata().build()).create();
            Deployment deployment = new DeploymentBuilder()
                    .withNewMetadata().withName("web").withNamespace(NAMESPACE).endMetadata()
                    .withNewSpec()
                    .withReplicas(1)
                    .withNewSelector().withMatchLabels(Map.of("app", "web")).endSelector()
                    .withNewTemplate()
                    .withNewMetadata().withLabels(Map.of("app", "web")).endMetadata()
                    .withNewSpec().addNewContainer().withName("web").withImage("nginx:1.19").endContainer()
                    .endSpec()
                    .endTemplate()
                    .endSpec()
                    .build();
            client.apps().deployments().inNamespace(NAMESPACE).resource(deployment).create();
            ReplicaSet first = await("the ReplicaSet of revision 1", () -> replicaSet(client, "1"));

            // a strategic merge patch, as `kubectl set image` sends: no resourceVersion to race with
            // the controller-manager's status updates
            client.apps().deployments().inNamespace(NAMESPACE).withName("web").patch(
                    io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                            io.fabric8.kubernetes.client.dsl.base.PatchType.STRATEGIC_MERGE),
                    "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"nginx:1.20\"}]}}}}");
            ReplicaSet second = await("the ReplicaSet of revision 2", () -> replicaSet(client, "2"));
            assertNotEquals(first.getMetadata().getName(), second.getMetadata().getName());
            assertEquals("nginx:1.20", second.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());

            Snapshot snapshot = new ApiSnapshotCollector().capture(ctx, CaptureOptions.defaults(),
                    new NullProgressMonitor());
            assertTrue(snapshot.object(new ObjectKey("apps", "Deployment", NAMESPACE, "web")).isPresent(),
                    "the Deployment is captured");
            for (ReplicaSet rs : List.of(first, second)) {
                assertTrue(snapshot.object(new ObjectKey("apps", "ReplicaSet", NAMESPACE,
                        rs.getMetadata().getName())).isPresent(), rs.getMetadata().getName() + " is captured");
            }
            assertTrue(snapshot.object(new ObjectKey("", "Namespace", "", NAMESPACE)).isPresent());
        }
    }

    /** The incident: etcd goes back to a backup while the API server keeps running. */
    @Test
    @Order(2)
    void restoringEtcdUnderTheRunningApiServerBringsBackTheBackupsObjects() throws Exception {
        KubeContext ctx = new KubeconfigParser().parse(CLUSTER.kubeconfig())
                .context(KubeTestBed.CONTEXT).orElseThrow();
        try (KubernetesClient client = new KubeClientFactory().open(ctx, Duration.ofSeconds(5),
                Duration.ofSeconds(15))) {
            String ns = "restore";
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns)
                    .endMetadata().build()).create();
            client.configMaps().inNamespace(ns).resource(configMap(ns, "day0")).create();
            Path backup = CLUSTER.etcd().snapshotSave(CLUSTER.workDir().resolve("day0.db"));

            client.configMaps().inNamespace(ns).resource(configMap(ns, "later")).create();
            // a few days of changes: enough revisions that the drop shows whatever the control
            // plane writes right after the restore
            for (int i = 0; i < 30; i++) {
                client.configMaps().inNamespace(ns).resource(configMap(ns, "change-" + i)).create();
            }
            client.configMaps().inNamespace(ns).withName("day0").delete();
            await("the deletion of day0", () -> client.configMaps().inNamespace(ns).withName("day0").get() == null
                    ? Optional.of(true) : Optional.empty());
            long revisionBefore = CLUSTER.etcd().revision();

            CLUSTER.restoreEtcdFrom(backup);

            assertTrue(CLUSTER.etcd().revision() < revisionBefore, "the store's revision went back");
            // A GET without resourceVersion reads etcd itself, once the client has reconnected.
            await("day0 back after the restore", () -> {
                try {
                    return Optional.ofNullable(client.configMaps().inNamespace(ns).withName("day0").get());
                } catch (RuntimeException e) {
                    return Optional.empty();
                }
            });
            assertEquals(null, client.configMaps().inNamespace(ns).withName("later").get(),
                    "an object made after the backup is gone");
            ConfigMap written = client.configMaps().inNamespace(ns).resource(configMap(ns, "after-restore")).create();
            assertFalse(written.getMetadata().getResourceVersion().isEmpty(), "the API server takes writes again");
        }
    }

    private static ConfigMap configMap(String namespace, String name) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .addToData("name", name).build();
    }

    private static Optional<ReplicaSet> replicaSet(KubernetesClient client, String revision) {
        return client.apps().replicaSets().inNamespace(NAMESPACE).list().getItems().stream()
                .filter(rs -> rs.getMetadata().getAnnotations() != null
                        && revision.equals(rs.getMetadata().getAnnotations().get(REVISION)))
                .findFirst();
    }

    private static <T> T await(String what, Supplier<Optional<T>> probe) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<T> found = probe.get();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(200);
        }
        throw new AssertionError(what + " did not happen within " + WAIT.toSeconds()
                + " s; see " + CLUSTER.apiServerLog() + " and " + CLUSTER.controllerManagerLog());
    }
}
