package io.kubetriage.connector.kube.testbed.sample;

import static io.kubetriage.connector.kube.testbed.sample.SampleManifests.fill;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kubetriage.core.kubeconfig.KubeContext;
import io.kubetriage.core.snapshot.Snapshot;
import io.kubetriage.test.support.testbed.KubeTestBed;

/**
 * The founding incident played on the real test bed: a small kubeadm-style cluster on day 0, an
 * etcd backup, three days of changes, the BEFORE capture, the restore of the day-0 backup under the
 * running API server, what the node then reports back through the API (calico-node not Ready, a new
 * Pod that never gets a network, the kube-scheduler mirror Pod gone), and the AFTER capture.
 */
final class SampleIncidentScenario {

    private static final String KUBE_SYSTEM = "kube-system";
    private static final String SHOP = "shop";
    private static final Duration SETTLE = Duration.ofSeconds(120);
    /** Node heartbeats over the three days (the kubelet renews its Lease every 10 s; a sample of them). */
    private static final int LEASE_RENEWALS = 150;
    /** The image the Deployments run on day 0, and after the days. */
    static final String WEB_DAY0 = "nginx:1.19";
    static final String WEB_DAY3 = "nginx:1.21";
    private static final String SANDBOX_MESSAGE = "Failed to create pod sandbox: rpc error: code = Unknown desc = "
            + "[failed to set up sandbox container \"%1$s\" network for pod \"nettest\": networkPlugin cni failed to "
            + "set up pod \"nettest_default\" network: Get \"https://10.233.0.1:443/apis/crd.projectcalico.org/v1/"
            + "clusterinformations/default\": dial tcp 10.233.0.1:443: i/o timeout, failed to clean up sandbox "
            + "container \"%1$s\" network for pod \"nettest\": networkPlugin cni failed to teardown pod "
            + "\"nettest_default\" network: error getting ClusterInformation: Get \"https://10.233.0.1:443/apis/"
            + "crd.projectcalico.org/v1/clusterinformations/default\": dial tcp 10.233.0.1:443: i/o timeout]";

    private final KubeTestBed bed;
    private final KubeContext ctx;
    private final KubernetesClient client;
    private final Path source;
    private final StandInKubelet kubelet;

    /** The results: the snapshots, and the store's revision when each was taken. */
    Snapshot before;
    Snapshot after;
    long revisionBefore;
    long revisionAfter;

    SampleIncidentScenario(KubeTestBed bed, KubeContext ctx, KubernetesClient client, Path source) {
        this.bed = bed;
        this.ctx = ctx;
        this.client = client;
        this.source = source;
        this.kubelet = new StandInKubelet(client);
    }

    void run(String beforeName, String afterName) throws Exception {
        dayZero();
        Path backup = bed.etcd().snapshotSave(bed.workDir().resolve("etcd-day0.db"));
        log("day 0 backed up at revision " + bed.etcd().revision() + ": " + backup);
        threeDays();
        revisionBefore = bed.etcd().revision();
        before = SampleCapture.capture(bed, ctx, beforeName);
        log("BEFORE: " + before.objectCount() + " objects, " + before.events().size() + " events, revision "
                + revisionBefore);

        bed.restoreEtcdFrom(backup);
        await("the day-0 Deployment served again", () -> {
            try {
                return Optional.ofNullable(client.apps().deployments().inNamespace(SHOP).withName("web").get())
                        .filter(d -> WEB_DAY0.equals(image(d)));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        });
        // let the controllers do whatever they do right after a restore, then look
        Thread.sleep(3_000);
        whatTheNodeReportsAfterTheRestore();
        revisionAfter = bed.etcd().revision();
        after = SampleCapture.capture(bed, ctx, afterName);
        log("AFTER: " + after.objectCount() + " objects, " + after.events().size() + " events, revision "
                + revisionAfter);
    }

    // ---------------------------------------------------------------- day 0

    private void dayZero() throws Exception {
        Node node = unmarshal(fill(SampleManifests.NODE, "now", now()), Node.class);
        Node created = client.nodes().resource(node).create();
        node.getMetadata().setResourceVersion(created.getMetadata().getResourceVersion());
        client.nodes().resource(node).updateStatus();
        Lease lease = unmarshal(SampleManifests.NODE_LEASE, Lease.class);
        lease.getSpec().setAcquireTime(microNow());
        lease.getSpec().setRenewTime(microNow());
        client.leases().inNamespace("kube-node-lease").resource(lease).create();
        create(SampleManifests.KUBERNETES_ENDPOINTS);

        for (String sa : List.of("kube-proxy", "calico-node", "coredns")) {
            create(fill(SampleManifests.SERVICE_ACCOUNT, "name", sa));
        }
        for (String sa : List.of("kube-proxy", "calico-node", "coredns")) {
            await("the token of service account " + sa, () -> Optional.ofNullable(
                    client.serviceAccounts().inNamespace(KUBE_SYSTEM).withName(sa).get())
                    .filter(a -> !a.getSecrets().isEmpty()));
        }
        Path proxy = source.resolve("kube-proxy");
        client.configMaps().inNamespace(KUBE_SYSTEM).resource(new ConfigMapBuilder(
                unmarshal(SampleManifests.KUBE_PROXY_CONFIG_MAP, io.fabric8.kubernetes.api.model.ConfigMap.class))
                .addToData("config.conf", Files.readString(proxy.resolve("config.conf")))
                .addToData("kubeconfig.conf", Files.readString(proxy.resolve("kubeconfig.conf")))
                .build()).create();
        daemonSetWithPod(SampleManifests.KUBE_PROXY_DAEMON_SET);
        daemonSetWithPod(SampleManifests.CALICO_NODE_DAEMON_SET);
        staticPodMirrors(source.resolve("before").resolve(StandInKubelet.NODE).resolve("manifests"));

        create(SampleManifests.COREDNS_CONFIG_MAP);
        create(SampleManifests.COREDNS_DEPLOYMENT);
        create(SampleManifests.KUBE_DNS_SERVICE);

        create(SampleManifests.SHOP_NAMESPACE);
        create(SampleManifests.WEB_CONFIG_MAP);
        create(shopDeployment("web", WEB_DAY0, 2, 80));
        create(shopService("web", "10.233.12.40", 80));
        create(shopDeployment("api", "registry.example.com/shop/api:1.4.0", 2, 8080));
        create(shopService("api", "10.233.31.7", 8080));
        settle("day 0 running");
        daemonSetsReady();
    }

    // ---------------------------------------------------------------- the three days

    private void threeDays() throws Exception {
        setImage("web", "nginx:1.20");
        settle("web rolled out to nginx:1.20");
        setImage("api", "registry.example.com/shop/api:1.5.0");
        settle("api rolled out to 1.5.0");
        client.apps().deployments().inNamespace(SHOP).withName("api").scale(3);
        settle("api scaled to 3");
        create(shopDeployment("cart", "registry.example.com/shop/cart:2.1.0", 2, 8080));
        create(shopService("cart", "10.233.45.19", 8080));
        settle("cart running");
        client.configMaps().inNamespace(SHOP).withName("web-config").edit(cm -> {
            cm.getData().put("maintenance", "true");
            return cm;
        });
        setImage("web", WEB_DAY3);
        settle("web rolled out to " + WEB_DAY3);
        client.configMaps().inNamespace(SHOP).withName("web-config").edit(cm -> {
            cm.getData().put("maintenance", "false");
            cm.getData().put("upstream", "http://api.shop.svc.cluster.local:8080/v2");
            return cm;
        });
        for (int i = 0; i < LEASE_RENEWALS; i++) {
            client.leases().inNamespace("kube-node-lease").withName(StandInKubelet.NODE).edit(l -> {
                l.getSpec().setRenewTime(microNow());
                return l;
            });
        }
        settle("the cluster after three days");
    }

    // ---------------------------------------------------------------- after the restore

    /**
     * What the kubelet on the node reports once the store is back at day 0 and the kubernetes
     * ClusterIP is no longer served: calico-node is not Ready, the Pod the administrator starts
     * to test the network never gets a sandbox, and the kube-scheduler mirror Pod, deleted while
     * trying to restart the scheduler, does not come back.
     */
    private void whatTheNodeReportsAfterTheRestore() throws Exception {
        Instant now = Instant.now();
        Pod calico = client.pods().inNamespace(KUBE_SYSTEM).withLabel("k8s-app", "calico-node").list().getItems()
                .stream().findFirst().orElseThrow(() -> new AssertionError("no calico-node Pod after the restore"));
        PodStatus status = calico.getStatus();
        String since = StandInKubelet.timestamp(now.minus(Duration.ofMinutes(7)));
        status.setConditions(List.of(StandInKubelet.condition("Initialized", status.getStartTime()),
                notReady("Ready", "calico-node", since), notReady("ContainersReady", "calico-node", since),
                StandInKubelet.condition("PodScheduled", status.getStartTime())));
        status.getContainerStatuses().forEach(c -> c.setReady(false));
        client.pods().inNamespace(KUBE_SYSTEM).resource(calico).updateStatus();
        kubelet.event(calico, "spec.containers{calico-node}", "Warning", "Unhealthy",
                "Readiness probe failed: calico/node is not ready: felix is not ready: readiness probe reporting 503",
                "kubelet", 42, now);
        DaemonSet ds = client.apps().daemonSets().inNamespace(KUBE_SYSTEM).withName("calico-node").get();
        ds.setStatus(new DaemonSetStatusBuilder(ds.getStatus()).withNumberReady(0).withNumberAvailable(null)
                .withNumberUnavailable(1).build());
        client.apps().daemonSets().inNamespace(KUBE_SYSTEM).resource(ds).updateStatus();

        client.pods().inNamespace(KUBE_SYSTEM).withName("kube-scheduler-" + StandInKubelet.NODE).withGracePeriod(0)
                .delete();

        Pod nettest = client.pods().inNamespace("default").resource(unmarshal(SampleManifests.NETTEST_POD, Pod.class))
                .create();
        String started = StandInKubelet.timestamp(now.minus(Duration.ofMinutes(11)));
        PodStatus pending = new PodStatus();
        pending.setPhase("Pending");
        pending.setHostIP(StandInKubelet.NODE_IP);
        pending.setStartTime(started);
        pending.setQosClass(nettest.getStatus() == null ? "BestEffort" : nettest.getStatus().getQosClass());
        pending.setConditions(List.of(StandInKubelet.condition("Initialized", started),
                notReady("Ready", "nettest", started), notReady("ContainersReady", "nettest", started),
                StandInKubelet.condition("PodScheduled", started)));
        Container container = nettest.getSpec().getContainers().get(0);
        pending.setContainerStatuses(List.of(new ContainerStatusBuilder().withName(container.getName())
                .withImage(container.getImage()).withImageID("").withReady(false).withStarted(false)
                .withRestartCount(0).withNewState().withNewWaiting().withReason("ContainerCreating").endWaiting()
                .endState().build()));
        nettest.setStatus(pending);
        nettest = client.pods().inNamespace("default").resource(nettest).updateStatus();
        kubelet.event(nettest, null, "Warning", "FailedCreatePodSandBox", SANDBOX_MESSAGE.formatted(kubelet.hexId()),
                "kubelet", 22, now);
        kubelet.event(nettest, null, "Normal", "SandboxChanged", "Pod sandbox changed, it will be killed and re-created.",
                "kubelet", 21, now.minusSeconds(20));
    }

    private static PodCondition notReady(String type, String container, String since) {
        return new PodConditionBuilder().withType(type).withStatus("False").withReason("ContainersNotReady")
                .withMessage("containers with unready status: [" + container + "]").withLastTransitionTime(since)
                .withLastProbeTime(null).build();
    }

    // ---------------------------------------------------------------- objects

    private void daemonSetWithPod(String yaml) {
        DaemonSet ds = client.apps().daemonSets().inNamespace(KUBE_SYSTEM).resource(unmarshal(yaml, DaemonSet.class))
                .create();
        Map<String, String> labels = new HashMap<>(ds.getSpec().getTemplate().getMetadata().getLabels());
        labels.put("controller-revision-hash", shortHash(ds.getMetadata().getUid()));
        labels.put("pod-template-generation", "1");
        Pod pod = new PodBuilder().withNewMetadata().withGenerateName(ds.getMetadata().getName() + "-")
                .withNamespace(KUBE_SYSTEM).withLabels(labels)
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("DaemonSet")
                        .withName(ds.getMetadata().getName()).withUid(ds.getMetadata().getUid()).withController(true)
                        .withBlockOwnerDeletion(true).build())
                .endMetadata()
                .withSpec(ds.getSpec().getTemplate().getSpec()).build();
        pod.getSpec().setAffinity(new AffinityBuilder().withNewNodeAffinity()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution().addNewNodeSelectorTerm().addNewMatchField()
                .withKey("metadata.name").withOperator("In").withValues(StandInKubelet.NODE).endMatchField()
                .endNodeSelectorTerm().endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().build());
        client.pods().inNamespace(KUBE_SYSTEM).resource(pod).create();
    }

    /** The DaemonSet controller's status, which the test bed does not run: one node, one Pod, ready. */
    private void daemonSetsReady() {
        for (DaemonSet ds : client.apps().daemonSets().inNamespace(KUBE_SYSTEM).list().getItems()) {
            ds.setStatus(new DaemonSetStatusBuilder().withCurrentNumberScheduled(1).withDesiredNumberScheduled(1)
                    .withNumberAvailable(1).withNumberReady(1).withUpdatedNumberScheduled(1).withNumberMisscheduled(0)
                    .withObservedGeneration(ds.getMetadata().getGeneration()).build());
            client.apps().daemonSets().inNamespace(KUBE_SYSTEM).resource(ds).updateStatus();
        }
    }

    /** The mirror Pods the kubelet posts for the static Pods of {@code /etc/kubernetes/manifests}. */
    private void staticPodMirrors(Path manifests) throws Exception {
        Node node = client.nodes().withName(StandInKubelet.NODE).get();
        List<Path> files;
        try (Stream<Path> list = Files.list(manifests)) {
            files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            Pod pod = unmarshal(new String(bytes, StandardCharsets.UTF_8), Pod.class);
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
            Map<String, String> annotations = new HashMap<>(Objects.requireNonNullElse(
                    pod.getMetadata().getAnnotations(), Map.of()));
            annotations.put("kubernetes.io/config.hash", hash);
            annotations.put("kubernetes.io/config.mirror", hash);
            annotations.put("kubernetes.io/config.seen", now().replace("Z", ".000000000Z"));
            annotations.put("kubernetes.io/config.source", "file");
            pod.getMetadata().setAnnotations(annotations);
            pod.getMetadata().setName(pod.getMetadata().getName() + "-" + StandInKubelet.NODE);
            pod.getMetadata().setCreationTimestamp(null);
            pod.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder().withApiVersion("v1")
                    .withKind("Node").withName(StandInKubelet.NODE).withUid(node.getMetadata().getUid())
                    .withController(true).build()));
            pod.getSpec().setNodeName(StandInKubelet.NODE);
            List<Toleration> tolerations = new ArrayList<>();
            tolerations.add(new TolerationBuilder().withOperator("Exists").withEffect("NoExecute").build());
            pod.getSpec().setTolerations(tolerations);
            pod.setStatus(null);
            client.pods().inNamespace(KUBE_SYSTEM).resource(pod).create();
        }
    }

    private static String shopDeployment(String name, String image, int replicas, int port) {
        return fill(SampleManifests.SHOP_DEPLOYMENT, "name", name, "image", image, "replicas",
                String.valueOf(replicas), "port", String.valueOf(port));
    }

    private static String shopService(String name, String clusterIp, int port) {
        return fill(SampleManifests.SHOP_SERVICE, "name", name, "clusterIP", clusterIp, "servicePort",
                String.valueOf(port));
    }

    /** As {@code kubectl set image}: a strategic merge patch. */
    private void setImage(String deployment, String image) {
        client.apps().deployments().inNamespace(SHOP).withName(deployment).patch(
                PatchContext.of(PatchType.STRATEGIC_MERGE),
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"" + deployment + "\",\"image\":\""
                        + image + "\"}]}}}}");
    }

    private void create(String yaml) {
        client.resource(yaml).create();
    }

    private <T> T unmarshal(String yaml, Class<T> type) {
        return client.getKubernetesSerialization().unmarshal(yaml, type);
    }

    // ---------------------------------------------------------------- waiting

    /** Until every Deployment is rolled out and every Service's Endpoints list exactly its ready Pods. */
    private void settle(String what) throws InterruptedException {
        kubelet.settle(what, SETTLE, () -> rolledOut() && endpointsCurrent());
        log(what + " at revision " + revisionOrUnknown());
    }

    private boolean rolledOut() {
        for (Deployment d : client.apps().deployments().inAnyNamespace().list().getItems()) {
            DeploymentStatus s = d.getStatus();
            Integer want = d.getSpec().getReplicas();
            if (s == null || s.getObservedGeneration() == null
                    || s.getObservedGeneration() < d.getMetadata().getGeneration() || !want.equals(s.getReplicas())
                    || !want.equals(s.getUpdatedReplicas()) || !want.equals(s.getAvailableReplicas())) {
                return false;
            }
        }
        return true;
    }

    private boolean endpointsCurrent() {
        List<Pod> pods = client.pods().inAnyNamespace().list().getItems();
        for (Service svc : client.services().inAnyNamespace().list().getItems()) {
            Map<String, String> selector = svc.getSpec().getSelector();
            if (selector == null || selector.isEmpty()) {
                continue;
            }
            String ns = svc.getMetadata().getNamespace();
            Set<String> want = new HashSet<>();
            for (Pod p : pods) {
                if (p.getMetadata().getNamespace().equals(ns) && p.getMetadata().getDeletionTimestamp() == null
                        && p.getMetadata().getLabels() != null
                        && p.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()) && ready(p)) {
                    want.add(p.getStatus().getPodIP());
                }
            }
            Endpoints ep = client.endpoints().inNamespace(ns).withName(svc.getMetadata().getName()).get();
            Set<String> have = new HashSet<>();
            boolean notReady = false;
            if (ep != null) {
                for (EndpointSubset s : ep.getSubsets()) {
                    s.getAddresses().stream().map(EndpointAddress::getIp).forEach(have::add);
                    notReady |= !s.getNotReadyAddresses().isEmpty();
                }
            }
            if (want.isEmpty() || notReady || !want.equals(have)) {
                return false;
            }
        }
        return true;
    }

    private static boolean ready(Pod p) {
        return p.getStatus() != null && p.getStatus().getPodIP() != null && p.getStatus().getConditions().stream()
                .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
    }

    private <T> T await(String what, Supplier<Optional<T>> probe) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<T> found = probe.get();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(200);
        }
        throw new AssertionError(what + " did not happen within " + SETTLE.toSeconds() + " s; see "
                + bed.apiServerLog() + " and " + bed.controllerManagerLog());
    }

    private String revisionOrUnknown() {
        try {
            return String.valueOf(bed.etcd().revision());
        } catch (Exception e) {
            return "?";
        }
    }

    static String image(Deployment d) {
        return d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    private static String shortHash(String text) {
        return Integer.toHexString(text.hashCode() & 0x7fffffff);
    }

    private static String now() {
        return StandInKubelet.timestamp(Instant.now());
    }

    private static ZonedDateTime microNow() {
        return ZonedDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    private static void log(String message) {
        System.out.println("[sample] " + message);
    }
}
