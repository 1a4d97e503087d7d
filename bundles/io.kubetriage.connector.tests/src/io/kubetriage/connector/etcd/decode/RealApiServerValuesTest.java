package io.kubetriage.connector.etcd.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubetriage.connector.etcd.keys.EtcdKeyReader;
import io.kubetriage.connector.kube.KubeClientFactory;
import io.kubetriage.core.etcd.EtcdEndpoints;
import io.kubetriage.core.etcd.section.EtcdKeyInfo;
import io.kubetriage.core.etcd.section.EtcdSection;
import io.kubetriage.core.kubeconfig.KubeContext;
import io.kubetriage.core.kubeconfig.KubeconfigParser;
import io.kubetriage.test.support.testbed.KubeTestBed;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Values that a real kube-apiserver (v1.20, default protobuf storage) wrote to etcd, decoded by
 * Kubetriage, are the objects the same apiserver serves: compared field by field with its GET.
 */
@Tag(KubeTestBed.TESTBED_TAG)
class RealApiServerValuesTest {

    @RegisterExtension
    static final KubeTestBed CLUSTER = KubeTestBed.protobuf();

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void decodedProtobufValuesEqualWhatTheApiServerServes() throws Exception {
        KubeContext ctx = new KubeconfigParser().parse(CLUSTER.kubeconfig()).context(KubeTestBed.CONTEXT).orElseThrow();
        try (KubernetesClient client = new KubeClientFactory().open(ctx, Duration.ofSeconds(5), Duration.ofSeconds(15))) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shop")
                    .addToLabels("team", "web").endMetadata().build()).create();
            client.configMaps().inNamespace("shop").resource(new ConfigMapBuilder().withNewMetadata()
                    .withName("web-config").withNamespace("shop").endMetadata()
                    .addToData("LOG_LEVEL", "info").build()).create();
            client.services().inNamespace("shop").resource(new ServiceBuilder().withNewMetadata().withName("web")
                    .withNamespace("shop").endMetadata().withNewSpec().addToSelector("app", "web")
                    .addNewPort().withName("http").withPort(80).withTargetPort(new IntOrString("http")).endPort()
                    .endSpec().build()).create();
            client.apps().deployments().inNamespace("shop").resource(new DeploymentBuilder()
                    .withNewMetadata().withName("web").withNamespace("shop")
                    .addToAnnotations("kubernetes.io/change-cause", "first rollout").endMetadata()
                    .withNewSpec().withReplicas(2)
                    .withNewSelector().withMatchLabels(Map.of("app", "web")).endSelector()
                    .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                    .withMaxSurge(new IntOrString("25%")).withMaxUnavailable(new IntOrString(1)).endRollingUpdate()
                    .endStrategy()
                    .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "web")).endMetadata()
                    .withNewSpec().addNewContainer().withName("web").withImage("nginx:1.19")
                    .addNewPort().withName("http").withContainerPort(8080).endPort()
                    .withNewResources().addToRequests("cpu", new Quantity("250m"))
                    .addToLimits("memory", new Quantity("512Mi")).endResources()
                    .withNewReadinessProbe().withNewHttpGet().withPath("/healthz").withPort(new IntOrString("http"))
                    .endHttpGet().withPeriodSeconds(5).endReadinessProbe()
                    .endContainer().endSpec().endTemplate().endSpec().build()).create();

            EtcdSection section = new EtcdKeyReader().readKeys(
                    new EtcdEndpoints(List.of(CLUSTER.etcd().endpoint()), null, null, null, null, Duration.ofSeconds(5), false),
                    null, "/registry/", true, new NullProgressMonitor());
            KubernetesValueDecoder decoder = new KubernetesValueDecoder();
            Map<String, String> apiPaths = Map.of(
                    "/registry/namespaces/shop", "/api/v1/namespaces/shop",
                    "/registry/configmaps/shop/web-config", "/api/v1/namespaces/shop/configmaps/web-config",
                    "/registry/services/specs/shop/web", "/api/v1/namespaces/shop/services/web",
                    "/registry/deployments/shop/web", "/apis/apps/v1/namespaces/shop/deployments/web");
            for (Map.Entry<String, String> e : apiPaths.entrySet()) {
                EtcdKeyInfo key = section.keys().stream().filter(k -> k.key().equals(e.getKey())).findFirst()
                        .orElseThrow(() -> new AssertionError("etcd holds no " + e.getKey()));
                assertTrue(key.value().length > 4 && key.value()[0] == 'k' && key.value()[1] == '8'
                        && key.value()[2] == 's' && key.value()[3] == 0, e.getKey() + " is stored as protobuf");
                DecodedValue decoded = decoder.decode(key.key(), key.value()).withResourceVersion(key.modRevision());
                assertEquals(DecodedValue.Encoding.PROTOBUF, decoded.encoding(), e.getKey());
                // the apiserver's own answer for the same object, read after the keys
                JsonNode served = JSON.readTree(client.raw(CLUSTER.apiServerUrl() + e.getValue()));
                JsonNode ours = JSON.readTree(decoded.json());
                assertEquals(served.path("metadata").path("resourceVersion").asString(),
                        ours.path("metadata").path("resourceVersion").asString(),
                        e.getKey() + ": the object did not change between the two reads");
                assertEquals(served, ours, e.getKey() + "\nserved:  " + served + "\ndecoded: " + ours
                        + (decoded.problem() == null ? "" : "\nproblem: " + decoded.problem()));
            }
        }
    }
}
