package io.kubetriage.connector.etcd.snapshot;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;

import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;
import io.kubetriage.test.support.etcd.EtcdServerExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes Kubernetes objects into a test etcd the way the API server stores them: under
 * {@code /registry/...}, protobuf-encoded ({@code k8s\0} and a {@code runtime.Unknown} around the
 * typed message), without a resourceVersion (the API server derives it from the mod_revision).
 */
final class KubeStore {

    static final long CREATED = 1704164645L; // 2024-01-02T03:04:05Z

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final EtcdServerExtension etcd;
    private final HttpClient http = HttpClient.newHttpClient();

    KubeStore(EtcdServerExtension etcd) {
        this.etcd = etcd;
    }

    /** Puts a value; returns the revision of the put (the key's new mod_revision). */
    long put(String key, byte[] value) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("key", b64(key.getBytes(StandardCharsets.UTF_8)))
                .put("value", b64(value));
        return call("/v3/kv/put", body).path("header").path("revision").asLong();
    }

    /** Deletes a key; returns the revision of the deletion. */
    long delete(String key) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("key", b64(key.getBytes(StandardCharsets.UTF_8)));
        return call("/v3/kv/deleterange", body).path("header").path("revision").asLong();
    }

    private JsonNode call(String path, JsonNode body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(etcd.clientEndpoint() + path))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(path + ": " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    static byte[] stored(String apiVersion, String kind, Message object) {
        byte[] body = Runtime.Unknown.newBuilder()
                .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion(apiVersion).setKind(kind))
                .setRaw(object.toByteString()).setContentEncoding("").setContentType("").build().toByteArray();
        byte[] value = new byte[body.length + 4];
        value[0] = 'k';
        value[1] = '8';
        value[2] = 's';
        System.arraycopy(body, 0, value, 4, body.length);
        return value;
    }

    static Meta.ObjectMeta.Builder metadata(String namespace, String name, String uid) {
        Meta.ObjectMeta.Builder metadata = Meta.ObjectMeta.newBuilder().setName(name).setGenerateName("")
                .setSelfLink("").setUid(uid).setResourceVersion("").setGeneration(1)
                .setCreationTimestamp(Meta.Time.newBuilder().setSeconds(CREATED).setNanos(0));
        if (namespace != null) {
            metadata.setNamespace(namespace);
        }
        return metadata;
    }

    private static V1.PodSpec.Builder podSpec(String image) {
        return V1.PodSpec.newBuilder()
                .addContainers(V1.Container.newBuilder().setName("web").setImage(image)
                        .setImagePullPolicy("IfNotPresent").setTerminationMessagePath("/dev/termination-log"))
                .setRestartPolicy("Always").setDnsPolicy("ClusterFirst").setServiceAccountName("default");
    }

    static byte[] deployment(String namespace, String name, String revision, String image) {
        V1Apps.Deployment deployment = V1Apps.Deployment.newBuilder()
                .setMetadata(metadata(namespace, name, "d0000000-0000-4000-8000-000000000001")
                        .putAnnotations("deployment.kubernetes.io/revision", revision)
                        .putLabels("app", name)
                        .addManagedFields(Meta.ManagedFieldsEntry.newBuilder().setManager("kubectl")
                                .setOperation("Update").setApiVersion("apps/v1")))
                .setSpec(V1Apps.DeploymentSpec.newBuilder().setReplicas(2)
                        .setSelector(Meta.LabelSelector.newBuilder().putMatchLabels("app", name))
                        .setTemplate(V1.PodTemplateSpec.newBuilder()
                                .setMetadata(Meta.ObjectMeta.newBuilder().putLabels("app", name))
                                .setSpec(podSpec(image))))
                .build();
        return stored("apps/v1", "Deployment", deployment);
    }

    static byte[] configMap(String namespace, String name, String key, String value) {
        return stored("v1", "ConfigMap", V1.ConfigMap.newBuilder()
                .setMetadata(metadata(namespace, name, "c0000000-0000-4000-8000-000000000002"))
                .putData(key, value).build());
    }

    static byte[] secret(String namespace, String name, String key, String value) {
        return stored("v1", "Secret", V1.Secret.newBuilder()
                .setMetadata(metadata(namespace, name, "50000000-0000-4000-8000-000000000003"))
                .putData(key, ByteString.copyFromUtf8(value)).setType("Opaque").build());
    }

    static byte[] pod(String namespace, String name, String image) {
        return stored("v1", "Pod", V1.Pod.newBuilder()
                .setMetadata(metadata(namespace, name, "90000000-0000-4000-8000-" + String.format("%012d",
                        Math.abs(name.hashCode()))))
                .setSpec(podSpec(image).setNodeName("worker-1"))
                .setStatus(V1.PodStatus.newBuilder().setPhase("Running"))
                .build());
    }

    static byte[] event(String namespace, String name, String reason) {
        return stored("v1", "Event", V1.Event.newBuilder()
                .setMetadata(metadata(namespace, name, "e0000000-0000-4000-8000-000000000004"))
                .setInvolvedObject(V1.ObjectReference.newBuilder().setKind("Deployment").setNamespace(namespace)
                        .setName("web"))
                .setReason(reason).setMessage("Scaled up").setType("Normal").setCount(1)
                .build());
    }

    static byte[] serviceIpRange() {
        return stored("v1", "RangeAllocation", V1.RangeAllocation.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder().setResourceVersion(""))
                .setRange("10.96.0.0/12").setData(ByteString.copyFrom(new byte[] {1, 0, 0, 0}))
                .build());
    }
}
