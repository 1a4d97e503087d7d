package io.kubetriage.connector.etcd.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubernetes.client.proto.IntStr;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Resource;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;
import io.kubernetes.client.proto.V1Apiextensions;
import io.kubetriage.connector.etcd.decode.DecodedValue.Encoding;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Decoding of stored etcd values. The protobuf values are encoded with client-java-proto the way
 * the API server stores them: the magic {@code k8s\0}, then a {@code runtime.Unknown} with the
 * TypeMeta, the typed message as raw bytes and an empty content type. Like the API server, the
 * builders set the non-pointer fields even when their value is zero (the API server's protobuf
 * marshalling writes them unconditionally). A test bed against a real kube-apiserver comes later.
 */
class KubernetesValueDecoderTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long CREATED = 1704164645L; // 2024-01-02T03:04:05Z

    private final KubernetesValueDecoder decoder = new KubernetesValueDecoder();

    static byte[] stored(String apiVersion, String kind, Message object) {
        Runtime.Unknown envelope = Runtime.Unknown.newBuilder()
                .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion(apiVersion).setKind(kind))
                .setRaw(object.toByteString())
                .setContentEncoding("")
                .setContentType("")
                .build();
        byte[] body = envelope.toByteArray();
        byte[] value = new byte[body.length + 4];
        value[0] = 'k';
        value[1] = '8';
        value[2] = 's';
        value[3] = 0;
        System.arraycopy(body, 0, value, 4, body.length);
        return value;
    }

    private static JsonNode tree(String json) {
        return JSON.readTree(json);
    }

    /** ObjectMeta as the API server stores it: non-pointer fields written even when empty. */
    private static Meta.ObjectMeta.Builder metadata(String namespace, String name) {
        Meta.ObjectMeta.Builder metadata = Meta.ObjectMeta.newBuilder()
                .setName(name)
                .setGenerateName("")
                .setSelfLink("")
                .setUid("6f1e2b0c-2f43-4b38-a0f1-3d4c5e6f7a8b")
                .setResourceVersion("")
                .setGeneration(0)
                .setCreationTimestamp(Meta.Time.newBuilder().setSeconds(CREATED).setNanos(0));
        if (namespace != null) {
            metadata.setNamespace(namespace);
        }
        return metadata;
    }

    private static IntStr.IntOrString intOrString(int value) {
        return IntStr.IntOrString.newBuilder().setType(0).setIntVal(value).setStrVal("").build();
    }

    private static IntStr.IntOrString intOrString(String value) {
        return IntStr.IntOrString.newBuilder().setType(1).setIntVal(0).setStrVal(value).build();
    }

    private static Resource.Quantity quantity(String value) {
        return Resource.Quantity.newBuilder().setString(value).build();
    }

    private static V1.Pod pod() {
        V1.Container container = V1.Container.newBuilder()
                .setName("web")
                .setImage("nginx:1.25")
                .setWorkingDir("")
                .setTerminationMessagePath("/dev/termination-log")
                .setImagePullPolicy("IfNotPresent")
                .setStdin(false)
                .setTty(false)
                .addPorts(V1.ContainerPort.newBuilder().setName("http").setContainerPort(8080).setProtocol("TCP")
                        .setHostPort(0).setHostIP(""))
                .setResources(V1.ResourceRequirements.newBuilder()
                        .putRequests("cpu", quantity("500m"))
                        .putLimits("memory", quantity("1Gi")))
                .setLivenessProbe(V1.Probe.newBuilder()
                        .setHandler(V1.ProbeHandler.newBuilder().setHttpGet(V1.HTTPGetAction.newBuilder()
                                .setPath("/healthz").setPort(intOrString(8080)).setHost("").setScheme("HTTP")))
                        .setInitialDelaySeconds(0).setTimeoutSeconds(1).setPeriodSeconds(10)
                        .setSuccessThreshold(1).setFailureThreshold(3))
                .setReadinessProbe(V1.Probe.newBuilder()
                        .setHandler(V1.ProbeHandler.newBuilder().setTcpSocket(V1.TCPSocketAction.newBuilder()
                                .setPort(intOrString("http")).setHost("")))
                        .setInitialDelaySeconds(5).setTimeoutSeconds(1).setPeriodSeconds(10)
                        .setSuccessThreshold(1).setFailureThreshold(3))
                .build();
        return V1.Pod.newBuilder()
                .setMetadata(metadata("shop", "web-0")
                        .putLabels("app", "web")
                        .putLabels("tier", "")
                        .putAnnotations("kubetriage.io/note", "canary"))
                .setSpec(V1.PodSpec.newBuilder()
                        .addContainers(container)
                        .setRestartPolicy("Always")
                        .setDnsPolicy("ClusterFirst")
                        .setServiceAccountName("default")
                        .setNodeName("")
                        .setHostNetwork(false)
                        .setTerminationGracePeriodSeconds(30)
                        .setAutomountServiceAccountToken(false))
                .setStatus(V1.PodStatus.newBuilder()
                        .setPhase("Running")
                        .setMessage("")
                        .setStartTime(Meta.Time.newBuilder().setSeconds(CREATED + 2).setNanos(0))
                        .addContainerStatuses(V1.ContainerStatus.newBuilder()
                                .setName("web").setReady(false).setRestartCount(0)
                                .setImage("nginx:1.25").setImageID("").setContainerID("")
                                .setStarted(true)))
                .build();
    }

    @Test
    void podMatchesTheJsonOfTheSameFabric8Pod() {
        DecodedValue decoded = decoder.decode("/registry/pods/shop/web-0", stored("v1", "Pod", pod()));

        assertEquals(Encoding.PROTOBUF, decoded.encoding());
        assertEquals("v1", decoded.apiVersion());
        assertEquals("Pod", decoded.kind());
        assertNull(decoded.problem());
        assertNull(decoded.raw());

        var fabric8 = new PodBuilder()
                .withNewMetadata()
                .withName("web-0").withNamespace("shop").withUid("6f1e2b0c-2f43-4b38-a0f1-3d4c5e6f7a8b")
                .withCreationTimestamp("2024-01-02T03:04:05Z")
                .withLabels(Map.of("app", "web", "tier", ""))
                .withAnnotations(Map.of("kubetriage.io/note", "canary"))
                .endMetadata()
                .withNewSpec()
                .withContainers(new ContainerBuilder()
                        .withName("web").withImage("nginx:1.25")
                        .withTerminationMessagePath("/dev/termination-log").withImagePullPolicy("IfNotPresent")
                        .addNewPort().withName("http").withContainerPort(8080).withProtocol("TCP").endPort()
                        .withNewResources()
                        .addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("500m"))
                        .addToLimits("memory", new io.fabric8.kubernetes.api.model.Quantity("1Gi"))
                        .endResources()
                        .withNewLivenessProbe()
                        .withNewHttpGet().withPath("/healthz").withPort(new IntOrString(8080)).withScheme("HTTP")
                        .endHttpGet()
                        .withTimeoutSeconds(1).withPeriodSeconds(10).withSuccessThreshold(1).withFailureThreshold(3)
                        .endLivenessProbe()
                        .withNewReadinessProbe()
                        .withNewTcpSocket().withPort(new IntOrString("http")).endTcpSocket()
                        .withInitialDelaySeconds(5).withTimeoutSeconds(1).withPeriodSeconds(10)
                        .withSuccessThreshold(1).withFailureThreshold(3)
                        .endReadinessProbe()
                        .build())
                .withRestartPolicy("Always").withDnsPolicy("ClusterFirst").withServiceAccountName("default")
                .withTerminationGracePeriodSeconds(30L).withAutomountServiceAccountToken(false)
                .endSpec()
                .withNewStatus()
                .withPhase("Running").withStartTime("2024-01-02T03:04:07Z")
                .withContainerStatuses(new ContainerStatusBuilder()
                        .withName("web").withReady(false).withRestartCount(0).withImage("nginx:1.25")
                        .withImageID("").withStarted(true).build())
                .endStatus()
                .build();

        assertEquals(tree(Serialization.asJson(fabric8)), tree(decoded.json()));
    }

    @Test
    void podFieldsHaveTheApiFormats() {
        JsonNode pod = tree(decoder.decode("/registry/pods/shop/web-0", stored("v1", "Pod", pod())).json());
        JsonNode container = pod.at("/spec/containers/0");

        assertEquals(List.of("apiVersion", "kind", "metadata", "spec", "status"), List.copyOf(pod.propertyNames()));
        assertEquals("2024-01-02T03:04:05Z", pod.at("/metadata/creationTimestamp").asString());
        assertEquals("500m", container.at("/resources/requests/cpu").asString());
        assertEquals("1Gi", container.at("/resources/limits/memory").asString());
        assertTrue(container.at("/livenessProbe/httpGet/port").isNumber());
        assertEquals(8080, container.at("/livenessProbe/httpGet/port").asInt());
        assertEquals("http", container.at("/readinessProbe/tcpSocket/port").asString());
        assertFalse(container.path("livenessProbe").has("initialDelaySeconds"), "omitempty zero omitted");
        assertFalse(pod.path("metadata").has("generateName"), "empty omitempty string omitted");
        assertFalse(pod.path("metadata").has("generation"));
        assertFalse(pod.path("metadata").has("resourceVersion"), "etcd stores no resourceVersion");
        assertEquals(0, pod.at("/status/containerStatuses/0/restartCount").asInt(), "non-omitempty zero kept");
        assertFalse(pod.at("/status/containerStatuses/0/ready").asBoolean(true));
        assertFalse(pod.at("/spec/automountServiceAccountToken").asBoolean(true), "pointer false kept");
        assertEquals("", pod.at("/metadata/labels/tier").asString(), "map values are kept even when empty");
    }

    @Test
    void resourceVersionComesFromTheModRevision() {
        DecodedValue decoded = decoder.decode("/registry/pods/shop/web-0", stored("v1", "Pod", pod()))
                .withResourceVersion(4711);
        assertEquals("4711", tree(decoded.json()).at("/metadata/resourceVersion").asString());
    }

    @Test
    void yamlIsBlockStyleAndHoldsTheSameTree() {
        DecodedValue decoded = decoder.decode("/registry/pods/shop/web-0", stored("v1", "Pod", pod()));
        String yaml = decoded.toYaml();

        assertTrue(yaml.startsWith("apiVersion: v1\nkind: Pod\nmetadata:\n"), yaml);
        assertTrue(yaml.contains("    cpu: 500m\n"), yaml);
        assertTrue(yaml.contains("creationTimestamp: \"2024-01-02T03:04:05Z\"")
                || yaml.contains("creationTimestamp: '2024-01-02T03:04:05Z'")
                || yaml.contains("creationTimestamp: 2024-01-02T03:04:05Z"), yaml);
        assertEquals(tree(decoded.json()), YAMLMapper.builder().build().readTree(yaml));
        assertEquals(tree(decoded.json()), tree(decoded.prettyJson()));
    }

    @Test
    void deploymentRollingUpdateKeepsStringAndNumberForms() {
        V1Apps.Deployment deployment = V1Apps.Deployment.newBuilder()
                .setMetadata(metadata("shop", "web"))
                .setSpec(V1Apps.DeploymentSpec.newBuilder()
                        .setReplicas(0)
                        .setSelector(Meta.LabelSelector.newBuilder().putMatchLabels("app", "web"))
                        .setTemplate(V1.PodTemplateSpec.newBuilder()
                                .setMetadata(Meta.ObjectMeta.newBuilder().setName("").setGenerateName("")
                                        .setCreationTimestamp(Meta.Time.getDefaultInstance())
                                        .putLabels("app", "web"))
                                .setSpec(V1.PodSpec.newBuilder().addContainers(
                                        V1.Container.newBuilder().setName("web").setImage("nginx"))))
                        .setStrategy(V1Apps.DeploymentStrategy.newBuilder()
                                .setType("RollingUpdate")
                                .setRollingUpdate(V1Apps.RollingUpdateDeployment.newBuilder()
                                        .setMaxSurge(intOrString("25%"))
                                        .setMaxUnavailable(intOrString(1))))
                        .setMinReadySeconds(0)
                        .setRevisionHistoryLimit(10)
                        .setPaused(false)
                        .setProgressDeadlineSeconds(600))
                .setStatus(V1Apps.DeploymentStatus.newBuilder().setObservedGeneration(1).setReplicas(0))
                .build();

        DecodedValue decoded = decoder.decode("/registry/deployments/shop/web",
                stored("apps/v1", "Deployment", deployment));
        JsonNode json = tree(decoded.json());

        assertEquals("apps/v1", json.path("apiVersion").asString());
        assertEquals("Deployment", json.path("kind").asString());
        assertEquals("25%", json.at("/spec/strategy/rollingUpdate/maxSurge").asString());
        assertTrue(json.at("/spec/strategy/rollingUpdate/maxUnavailable").isNumber());
        assertEquals(1, json.at("/spec/strategy/rollingUpdate/maxUnavailable").asInt());
        assertEquals(10, json.at("/spec/revisionHistoryLimit").asInt());
        assertEquals(600, json.at("/spec/progressDeadlineSeconds").asInt());
        assertEquals(0, json.at("/spec/replicas").asInt(-1), "explicit replicas: 0 is kept");
        assertTrue(json.at("/spec/replicas").isNumber());
        assertEquals("web", json.at("/spec/selector/matchLabels/app").asString());
        assertTrue(json.at("/spec/template/metadata/creationTimestamp").isNull(), "zero time shows as null");
        assertTrue(json.at("/spec/template/metadata").has("creationTimestamp"));
        assertFalse(json.path("spec").has("paused"));
        assertFalse(json.path("spec").has("minReadySeconds"));
        assertFalse(json.path("status").has("replicas"), "DeploymentStatus.replicas is omitempty");
        assertNull(decoded.problem());
    }

    @Test
    void secretBytesAreBase64() {
        byte[] password = {0, 1, 2, (byte) 0xfe, (byte) 0xff};
        V1.Secret secret = V1.Secret.newBuilder()
                .setMetadata(metadata("shop", "db"))
                .setType("Opaque")
                .putData("password", ByteString.copyFrom(password))
                .putData("user", ByteString.copyFromUtf8("admin"))
                .build();

        DecodedValue decoded = decoder.decode("/registry/secrets/shop/db", stored("v1", "Secret", secret));
        JsonNode json = tree(decoded.json());

        assertEquals(Base64.getEncoder().encodeToString(password), json.at("/data/password").asString());
        assertEquals("YWRtaW4=", json.at("/data/user").asString());
        assertEquals("Opaque", json.path("type").asString());
        assertEquals(List.of("apiVersion", "data", "kind", "metadata", "type"), List.copyOf(json.propertyNames()));
    }

    @Test
    void eventTimeIsMicroTime() {
        V1.Event event = V1.Event.newBuilder()
                .setMetadata(metadata("shop", "web-0.17a"))
                .setInvolvedObject(V1.ObjectReference.newBuilder().setKind("Pod").setNamespace("shop")
                        .setName("web-0").setUid("").setApiVersion("v1").setResourceVersion("").setFieldPath(""))
                .setReason("BackOff")
                .setMessage("Back-off restarting failed container")
                .setSource(V1.EventSource.newBuilder().setComponent("kubelet").setHost("node-1"))
                .setFirstTimestamp(Meta.Time.newBuilder().setSeconds(CREATED).setNanos(0))
                .setLastTimestamp(Meta.Time.newBuilder().setSeconds(CREATED + 60).setNanos(0))
                .setCount(7)
                .setType("Warning")
                .setEventTime(Meta.MicroTime.newBuilder().setSeconds(CREATED).setNanos(123456789))
                .setReportingComponent("")
                .setReportingInstance("")
                .build();

        JsonNode json = tree(decoder.decode("/registry/events/shop/web-0.17a", stored("v1", "Event", event)).json());

        assertEquals("2024-01-02T03:04:05.123456Z", json.path("eventTime").asString());
        assertEquals("2024-01-02T03:05:05Z", json.path("lastTimestamp").asString());
        assertEquals(7, json.path("count").asInt());
        assertEquals("Pod", json.at("/involvedObject/kind").asString());
        assertFalse(json.path("involvedObject").has("fieldPath"));
        assertEquals("", json.path("reportingComponent").asString(null), "reportingComponent has no omitempty");
        assertFalse(json.path("source").has("fieldPath"));
    }

    @Test
    void configMapDataAndBinaryData() {
        V1.ConfigMap configMap = V1.ConfigMap.newBuilder()
                .setMetadata(metadata("shop", "settings"))
                .putData("app.properties", "color=blue\nsize=3\n")
                .putData("empty", "")
                .putBinaryData("logo.png", ByteString.copyFrom(new byte[] {(byte) 0x89, 'P', 'N', 'G'}))
                .setImmutable(false)
                .build();

        DecodedValue decoded = decoder.decode("/registry/configmaps/shop/settings",
                stored("v1", "ConfigMap", configMap));
        JsonNode json = tree(decoded.json());

        assertEquals("color=blue\nsize=3\n", json.at("/data/app.properties").asString());
        assertEquals("", json.at("/data/empty").asString());
        assertEquals("iVBORw==", json.at("/binaryData/logo.png").asString());
        assertFalse(json.path("immutable").asBoolean(true), "immutable is a pointer: false is kept");
        assertTrue(decoded.toYaml().contains("app.properties: |"), decoded.toYaml());
    }

    @Test
    void crdSchemaUsesTheJsonNamesOfTheApi() {
        V1Apiextensions.CustomResourceDefinition crd = V1Apiextensions.CustomResourceDefinition.newBuilder()
                .setMetadata(metadata(null, "widgets.example.com"))
                .setSpec(V1Apiextensions.CustomResourceDefinitionSpec.newBuilder()
                        .setGroup("example.com")
                        .setScope("Namespaced")
                        .addVersions(V1Apiextensions.CustomResourceDefinitionVersion.newBuilder()
                                .setName("v1").setServed(true).setStorage(true)
                                .setSchema(V1Apiextensions.CustomResourceValidation.newBuilder()
                                        .setOpenAPIV3Schema(V1Apiextensions.JSONSchemaProps.newBuilder()
                                                .setType("object")
                                                .setXKubernetesPreserveUnknownFields(true)
                                                .setMaximum(5)
                                                .setDefault(V1Apiextensions.JSON.newBuilder()
                                                        .setRaw(ByteString.copyFromUtf8("{\"size\":3}")))))))
                .build();

        JsonNode json = tree(decoder.decode("/registry/apiextensions.k8s.io/customresourcedefinitions/widgets.example.com",
                stored("apiextensions.k8s.io/v1", "CustomResourceDefinition", crd)).json());
        JsonNode schema = json.at("/spec/versions/0/schema/openAPIV3Schema");

        assertTrue(schema.path("x-kubernetes-preserve-unknown-fields").asBoolean());
        assertEquals("{\"size\":3}", schema.path("default").toString());
        assertEquals("5", schema.path("maximum").toString(), "integral float64 without fraction");
        assertFalse(json.at("/metadata").has("namespace"));
    }

    @Test
    void customResourceStoredAsJsonIsReturnedWithItsTypeAndSortedKeys() {
        String stored = "{\"kind\":\"Widget\",\"apiVersion\":\"example.com/v1\",\"metadata\":{\"name\":\"w1\","
                + "\"namespace\":\"shop\",\"creationTimestamp\":\"2024-01-02T03:04:05Z\"},\"spec\":{\"size\":3,"
                + "\"colors\":[\"red\",\"blue\"]}}\n";

        DecodedValue decoded = decoder.decode("/registry/example.com/widgets/shop/w1",
                stored.getBytes(StandardCharsets.UTF_8));

        assertEquals(Encoding.JSON, decoded.encoding());
        assertEquals("example.com/v1", decoded.apiVersion());
        assertEquals("Widget", decoded.kind());
        assertNull(decoded.problem());
        assertEquals(tree(stored), tree(decoded.json()));
        assertEquals(List.of("apiVersion", "kind", "metadata", "spec"), List.copyOf(tree(decoded.json()).propertyNames()));
        assertEquals("7", tree(decoded.withResourceVersion(7).json()).at("/metadata/resourceVersion").asString());
    }

    @Test
    void unknownTypeIsReportedWithTheRawBytes() {
        byte[] value = stored("example.com/v1", "Gadget", pod());

        DecodedValue decoded = decoder.decode("/registry/gadgets/shop/g", value);

        assertEquals(Encoding.UNKNOWN_PROTOBUF_TYPE, decoded.encoding());
        assertEquals("example.com/v1", decoded.apiVersion());
        assertEquals("Gadget", decoded.kind());
        assertNull(decoded.json());
        assertNull(decoded.toYaml());
        assertTrue(decoded.problem().contains("Gadget"), decoded.problem());
        assertTrue(decoded.raw().startsWith("00000000  6b 38 73 00"), decoded.raw());
    }

    @Test
    void encryptedValueIsReportedNotDecrypted() {
        byte[] value = concat("k8s:enc:aescbc:v1:key1:".getBytes(StandardCharsets.US_ASCII),
                new byte[] {(byte) 0x9c, 0x11, 0x00, 0x42, (byte) 0xee});

        DecodedValue decoded = decoder.decode("/registry/secrets/shop/db", value);

        assertEquals(Encoding.ENCRYPTED, decoded.encoding());
        assertNull(decoded.json());
        assertTrue(decoded.problem().contains("aescbc"), decoded.problem());
        assertTrue(decoded.problem().contains("key1"), decoded.problem());
        assertTrue(decoded.problem().contains("secrets"), decoded.problem());
        assertNotNull(decoded.raw());
    }

    @Test
    void truncatedValueShowsTheFieldsBeforeTheCut() {
        byte[] value = stored("v1", "Pod", pod());
        byte[] truncated = Arrays.copyOf(value, value.length - 40);

        DecodedValue decoded = decoder.decode("/registry/pods/shop/web-0", truncated);

        assertEquals(Encoding.PROTOBUF, decoded.encoding());
        assertEquals("Pod", decoded.kind());
        assertTrue(decoded.problem().contains("truncated"), decoded.problem());
        assertTrue(decoded.problem().contains("showing the fields read before the error"), decoded.problem());
        assertNotNull(decoded.raw());
        JsonNode partial = tree(decoded.json());
        assertEquals("web-0", partial.at("/metadata/name").asString());
        assertEquals("nginx:1.25", partial.at("/spec/containers/0/image").asString());
    }

    @Test
    void corruptEnvelopeIsAProblemNotAnException() {
        byte[] value = {'k', '8', 's', 0, 0x0a, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f, 1};

        DecodedValue decoded = decoder.decode("/registry/pods/shop/web-0", value);

        assertEquals(Encoding.PROTOBUF, decoded.encoding());
        assertNull(decoded.json());
        assertNotNull(decoded.problem());
        assertTrue(decoded.raw().contains("6b 38 73 00"), decoded.raw());
    }

    @Test
    void binaryValueIsAHexDumpAndTextStaysText() {
        DecodedValue binary = decoder.decode("/other/blob", new byte[] {1, 2, 3, (byte) 0xff, 'a'});
        assertEquals(Encoding.NOT_KUBERNETES, binary.encoding());
        assertEquals("00000000  01 02 03 ff 61" + " ".repeat(34) + "  |....a|\n", binary.raw());

        DecodedValue revision = decoder.decode("compact_rev_key", "123456".getBytes(StandardCharsets.UTF_8));
        assertEquals(Encoding.NOT_KUBERNETES, revision.encoding());
        assertEquals("123456", revision.raw());
        assertNull(revision.problem());
    }

    @Test
    void rawExtensionIsInlinedAndNestedProtobufIsDecoded() {
        V1Apps.ControllerRevision json = V1Apps.ControllerRevision.newBuilder()
                .setMetadata(metadata("shop", "web-6d4b"))
                .setData(Runtime.RawExtension.newBuilder()
                        .setRaw(ByteString.copyFromUtf8("{\"spec\":{\"template\":{\"$patch\":\"replace\"}}}")))
                .setRevision(2)
                .build();
        JsonNode inlined = tree(decoder.decode(null, stored("apps/v1", "ControllerRevision", json)).json());
        assertEquals("replace", inlined.at("/data/spec/template/$patch").asString());
        assertEquals(2, inlined.path("revision").asInt());

        V1Apps.ControllerRevision nested = json.toBuilder()
                .setData(Runtime.RawExtension.newBuilder()
                        .setRaw(ByteString.copyFrom(stored("v1", "ConfigMap", V1.ConfigMap.newBuilder()
                                .setMetadata(metadata("shop", "inner")).putData("k", "v").build()))))
                .build();
        DecodedValue decoded = decoder.decode(null, stored("apps/v1", "ControllerRevision", nested));
        JsonNode data = tree(decoded.json()).path("data");
        assertEquals("ConfigMap", data.path("kind").asString());
        assertEquals("v", data.at("/data/k").asString());
        assertNull(decoded.problem());
    }

    @Test
    void registryFindsTheTypesOfTheMainApiGroups() {
        KubernetesTypeRegistry registry = KubernetesTypeRegistry.shared();

        assertEquals(V1.Pod.class, registry.messageClass("v1", "Pod").orElseThrow());
        assertEquals(V1Apps.Deployment.class, registry.messageClass("apps/v1", "Deployment").orElseThrow());
        assertTrue(registry.messageClass("rbac.authorization.k8s.io/v1", "ClusterRole").isPresent());
        assertTrue(registry.messageClass("coordination.k8s.io/v1", "Lease").isPresent());
        assertTrue(registry.messageClass("networking.k8s.io/v1", "Ingress").isPresent());
        assertTrue(registry.messageClass("batch/v1", "CronJob").isPresent());
        assertTrue(registry.messageClass("storage.k8s.io/v1", "StorageClass").isPresent());
        assertTrue(registry.messageClass("discovery.k8s.io/v1", "EndpointSlice").isPresent());
        assertTrue(registry.messageClass("flowcontrol.apiserver.k8s.io/v1", "FlowSchema").isPresent());
        assertTrue(registry.messageClass("apiextensions.k8s.io/v1", "CustomResourceDefinition").isPresent());
        assertTrue(registry.messageClass("v1", "Gadget").isEmpty());
        assertEquals(List.of(), registry.loadProblems());
        assertEquals("v1", KubernetesTypeRegistry.apiVersionOf("k8s.io.api.core.v1"));
        assertEquals("scheduling.k8s.io/v1", KubernetesTypeRegistry.apiVersionOf("k8s.io.api.scheduling.v1"));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
