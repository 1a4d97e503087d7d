package io.kubetriage.core.snapshot.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import io.kubetriage.core.snapshot.ApiObject;
import io.kubetriage.core.snapshot.ChangeKind;
import io.kubetriage.core.snapshot.Snapshot;
import io.kubetriage.core.snapshot.SnapshotManifest;
import io.kubetriage.core.snapshot.SourceStatus;
import io.kubetriage.core.snapshot.diff.DiffOptions;
import io.kubetriage.core.snapshot.diff.ObjectChange;
import io.kubetriage.core.snapshot.diff.SnapshotDiff;
import io.kubetriage.core.snapshot.store.ObjectJson;
import io.kubetriage.core.snapshot.store.SnapshotStore;

/**
 * Writes, reads and compares two synthetic snapshots of a large cluster and prints the rates and the
 * heap used. Not a test: run it with releng/scripts/bench-snapshots.sh.
 *
 * <p>Arguments: {@code [objects] [directory]}; 150000 objects and a temporary directory by default.
 */
public final class SnapshotBenchmark {

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private static final AtomicLong PEAK = new AtomicLong();

    private SnapshotBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 150_000;
        Path dir = args.length > 1 ? Files.createDirectories(Path.of(args[1]))
                : Files.createTempDirectory("kubetriage-bench");
        Thread sampler = Thread.ofPlatform().daemon().start(SnapshotBenchmark::sample);

        long t = System.nanoTime();
        Random random = new Random(20240501);
        List<ApiObject> before = new ArrayList<>(count);
        List<ApiObject> after = new ArrayList<>(count);
        generate(count, random, before, after);
        Snapshot a = snapshot("before", before);
        Snapshot b = snapshot("after", after);
        long bytes = a.objects().stream().mapToLong(o -> o.json().length()).sum();
        System.out.printf("generated   %,d + %,d objects, %.0f bytes of JSON per object, in %.2f s%n",
                a.objectCount(), b.objectCount(), bytes / (double) a.objectCount(), seconds(t));
        before = null;
        after = null;

        Path fa = dir.resolve("before.ktsnap");
        Path fb = dir.resolve("after.ktsnap");
        t = System.nanoTime();
        SnapshotStore.write(a, fa);
        SnapshotStore.write(b, fb);
        report("write", 2L * count, t);
        System.out.printf("            file sizes %,d and %,d bytes%n", Files.size(fa), Files.size(fb));
        a = null;
        b = null;
        System.gc();

        t = System.nanoTime();
        Snapshot ra = SnapshotStore.read(fa);
        Snapshot rb = SnapshotStore.read(fb);
        report("read", (long) ra.objectCount() + rb.objectCount(), t);

        t = System.nanoTime();
        SnapshotStore.readManifest(fa);
        System.out.printf("manifest    %.1f ms%n", (System.nanoTime() - t) / 1e6);

        for (int run = 1; run <= 3; run++) {
            t = System.nanoTime();
            List<ObjectChange> changes = SnapshotDiff.compare(ra, rb, DiffOptions.NOISE_HIDDEN);
            double s = seconds(t);
            Map<ChangeKind, Integer> kinds = new EnumMap<>(ChangeKind.class);
            changes.forEach(c -> kinds.merge(c.kind(), 1, Integer::sum));
            System.out.printf("diff #%d     %.3f s, %,.0f objects/s, %,d changes %s%n", run, s,
                    (ra.objectCount() + rb.objectCount()) / s, changes.size(), kinds);
        }
        t = System.nanoTime();
        List<ObjectChange> exact = SnapshotDiff.compare(ra, rb, DiffOptions.EXACT);
        System.out.printf("diff exact  %.3f s, %,d changes%n", seconds(t), exact.size());

        System.gc();
        long live = MEMORY.getHeapMemoryUsage().getUsed();
        System.out.printf("heap        peak used %,d MB (sampled every 10 ms), live with both snapshots %,d MB, max %,d MB%n",
                PEAK.get() >> 20, live >> 20, MEMORY.getHeapMemoryUsage().getMax() >> 20);
        System.out.printf("cores       %d%n", Runtime.getRuntime().availableProcessors());
        sampler.interrupt();
        Files.delete(fa);
        Files.delete(fb);
        if (args.length <= 1) {
            Files.delete(dir);
        }
        // Keeps both snapshots reachable up to the live-heap figure.
        if (ra.objectCount() < 0 || rb.objectCount() < 0) {
            System.out.println();
        }
    }

    private static void sample() {
        while (!Thread.currentThread().isInterrupted()) {
            PEAK.accumulateAndGet(MEMORY.getHeapMemoryUsage().getUsed(), Math::max);
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static void report(String what, long objects, long start) {
        double s = seconds(start);
        System.out.printf("%-11s %,d objects in %.2f s: %,.0f objects/s%n", what, objects, s, objects / s);
    }

    private static Snapshot snapshot(String name, List<ApiObject> objects) {
        SnapshotManifest m = new SnapshotManifest(SnapshotStore.FORMAT_VERSION, "bench-" + name, name, "bench",
                "https://10.0.0.1:6443", "v1.29.4", Instant.parse("2024-05-01T10:00:00Z"),
                Instant.parse("2024-05-01T10:01:00Z"), "bench", true,
                List.of(SourceStatus.complete("api:*", objects.size())));
        return new Snapshot(m, objects, List.of(), Map.of());
    }

    /**
     * Fills both lists: the after list has about 3 % changed objects (half of them only in status),
     * 0.3 % with the resourceVersion gone backwards, 0.5 % removed, 0.5 % added and 0.2 % recreated.
     */
    private static void generate(int count, Random random, List<ApiObject> before, List<ApiObject> after) {
        long rv = 1_000_000;
        for (int i = 0; i < count; i++) {
            String ns = "team-" + (i % 600);
            String uid = uuid(random);
            long v = rv++;
            int kind = i % 5;
            before.add(object(kind, ns, i, uid, v, 0, false));
            double roll = random.nextDouble();
            if (roll < 0.005) {
                continue; // removed
            } else if (roll < 0.008) {
                after.add(object(kind, ns, i, uid, v - 500, 0, false)); // resourceVersion backwards
            } else if (roll < 0.010) {
                after.add(object(kind, ns, i, uuid(random), v + count, 0, false)); // recreated
            } else if (roll < 0.025) {
                after.add(object(kind, ns, i, uid, v + count, 1, false)); // spec changed
            } else if (roll < 0.040) {
                after.add(object(kind, ns, i, uid, v + count, 0, true)); // status only: noise
            } else {
                after.add(object(kind, ns, i, uid, v, 0, false));
            }
        }
        for (int i = count; i < count + count / 200; i++) {
            after.add(object(i % 5, "team-new", i, uuid(random), rv + 2L * count + i, 0, false));
        }
    }

    private static String uuid(Random random) {
        return new java.util.UUID(random.nextLong(), random.nextLong()).toString();
    }

    private static ApiObject object(int kind, String ns, int i, String uid, long rv, int revision, boolean newStatus) {
        String json = switch (kind) {
            case 0, 1 -> pod(ns, i, uid, rv, revision, newStatus);
            case 2 -> deployment(ns, i, uid, rv, revision, newStatus);
            case 3 -> configMap(ns, i, uid, rv, revision);
            default -> service(ns, i, uid, rv, revision);
        };
        return ObjectJson.fromJson(json);
    }

    private static String meta(String name, String ns, String uid, long rv, String extra) {
        return "\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"" + ns + "\",\"uid\":\"" + uid
                + "\",\"resourceVersion\":\"" + rv + "\",\"creationTimestamp\":\"2024-04-30T08:12:45Z\","
                + "\"labels\":{\"app.kubernetes.io/name\":\"svc-" + name.hashCode() % 97 + "\","
                + "\"app.kubernetes.io/part-of\":\"shop\",\"pod-template-hash\":\"7d9f8c6b5\"}" + extra + "}";
    }

    private static String pod(String ns, int i, String uid, long rv, int revision, boolean newStatus) {
        String name = "web-" + i + "-7d9f8c6b5-x2k4q";
        return "{\"apiVersion\":\"v1\",\"kind\":\"Pod\"," + meta(name, ns, uid, rv,
                ",\"ownerReferences\":[{\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\",\"name\":\"web-" + i
                        + "-7d9f8c6b5\",\"uid\":\"" + uid + "\",\"controller\":true,\"blockOwnerDeletion\":true}]")
                + ",\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"registry.example.com/shop/web:1." + (40 + revision)
                + ".3\",\"ports\":[{\"name\":\"http\",\"containerPort\":8080,\"protocol\":\"TCP\"}],"
                + "\"env\":[{\"name\":\"LOG_LEVEL\",\"value\":\"info\"},{\"name\":\"POD_NAME\",\"valueFrom\":{\"fieldRef\":"
                + "{\"apiVersion\":\"v1\",\"fieldPath\":\"metadata.name\"}}}],\"resources\":{\"limits\":{\"cpu\":\"500m\","
                + "\"memory\":\"512Mi\"},\"requests\":{\"cpu\":\"100m\",\"memory\":\"128Mi\"}},\"readinessProbe\":{"
                + "\"httpGet\":{\"path\":\"/healthz\",\"port\":8080,\"scheme\":\"HTTP\"},\"periodSeconds\":10},"
                + "\"volumeMounts\":[{\"name\":\"kube-api-access-abcde\",\"readOnly\":true,\"mountPath\":"
                + "\"/var/run/secrets/kubernetes.io/serviceaccount\"}],\"terminationMessagePath\":\"/dev/termination-log\","
                + "\"imagePullPolicy\":\"IfNotPresent\"}],\"restartPolicy\":\"Always\",\"dnsPolicy\":\"ClusterFirst\","
                + "\"serviceAccountName\":\"default\",\"nodeName\":\"worker-" + (i % 40) + "\",\"schedulerName\":"
                + "\"default-scheduler\",\"tolerations\":[{\"key\":\"node.kubernetes.io/not-ready\",\"operator\":"
                + "\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":300}]},\"status\":{\"phase\":\"Running\","
                + "\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\",\"lastProbeTime\":null,"
                + "\"lastTransitionTime\":\"2024-04-30T08:13:0" + (newStatus ? 9 : 1) + "Z\"},{\"type\":\"PodScheduled\","
                + "\"status\":\"True\",\"lastProbeTime\":null,\"lastTransitionTime\":\"2024-04-30T08:12:45Z\"}],"
                + "\"hostIP\":\"10.0." + (i % 40) + ".10\",\"podIP\":\"10.244." + (i % 250) + "." + (i % 200)
                + "\",\"startTime\":\"2024-04-30T08:12:45Z\",\"containerStatuses\":[{\"name\":\"app\",\"ready\":true,"
                + "\"restartCount\":" + (newStatus ? 1 : 0) + ",\"image\":\"registry.example.com/shop/web:1.40.3\","
                + "\"containerID\":\"containerd://" + uid.replace("-", "") + "\",\"started\":true}]}}";
    }

    private static String deployment(String ns, int i, String uid, long rv, int revision, boolean newStatus) {
        return "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\"," + meta("web-" + i, ns, uid, rv,
                ",\"generation\":" + (3 + revision) + ",\"annotations\":{\"deployment.kubernetes.io/revision\":\"" + (3 + revision)
                        + "\"}")
                + ",\"spec\":{\"replicas\":" + (2 + revision) + ",\"selector\":{\"matchLabels\":{\"app.kubernetes.io/name\":"
                + "\"web\"}},\"template\":{\"metadata\":{\"labels\":{\"app.kubernetes.io/name\":\"web\"}},\"spec\":{"
                + "\"containers\":[{\"name\":\"app\",\"image\":\"registry.example.com/shop/web:1.40.3\",\"ports\":[{"
                + "\"containerPort\":8080,\"protocol\":\"TCP\"}],\"resources\":{\"limits\":{\"cpu\":\"500m\",\"memory\":"
                + "\"512Mi\"}}}]}},\"strategy\":{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"maxUnavailable\":\"25%\","
                + "\"maxSurge\":\"25%\"}},\"revisionHistoryLimit\":10,\"progressDeadlineSeconds\":600},\"status\":{"
                + "\"observedGeneration\":" + (3 + revision) + ",\"replicas\":2,\"updatedReplicas\":2,\"readyReplicas\":"
                + (newStatus ? 1 : 2) + ",\"availableReplicas\":2,\"conditions\":[{\"type\":\"Available\",\"status\":\"True\","
                + "\"lastUpdateTime\":\"2024-04-30T08:13:01Z\",\"lastTransitionTime\":\"2024-04-30T08:13:01Z\",\"reason\":"
                + "\"MinimumReplicasAvailable\",\"message\":\"Deployment has minimum availability.\"}]}}";
    }

    private static String configMap(String ns, int i, String uid, long rv, int revision) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\"," + meta("settings-" + i, ns, uid, rv, "")
                + ",\"data\":{\"application.yaml\":\"server:\\n  port: 8080\\nlogging:\\n  level: " + (revision > 0 ? "debug" : "info")
                + "\\nfeatures:\\n  checkout: true\\n  recommendations: false\\ncache:\\n  ttl: 300s\\n  size: 10000\\n"
                + "database:\\n  host: db.shop.svc.cluster.local\\n  port: 5432\\n  pool: 20\\n\",\"LOG_FORMAT\":\"json\","
                + "\"TZ\":\"Europe/Berlin\",\"FEATURE_FLAGS\":\"a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r,s,t,u,v,w,x,y,z\"}}";
    }

    private static String service(String ns, int i, String uid, long rv, int revision) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"Service\"," + meta("web-" + i, ns, uid, rv,
                ",\"annotations\":{\"prometheus.io/scrape\":\"true\",\"prometheus.io/port\":\"9090\"}")
                + ",\"spec\":{\"ports\":[{\"name\":\"http\",\"protocol\":\"TCP\",\"port\":80,\"targetPort\":" + (8080 + revision)
                + "},{\"name\":\"metrics\",\"protocol\":\"TCP\",\"port\":9090,\"targetPort\":9090}],\"selector\":{"
                + "\"app.kubernetes.io/name\":\"web\"},\"clusterIP\":\"10.96." + (i % 250) + "." + (i % 200) + "\","
                + "\"clusterIPs\":[\"10.96." + (i % 250) + "." + (i % 200) + "\"],\"type\":\"ClusterIP\",\"sessionAffinity\":"
                + "\"None\",\"ipFamilies\":[\"IPv4\"],\"ipFamilyPolicy\":\"SingleStack\",\"internalTrafficPolicy\":"
                + "\"Cluster\"},\"status\":{\"loadBalancer\":{}}}";
    }
}
