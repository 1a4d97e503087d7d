package io.kubetriage.ui.tests;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.swt.widgets.Display;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.kubetriage.core.cluster.ClusterDescriptor;
import io.kubetriage.core.diagnosis.FixPlan;
import io.kubetriage.core.diagnosis.FixStep.ApiStep;
import io.kubetriage.core.diagnosis.FixStep.Operation;
import io.kubetriage.core.kubeconfig.KubeContext;
import io.kubetriage.core.snapshot.ObjectKey;
import io.kubetriage.test.support.kube.MockKubeCluster;
import io.kubetriage.ui.internal.findings.QuickFixRunner;

/**
 * fabric8's Kubernetes mock server in <b>CRUD mode</b> standing in for an API server that holds
 * ConfigMap team-a/settings ({@code mode=slow}), and the one-step quick fix that sets it to
 * {@code fast}. The CRUD store keeps the ConfigMap, serves GET and PATCH (merge and JSON patch) and
 * answers a stale resourceVersion with 409; it does not honour {@code ?dryRun=All} (it would persist
 * the change), so dry-run PATCHes are answered by an expectation with what a real server answers,
 * and so is discovery ({@code /api/v1}). Every request is recorded ({@link MockKubeCluster}).
 */
final class MockConfigMapCluster implements AutoCloseable {

    static final String CONTEXT = "mock";
    static final String NS = "team-a";
    static final String NAME = "settings";
    static final String CM_PATH = "/api/v1/namespaces/" + NS + "/configmaps";
    static final String DRY_RUN = "dryRun=All";
    static final String MERGE_PATCH = "application/merge-patch+json";
    static final String FIX_ID = "test.quick-fix";
    static final String CONFIRMATION = "ConfigMap team-a/settings will get mode=fast.";
    private static final String CORE_RESOURCES = """
            {"kind":"APIResourceList","groupVersion":"v1","resources":[
             {"name":"configmaps","namespaced":true,"kind":"ConfigMap","verbs":["create","delete","get","list","patch"]}]}
            """;

    /** The mock server, which records every request. */
    final MockKubeCluster kube;
    final KubernetesMockServer server;
    final NamespacedKubernetesClient admin;
    /** The context of the mock server, in a kubeconfig file of the folder given. */
    final KubeContext ctx;

    /** Starts the server with the ConfigMap, and writes its kubeconfig into the folder. */
    MockConfigMapCluster(Path folder) throws IOException {
        kube = MockKubeCluster.start();
        server = kube.server();
        server.expect().get().withPath("/api/v1").andReturn(200, CORE_RESOURCES).always();
        admin = kube.admin();
        admin.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName(NAME)
                .withNamespace(NS).endMetadata().addToData("mode", "slow").build()).create();
        // what a real server answers a dry-run PATCH: the object as it would be, nothing persisted
        String after = json(configMap()).replace("\"slow\"", "\"fast\"");
        server.expect().patch().withPath(CM_PATH + "/" + NAME + "?" + DRY_RUN).andReturn(200, after).always();
        kube.clearRequests();
        ctx = kube.context(kube.writeKubeconfig(folder.resolve("kubeconfig.yaml").toAbsolutePath().normalize(), CONTEXT),
                CONTEXT, NS);
    }

    /** One PATCH step on the ConfigMap as it is now, as a diagnosis would plan it. */
    FixPlan plan() {
        ConfigMap now = configMap();
        String before = json(now);
        String after = before.replace("\"slow\"", "\"fast\"");
        ApiStep step = new ApiStep(Operation.PATCH, new ObjectKey("", "ConfigMap", NS, NAME), before, after,
                "{\"data\":{\"mode\":\"fast\"}}", MERGE_PATCH, now.getMetadata().getResourceVersion(),
                "Set mode of team-a/settings to fast");
        return new FixPlan(FIX_ID, "Make settings fast", "KT-TEST-001:team-a/settings", List.of(step), true,
                CONFIRMATION, "Patch mode back to slow with the undo record.");
    }

    /**
     * A runner of the fix that applies it to this cluster, as the Quick Fix dialog starts it.
     *
     * @param lines   gets each line the runner reports
     * @param outcome gets how the run ended
     */
    QuickFixRunner runner(Display display, boolean readOnly, Path auditFile, QuickFixRunner.Confirmation confirmation,
            List<String> lines, AtomicReference<QuickFixRunner.Outcome> outcome) {
        return new QuickFixRunner(display, () -> null, new ClusterDescriptor(ctx, null, readOnly), null, plan(),
                auditFile, confirmation, new QuickFixRunner.Listener() {
                    @Override
                    public void line(String text) {
                        lines.add(text);
                    }

                    @Override
                    public void finished(QuickFixRunner.Outcome end) {
                        outcome.set(end);
                    }
                });
    }

    ConfigMap configMap() {
        return admin.configMaps().inNamespace(NS).withName(NAME).get();
    }

    /** The PATCH requests that were no dry runs. */
    List<MockKubeCluster.Request> realPatches() {
        return kube.requests().stream().filter(s -> s.method().equals("PATCH") && !s.path().contains(DRY_RUN)).toList();
    }

    private String json(ConfigMap object) {
        return admin.getKubernetesSerialization().asJson(object);
    }

    @Override
    public void close() {
        kube.close();
    }
}
