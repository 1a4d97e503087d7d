package io.kubetriage.phase.cni;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.kubetriage.core.diagnosis.DiagnosisInput;
import io.kubetriage.core.node.section.NodeData;
import io.kubetriage.core.node.section.NodeFiles;
import io.kubetriage.core.node.section.NodeSectionCodec;
import io.kubetriage.core.snapshot.ApiObject;
import io.kubetriage.core.snapshot.Snapshot;
import io.kubetriage.core.snapshot.SnapshotManifest;
import io.kubetriage.core.snapshot.store.ObjectJson;

/**
 * Builds snapshots of a Calico cluster in code: API objects from JSON text, node files from the
 * real-format fixtures in the bundle's {@code resources/node/}.
 */
final class CniCluster {

    static final String CLUSTER_IP = "10.233.0.1";
    static final String APISERVER = "192.168.10.11";
    static final int APISERVER_PORT = 6443;

    private final List<ApiObject> objects = new ArrayList<>();
    private final List<ApiObject> events = new ArrayList<>();
    private final List<NodeFiles> nodes = new ArrayList<>();

    /** The kubernetes Service and its Endpoints (with the API server ready), nothing else. */
    static CniCluster withApiServer() {
        CniCluster c = new CniCluster();
        c.add(kubernetesService()).add(kubernetesEndpoints(APISERVER));
        return c;
    }

    static CniCluster empty() {
        return new CniCluster();
    }

    CniCluster add(ApiObject... o) {
        objects.addAll(List.of(o));
        return this;
    }

    /** A node with kube-proxy in IPVS mode: its IPVS table, its addresses and its CNI files. */
    CniCluster node(String name, String ipvsFixture, Map<String, String> cniFiles) {
        return node(name, ipvsFixture, "ip-addr.txt", cniFiles);
    }

    /** A node as {@link #node(String, String, Map)}, with another {@code ip -o addr} fixture. */
    CniCluster node(String name, String ipvsFixture, String ipAddrFixture, Map<String, String> cniFiles) {
        Map<String, String> files = new LinkedHashMap<>();
        if (ipvsFixture != null) {
            files.put("ipvsadm-Ln.txt", fixture(ipvsFixture));
            files.put("ip-addr.txt", fixture(ipAddrFixture));
        }
        cniFiles.forEach((file, text) -> files.put("cni/" + file, text));
        nodes.add(new NodeFiles(name, files, Map.of(), NodeFiles.Status.OK));
        return this;
    }

    /** Calico's CNI files: the conflist and the kubeconfig fixture as calico-kubeconfig. */
    static Map<String, String> calicoFiles(String kubeconfigFixture) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("10-calico.conflist", fixture("10-calico.conflist"));
        files.put("calico-kubeconfig", fixture(kubeconfigFixture));
        return files;
    }

    CniCluster event(String namespace, String name, String reason, String message, String podName, String sourceHost) {
        String involved = podName == null ? "" : ",\"involvedObject\":{\"apiVersion\":\"v1\",\"kind\":\"Pod\","
                + "\"namespace\":\"" + namespace + "\",\"name\":\"" + podName + "\"}";
        String source = sourceHost == null ? "" : ",\"source\":{\"component\":\"kubelet\",\"host\":\"" + sourceHost
                + "\"}";
        events.add(ObjectJson.fromJson("{\"apiVersion\":\"v1\",\"kind\":\"Event\",\"metadata\":{\"name\":\"" + name
                + "\",\"namespace\":\"" + namespace + "\",\"resourceVersion\":\"1\"},\"type\":\"Warning\",\"reason\":\""
                + reason + "\",\"message\":\"" + message.replace("\"", "\\\"") + "\",\"count\":3" + involved + source
                + "}"));
        return this;
    }

    Snapshot snapshot() {
        Instant t = Instant.parse("2026-11-20T10:00:00Z");
        Snapshot s = new Snapshot(new SnapshotManifest(1, "id-" + objects.size(), "snap", "prod", null, null, t, t,
                "test", true, List.of()), objects, events, Map.of());
        return nodes.isEmpty() ? s : NodeSectionCodec.withNodes(s, new NodeData(nodes, fixture("kube-proxy-configmap.yaml")));
    }

    DiagnosisInput input() {
        return DiagnosisInput.of(snapshot());
    }

    // ------------------------------------------------------------------ objects

    static ApiObject obj(String json) {
        return ObjectJson.fromJson(json);
    }

    static ApiObject kubernetesService() {
        return obj("{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"kubernetes\",\"namespace\":"
                + "\"default\",\"uid\":\"svc-k\",\"resourceVersion\":\"10\"},\"spec\":{\"clusterIP\":\"" + CLUSTER_IP
                + "\",\"clusterIPs\":[\"" + CLUSTER_IP + "\"],\"type\":\"ClusterIP\",\"ports\":[{\"name\":\"https\","
                + "\"port\":443,\"protocol\":\"TCP\",\"targetPort\":6443}]}}");
    }

    /** The Endpoints of default/kubernetes; no address makes them empty. */
    static ApiObject kubernetesEndpoints(String... addresses) {
        StringBuilder list = new StringBuilder();
        for (String a : addresses) {
            list.append(list.isEmpty() ? "" : ",").append("{\"ip\":\"").append(a).append("\"}");
        }
        String subsets = addresses.length == 0 ? "" : ",\"subsets\":[{\"addresses\":[" + list
                + "],\"ports\":[{\"name\":\"https\",\"port\":" + APISERVER_PORT + ",\"protocol\":\"TCP\"}]}]";
        return obj("{\"apiVersion\":\"v1\",\"kind\":\"Endpoints\",\"metadata\":{\"name\":\"kubernetes\",\"namespace\":"
                + "\"default\",\"uid\":\"ep-k\",\"resourceVersion\":\"11\"}" + subsets + "}");
    }

    /** The calico-node DaemonSet; {@code env} is the calico-node container's env JSON array, or null for none. */
    static String daemonSetJson(String env, boolean installCni, String updateStrategy) {
        String init = installCni ? "\"initContainers\":[{\"name\":\"upgrade-ipam\",\"image\":\"calico/cni:v3.26.1\"},"
                + "{\"name\":\"install-cni\",\"image\":\"calico/cni:v3.26.1\",\"command\":[\"/opt/cni/bin/install\"],"
                + "\"env\":[{\"name\":\"CNI_CONF_NAME\",\"value\":\"10-calico.conflist\"}]}]," : "";
        return "{\"apiVersion\":\"apps/v1\",\"kind\":\"DaemonSet\",\"metadata\":{\"name\":\"calico-node\",\"namespace\":"
                + "\"kube-system\",\"uid\":\"ds-calico\",\"resourceVersion\":\"500\",\"labels\":{\"k8s-app\":"
                + "\"calico-node\"}},\"spec\":{\"selector\":{\"matchLabels\":{\"k8s-app\":\"calico-node\"}},"
                + "\"updateStrategy\":{\"type\":\"" + updateStrategy + "\"},\"template\":{\"metadata\":{\"labels\":"
                + "{\"k8s-app\":\"calico-node\"}},\"spec\":{\"hostNetwork\":true," + init + "\"containers\":[{\"name\":"
                + "\"calico-node\",\"image\":\"calico/node:v3.26.1\"" + (env == null ? "" : ",\"env\":" + env)
                + "}]}}}}";
    }

    static ApiObject daemonSet(String env) {
        return obj(daemonSetJson(env, true, "RollingUpdate"));
    }

    /** A calico-node Pod on a node, Ready or not (a not-Ready one has its container in CrashLoopBackOff). */
    static ApiObject calicoPod(String node, boolean ready) {
        String status = ready
                ? "\"phase\":\"Running\",\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}],\"containerStatuses\":"
                        + "[{\"name\":\"calico-node\",\"ready\":true,\"restartCount\":0,\"state\":{\"running\":{}}}]"
                : "\"phase\":\"Running\",\"conditions\":[{\"type\":\"Ready\",\"status\":\"False\",\"reason\":"
                        + "\"ContainersNotReady\",\"message\":\"containers with unready status: [calico-node]\"}],"
                        + "\"containerStatuses\":[{\"name\":\"calico-node\",\"ready\":false,\"restartCount\":7,"
                        + "\"state\":{\"waiting\":{\"reason\":\"CrashLoopBackOff\",\"message\":\"back-off 5m0s\"}}}]";
        return obj("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"calico-node-" + node
                + "\",\"namespace\":\"kube-system\",\"uid\":\"p-" + node + "\",\"resourceVersion\":\"70" + node.length()
                + "\",\"labels\":{\"k8s-app\":\"calico-node\"},\"ownerReferences\":[{\"apiVersion\":\"apps/v1\","
                + "\"kind\":\"DaemonSet\",\"name\":\"calico-node\",\"uid\":\"ds-calico\",\"controller\":true}]},"
                + "\"spec\":{\"nodeName\":\"" + node + "\",\"hostNetwork\":true,\"containers\":[{\"name\":"
                + "\"calico-node\",\"image\":\"calico/node:v3.26.1\"}]},\"status\":{" + status + "}}");
    }

    /** An application Pod on a node (null: not scheduled), waiting for its sandbox. */
    static ApiObject appPod(String name, String node) {
        return obj("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name + "\",\"namespace\":"
                + "\"shop\",\"uid\":\"p-" + name + "\",\"resourceVersion\":\"900\"},\"spec\":{"
                + (node == null ? "" : "\"nodeName\":\"" + node + "\",") + "\"containers\":[{\"name\":\"web\","
                + "\"image\":\"nginx\"}]},\"status\":{\"phase\":\"Pending\"}}");
    }

    /** The kubelet's message for a sandbox whose CNI plugin timed out dialing an address. */
    static String sandboxMessage(String pod, String dialed) {
        return "Failed to create pod sandbox: rpc error: code = Unknown desc = failed to set up sandbox container "
                + "\"4f1c2a\" network for pod \"" + pod + "\": networkPlugin cni failed to set up pod \"" + pod
                + "_shop\" network: error getting ClusterInformation: Get \"https://" + dialed
                + "/apis/crd.projectcalico.org/v1/clusterinformations/default\": dial tcp " + dialed
                + ": i/o timeout";
    }

    // ------------------------------------------------------------------ fixtures

    /** A fixture of {@code resources/node/}, read through the class path. */
    static String fixture(String name) {
        try (InputStream in = CniCluster.class.getResourceAsStream("/resources/node/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The 1-based line of the first line of {@code text} that contains {@code part}. */
    static int lineOf(String text, String part) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(part)) {
                return i + 1;
            }
        }
        throw new AssertionError(part + " not in the text");
    }
}
