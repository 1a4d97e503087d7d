package io.kubetriage.phase.routing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.kubetriage.core.node.section.NodeData;
import io.kubetriage.core.node.section.NodeFiles;
import io.kubetriage.core.node.section.NodePaths;
import io.kubetriage.core.node.section.NodeSectionCodec;
import io.kubetriage.core.snapshot.ApiObject;
import io.kubetriage.core.snapshot.ObjectKey;
import io.kubetriage.core.snapshot.Snapshot;
import io.kubetriage.core.snapshot.SnapshotManifest;
import io.kubetriage.core.snapshot.store.ObjectJson;

/**
 * Builds snapshots of a two-node kubeadm cluster in code: master-1 (192.168.10.11) and worker-1
 * (192.168.10.12), Services default/kubernetes (10.233.0.1:443), kube-system/coredns (10.233.0.3:53
 * UDP and TCP) and default/nginx (10.233.40.7:80), kube-proxy as kubeadm installs it, and node
 * files in the tools' own formats ({@code resources/routing/}).
 */
final class Cluster {

    static final String MASTER = "master-1";
    static final String WORKER = "worker-1";
    static final List<String> NODES = List.of(MASTER, WORKER);
    static final ObjectKey KUBERNETES = new ObjectKey("", "Service", "default", "kubernetes");
    static final ObjectKey COREDNS = new ObjectKey("", "Service", "kube-system", "coredns");
    static final ObjectKey NGINX = new ObjectKey("", "Service", "default", "nginx");

    private final Map<ObjectKey, ApiObject> objects = new LinkedHashMap<>();
    private final List<ApiObject> events = new ArrayList<>();
    private final Map<String, Map<String, String>> nodeFiles = new TreeMap<>();
    private String mode = "ipvs";

    /** The healthy cluster with kube-proxy in IPVS mode. */
    static Cluster ipvs() {
        Cluster c = base("ipvs");
        for (String node : NODES) {
            c.file(node, NodePaths.IPTABLES_SAVE, Fixtures.text("iptables-save-ipvs-mode.txt"));
            c.file(node, NodePaths.IPVSADM_LN, Fixtures.text("ipvsadm-Ln-healthy.txt"));
            c.file(node, NodePaths.IP_ADDR, ipAddr(node, "ip-addr-ipvs.txt"));
        }
        return c;
    }

    /** The healthy cluster with kube-proxy in iptables mode. */
    static Cluster iptables() {
        Cluster c = base("");
        for (String node : NODES) {
            c.file(node, NodePaths.IPTABLES_SAVE, Fixtures.text("iptables-save-iptables-mode.txt"));
            c.file(node, NodePaths.IP_ADDR, ipAddr(node, "ip-addr-plain.txt"));
        }
        return c;
    }

    static String ipAddr(String node, String fixture) {
        return Fixtures.text(fixture).replace("192.168.10.12", node.equals(MASTER) ? "192.168.10.11" : "192.168.10.12");
    }

    private static Cluster base(String mode) {
        Cluster c = new Cluster();
        c.mode = mode;
        c.add(node(MASTER, true), node(WORKER, false));
        c.add(service("default", "kubernetes", "10.233.0.1", null,
                "[{\"name\":\"https\",\"port\":443,\"protocol\":\"TCP\",\"targetPort\":6443}]"));
        c.add(endpoints("default", "kubernetes", "[{\"ip\":\"192.168.10.11\"}]",
                "[{\"name\":\"https\",\"port\":6443,\"protocol\":\"TCP\"}]"));
        c.add(service("kube-system", "coredns", "10.233.0.3", "{\"k8s-app\":\"kube-dns\"}",
                "[{\"name\":\"dns\",\"port\":53,\"protocol\":\"UDP\",\"targetPort\":53},"
                        + "{\"name\":\"dns-tcp\",\"port\":53,\"protocol\":\"TCP\",\"targetPort\":53}]"));
        c.add(endpoints("kube-system", "coredns",
                "[{\"ip\":\"10.233.64.5\",\"nodeName\":\"master-1\"},{\"ip\":\"10.233.65.7\",\"nodeName\":\"worker-1\"}]",
                "[{\"name\":\"dns\",\"port\":53,\"protocol\":\"UDP\"},{\"name\":\"dns-tcp\",\"port\":53,\"protocol\":\"TCP\"}]"));
        c.add(service("default", "nginx", "10.233.40.7", "{\"app\":\"nginx\"}",
                "[{\"name\":\"http\",\"port\":80,\"protocol\":\"TCP\",\"targetPort\":8080}]"));
        c.add(endpoints("default", "nginx", "[{\"ip\":\"10.233.66.9\",\"nodeName\":\"worker-1\"}]",
                "[{\"name\":\"http\",\"port\":8080,\"protocol\":\"TCP\"}]"));
        c.add(pod("kube-system", "coredns-74ff55c5b-4xk2p", Map.of("k8s-app", "kube-dns"), MASTER, "10.233.64.5", true));
        c.add(pod("kube-system", "coredns-74ff55c5b-9qv7m", Map.of("k8s-app", "kube-dns"), WORKER, "10.233.65.7", true));
        c.add(pod("default", "nginx-6799fc88d8-h2xkq", Map.of("app", "nginx"), WORKER, "10.233.66.9", true));
        c.add(pod("kube-system", "kube-proxy-7x2lq", Map.of("k8s-app", "kube-proxy"), MASTER, "192.168.10.11", true));
        c.add(pod("kube-system", "kube-proxy-m8d4f", Map.of("k8s-app", "kube-proxy"), WORKER, "192.168.10.12", true));
        c.add(obj("{\"apiVersion\":\"apps/v1\",\"kind\":\"DaemonSet\"," + meta("kube-system", "kube-proxy", 610)
                + ",\"spec\":{\"selector\":{\"matchLabels\":{\"k8s-app\":\"kube-proxy\"}}}}"));
        c.add(obj("{\"apiVersion\":\"apps/v1\",\"kind\":\"DaemonSet\"," + meta("kube-system", "calico-node", 620)
                + ",\"spec\":{\"selector\":{\"matchLabels\":{\"k8s-app\":\"calico-node\"}}}}"));
        c.add(kubeProxyConfigMap(mode, 230));
        c.add(obj("{\"apiVersion\":\"v1\",\"kind\":\"ServiceAccount\"," + meta("kube-system", "kube-proxy", 231) + "}"));
        c.add(obj("{\"apiVersion\":\"v1\",\"kind\":\"ServiceAccount\"," + meta("kube-system", "coredns", 232) + "}"));
        c.add(obj("{\"apiVersion\":\"rbac.authorization.k8s.io/v1\",\"kind\":\"ClusterRoleBinding\",\"metadata\":{"
                + "\"name\":\"kubeadm:node-proxier\",\"uid\":\"u-crb\",\"resourceVersion\":\"233\"},\"roleRef\":{"
                + "\"apiGroup\":\"rbac.authorization.k8s.io\",\"kind\":\"ClusterRole\",\"name\":\"system:node-proxier\"}}"));
        c.add(obj("{\"apiVersion\":\"rbac.authorization.k8s.io/v1\",\"kind\":\"ClusterRoleBinding\",\"metadata\":{"
                + "\"name\":\"system:coredns\",\"uid\":\"u-crb2\",\"resourceVersion\":\"234\"}}"));
        c.add(obj("{\"apiVersion\":\"rbac.authorization.k8s.io/v1\",\"kind\":\"Role\"," + meta("kube-system",
                "kube-proxy", 235) + "}"));
        c.add(obj("{\"apiVersion\":\"rbac.authorization.k8s.io/v1\",\"kind\":\"Role\"," + meta("kube-system",
                "kubeadm:kubelet-config-1.20", 236) + "}"));
        c.add(obj("{\"apiVersion\":\"rbac.authorization.k8s.io/v1\",\"kind\":\"RoleBinding\"," + meta("kube-system",
                "kube-proxy", 237) + "}"));
        c.add(obj("{\"apiVersion\":\"rbac.authorization.k8s.io/v1\",\"kind\":\"RoleBinding\"," + meta("kube-system",
                "kubeadm:kubelet-config-1.20", 238) + "}"));
        c.add(obj("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\"," + meta("kube-system", "coredns", 239)
                + ",\"data\":{\"Corefile\":\".:53 {}\"}}"));
        c.add(obj("{\"apiVersion\":\"v1\",\"kind\":\"Pod\"," + meta("kube-system", "kube-controller-manager-master-1", 240)
                + ",\"spec\":{\"nodeName\":\"master-1\",\"containers\":[{\"name\":\"kube-controller-manager\",\"command\":"
                + "[\"kube-controller-manager\",\"--allocate-node-cidrs=true\",\"--cluster-cidr=10.233.64.0/18\"]}]},"
                + "\"status\":{\"phase\":\"Running\"}}"));
        return c;
    }

    Cluster add(ApiObject... os) {
        for (ApiObject o : os) {
            objects.put(o.key(), o);
        }
        return this;
    }

    Cluster remove(ObjectKey... keys) {
        for (ObjectKey k : keys) {
            objects.remove(k);
        }
        return this;
    }

    Cluster file(String node, String path, String text) {
        nodeFiles.computeIfAbsent(node, n -> new TreeMap<>()).put(path, text);
        return this;
    }

    Cluster withoutFile(String node, String path) {
        nodeFiles.getOrDefault(node, new TreeMap<>()).remove(path);
        return this;
    }

    Cluster withoutNodeData() {
        nodeFiles.clear();
        return this;
    }

    Cluster event(String kind, String namespace, String name, String reason, String message) {
        events.add(obj("{\"apiVersion\":\"v1\",\"kind\":\"Event\",\"metadata\":{\"name\":\"" + name + ".1\","
                + "\"namespace\":\"" + (namespace.isEmpty() ? "default" : namespace) + "\",\"resourceVersion\":\"9\"},"
                + "\"reason\":\"" + reason + "\",\"message\":\"" + message + "\",\"involvedObject\":{\"apiVersion\":"
                + "\"v1\",\"kind\":\"" + kind + "\",\"namespace\":\"" + namespace + "\",\"name\":\"" + name + "\"}}"));
        return this;
    }

    Snapshot snapshot() {
        Instant t = Instant.parse("2026-11-20T10:00:00Z");
        Snapshot s = new Snapshot(new SnapshotManifest(1, "id-" + objects.size(), "snap", "prod",
                "https://192.168.10.11:6443", "v1.20.2", t, t, "test", true, List.of()),
                List.copyOf(objects.values()), events, Map.of());
        if (nodeFiles.isEmpty()) {
            return s;
        }
        List<NodeFiles> nodes = new ArrayList<>();
        nodeFiles.forEach((node, files) -> nodes.add(new NodeFiles(node, files, Map.of(), NodeFiles.Status.OK)));
        return NodeSectionCodec.withNodes(s, new NodeData(nodes, null));
    }

    static ApiObject obj(String json) {
        return ObjectJson.fromJson(json);
    }

    static String meta(String namespace, String name, long rv) {
        return "\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"" + namespace + "\",\"uid\":\"u-" + name
                + "\",\"resourceVersion\":\"" + rv + "\"}";
    }

    static ApiObject node(String name, boolean controlPlane) {
        return obj("{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"" + name + "\",\"uid\":\"n-"
                + name + "\",\"resourceVersion\":\"5\",\"labels\":{\"kubernetes.io/hostname\":\"" + name
                + "\",\"kubernetes.io/os\":\"linux\"" + (controlPlane ? ",\"node-role.kubernetes.io/master\":\"\"" : "")
                + "}}}");
    }

    static ApiObject service(String namespace, String name, String clusterIp, String selector, String ports) {
        return obj("{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\""
                + namespace + "\",\"uid\":\"s-" + name + "\",\"resourceVersion\":\"" + (300 + name.length())
                + "\",\"creationTimestamp\":\"2026-10-01T08:00:00Z\",\"labels\":{\"app\":\"" + name + "\"}},\"spec\":{"
                + "\"clusterIP\":\"" + clusterIp + "\",\"clusterIPs\":[\"" + clusterIp + "\"],\"type\":\"ClusterIP\","
                + "\"sessionAffinity\":\"None\",\"ports\":" + ports + (selector == null ? "" : ",\"selector\":" + selector)
                + "},\"status\":{\"loadBalancer\":{}}}");
    }

    static ApiObject endpoints(String namespace, String name, String addresses, String ports) {
        return obj("{\"apiVersion\":\"v1\",\"kind\":\"Endpoints\"," + meta(namespace, name, 400 + name.length())
                + ",\"subsets\":[{\"addresses\":" + addresses + ",\"ports\":" + ports + "}]}");
    }

    static ApiObject emptyEndpoints(String namespace, String name) {
        return obj("{\"apiVersion\":\"v1\",\"kind\":\"Endpoints\"," + meta(namespace, name, 450) + "}");
    }

    static ApiObject pod(String namespace, String name, Map<String, String> labels, String node, String ip,
            boolean ready) {
        StringBuilder l = new StringBuilder();
        labels.forEach((k, v) -> l.append(l.length() == 0 ? "" : ",").append('"').append(k).append("\":\"").append(v)
                .append('"'));
        return obj("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\""
                + namespace + "\",\"uid\":\"p-" + name + "\",\"resourceVersion\":\"" + (500 + name.length())
                + "\",\"labels\":{" + l + "}},\"spec\":{\"nodeName\":\"" + node + "\",\"containers\":[{\"name\":\"c\","
                + "\"image\":\"img\"}]},\"status\":{\"phase\":\"Running\",\"podIP\":\"" + ip + "\",\"conditions\":["
                + "{\"type\":\"Ready\",\"status\":\"" + (ready ? "True" : "False") + "\"}]}}");
    }

    static ApiObject kubeProxyConfigMap(String mode, long rv) {
        String conf = "apiVersion: kubeproxy.config.k8s.io/v1alpha1\\nclusterCIDR: 10.233.64.0/18\\nkind: "
                + "KubeProxyConfiguration\\nmode: " + (mode.isEmpty() ? "\\\"\\\"" : mode) + "\\n";
        return obj("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\"," + meta("kube-system", "kube-proxy", rv)
                + ",\"data\":{\"config.conf\":\"" + conf + "\",\"kubeconfig.conf\":\"apiVersion: v1\\nkind: Config\\n"
                + "clusters:\\n- cluster:\\n    server: https://192.168.10.11:6443\\n  name: default\\n\"}}");
    }

    String mode() {
        return mode;
    }
}
