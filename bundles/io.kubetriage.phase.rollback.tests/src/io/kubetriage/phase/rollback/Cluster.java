package io.kubetriage.phase.rollback;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.kubetriage.core.etcd.section.EtcdSection;
import io.kubetriage.core.etcd.section.EtcdSectionCodec;
import io.kubetriage.core.snapshot.ApiObject;
import io.kubetriage.core.snapshot.Snapshot;
import io.kubetriage.core.snapshot.SnapshotManifest;
import io.kubetriage.core.snapshot.store.ObjectJson;

/** Builds snapshots in code, object by object, from JSON text. */
final class Cluster {

    private final List<ApiObject> objects = new ArrayList<>();
    private final List<ApiObject> events = new ArrayList<>();
    private final Map<String, byte[]> sections = new LinkedHashMap<>();

    static Cluster of() {
        return new Cluster();
    }

    Cluster add(ApiObject... o) {
        objects.addAll(List.of(o));
        return this;
    }

    Cluster event(String namespace, String name, String reason, String message, String kind, String objName) {
        events.add(ObjectJson.fromJson("{\"apiVersion\":\"v1\",\"kind\":\"Event\",\"metadata\":{\"name\":\"" + name
                + "\",\"namespace\":\"" + namespace + "\",\"resourceVersion\":\"1\"},\"reason\":\"" + reason
                + "\",\"message\":\"" + message + "\",\"involvedObject\":{\"apiVersion\":\"v1\",\"kind\":\"" + kind
                + "\",\"namespace\":\"" + namespace + "\",\"name\":\"" + objName + "\"}}"));
        return this;
    }

    Cluster etcd(long revision) {
        sections.putAll(EtcdSectionCodec.toSections(new EtcdSection("etcd http://10.0.0.1:2379", revision, 0, null,
                List.of())));
        return this;
    }

    Snapshot snapshot() {
        Instant t = Instant.parse("2026-11-20T10:00:00Z");
        return new Snapshot(new SnapshotManifest(1, "id-" + objects.size(), "snap", "prod", null, null, t, t, "test",
                true, List.of()), objects, events, sections);
    }

    static ApiObject obj(String json) {
        return ObjectJson.fromJson(json);
    }

    static String meta(String namespace, String name, String uid, long rv, String extra) {
        return "\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"" + namespace + "\",\"uid\":\"" + uid
                + "\",\"resourceVersion\":\"" + rv + "\"" + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    static ApiObject configMap(String name, long rv, String value) {
        return obj("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\"," + meta("default", name, "cm-" + name, rv, "")
                + ",\"data\":{\"k\":\"" + value + "\"}}");
    }

    static String template(String image, String hash) {
        return "{\"metadata\":{\"labels\":{\"app\":\"web\"" + (hash == null ? "" : ",\"pod-template-hash\":\"" + hash + "\"")
                + "}},\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"" + image + "\"}]}}";
    }

    static ApiObject deployment(String name, long rv, long revision, String image) {
        return obj("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\"," + meta("shop", name, "d-" + name, rv,
                "\"annotations\":{\"deployment.kubernetes.io/revision\":\"" + revision + "\"}")
                + ",\"spec\":{\"replicas\":2,\"selector\":{\"matchLabels\":{\"app\":\"web\"}},\"template\":"
                + template(image, null) + "}}");
    }

    /** A ReplicaSet of Deployment {@code deployment} (owned by its UID unless {@code owned} is false). */
    static ApiObject replicaSet(String deployment, String hash, long rv, long revision, String image, int replicas,
            boolean owned) {
        String owner = owned ? ",\"ownerReferences\":[{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"name\":\""
                + deployment + "\",\"uid\":\"d-" + deployment + "\",\"controller\":true}]" : "";
        return obj("{\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\"," + meta("shop", deployment + "-" + hash,
                "rs-" + hash, rv, "\"annotations\":{\"deployment.kubernetes.io/revision\":\"" + revision
                        + "\",\"kubernetes.io/change-cause\":\"image " + image + "\"},\"creationTimestamp\":"
                        + "\"2026-11-0" + Math.min(9, Math.max(1, revision)) + "T00:00:00Z\"" + owner)
                + ",\"spec\":{\"replicas\":" + replicas + ",\"selector\":{\"matchLabels\":{\"app\":\"web\","
                + "\"pod-template-hash\":\"" + hash + "\"}},\"template\":" + template(image, hash) + "}}");
    }

    static ApiObject node(String name, boolean controlPlane) {
        return obj("{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"" + name + "\",\"uid\":\"n-"
                + name + "\",\"resourceVersion\":\"5\",\"labels\":{\"kubernetes.io/hostname\":\"" + name + "\""
                + (controlPlane ? ",\"node-role.kubernetes.io/control-plane\":\"\"" : "") + "}}}");
    }

    /** A static Pod's mirror, e.g. component {@code kube-scheduler} on {@code master}. */
    static ApiObject mirror(String component, String node, long rv) {
        return obj("{\"apiVersion\":\"v1\",\"kind\":\"Pod\"," + meta("kube-system", component + "-" + node,
                "p-" + component, rv, "\"labels\":{\"component\":\"" + component + "\",\"tier\":\"control-plane\"},"
                        + "\"annotations\":{\"kubernetes.io/config.mirror\":\"abc\"},\"ownerReferences\":[{"
                        + "\"apiVersion\":\"v1\",\"kind\":\"Node\",\"name\":\"" + node + "\",\"uid\":\"n-" + node
                        + "\",\"controller\":true}]")
                + ",\"spec\":{\"nodeName\":\"" + node + "\"},\"status\":{\"phase\":\"Running\"}}");
    }

    /** A Pod owned by ReplicaSet {@code owner} (null: bare), on {@code node} (null: not scheduled). */
    static ApiObject pod(String namespace, String name, long rv, String owner, String node, String phase,
            boolean scheduledCondition) {
        String ownerRef = owner == null ? "" : "\"ownerReferences\":[{\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\","
                + "\"name\":\"" + owner + "\",\"uid\":\"rs-" + owner + "\",\"controller\":true}]";
        String conditions = scheduledCondition
                ? ",\"conditions\":[{\"type\":\"PodScheduled\",\"status\":\"False\",\"reason\":\"Unschedulable\"}]" : "";
        return obj("{\"apiVersion\":\"v1\",\"kind\":\"Pod\"," + meta(namespace, name, "p-" + name, rv, ownerRef)
                + ",\"spec\":{" + (node == null ? "" : "\"nodeName\":\"" + node + "\",")
                + "\"containers\":[{\"name\":\"c\",\"image\":\"img\"}]},\"status\":{\"phase\":\"" + phase + "\""
                + conditions + "}}");
    }
}
