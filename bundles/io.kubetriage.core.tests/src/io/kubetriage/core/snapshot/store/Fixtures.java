package io.kubetriage.core.snapshot.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.kubetriage.core.snapshot.ApiObject;
import io.kubetriage.core.snapshot.Snapshot;
import io.kubetriage.core.snapshot.SnapshotManifest;
import io.kubetriage.core.snapshot.SourceState;
import io.kubetriage.core.snapshot.SourceStatus;

/** Small objects and snapshots for the tests. */
public final class Fixtures {

    private Fixtures() {
    }

    public static ApiObject pod(String namespace, String name, String uid, long rv, String image) {
        return ObjectJson.fromJson("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name
                + "\",\"namespace\":\"" + namespace + "\",\"uid\":\"" + uid + "\",\"resourceVersion\":\"" + rv
                + "\",\"creationTimestamp\":\"2024-05-01T10:00:00Z\"},\"spec\":{\"containers\":[{\"name\":\"app\","
                + "\"image\":\"" + image + "\"}]},\"status\":{\"phase\":\"Running\"}}");
    }

    public static ApiObject deployment(String namespace, String name, String uid, long rv, int replicas) {
        return ObjectJson.fromJson("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\""
                + name + "\",\"namespace\":\"" + namespace + "\",\"uid\":\"" + uid + "\",\"resourceVersion\":\""
                + rv + "\",\"generation\":3},\"spec\":{\"replicas\":" + replicas + "},\"status\":{"
                + "\"observedGeneration\":3,\"replicas\":" + replicas + ",\"conditions\":[{\"type\":\"Available\","
                + "\"status\":\"True\",\"lastUpdateTime\":\"2024-05-01T10:00:00Z\","
                + "\"lastTransitionTime\":\"2024-05-01T10:00:00Z\"}]}}");
    }

    public static ApiObject event(String namespace, String name, String reason) {
        return ObjectJson.fromJson("{\"apiVersion\":\"v1\",\"kind\":\"Event\",\"metadata\":{\"name\":\"" + name
                + "\",\"namespace\":\"" + namespace + "\",\"uid\":\"e-" + name + "\",\"resourceVersion\":\"7\"},"
                + "\"reason\":\"" + reason + "\",\"message\":\"line one\\nline two \\u00e9\","
                + "\"lastTimestamp\":\"2024-05-01T10:00:00Z\"}");
    }

    public static SnapshotManifest manifest(String name) {
        return new SnapshotManifest(1, "6f1c2a9e-0000-4000-8000-000000000001", name, "prod-eu", "https://10.0.0.1:6443",
                "v1.20.2", Instant.parse("2024-05-01T10:00:00Z"), Instant.parse("2024-05-01T10:00:07.250Z"),
                "0.1.0", true, List.of(SourceStatus.complete("api:v1/pods", 2),
                        new SourceStatus("api:apps/v1/deployments", SourceState.PARTIAL, 1, "403 on kube-system"),
                        new SourceStatus("etcd", SourceState.SKIPPED, 0, null)));
    }

    public static Snapshot snapshot(String name, Collection<ApiObject> objects) {
        return new Snapshot(manifest(name), objects, List.of(), Map.of());
    }
}
