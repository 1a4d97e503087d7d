package io.kubetriage.phase.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kubetriage.core.diagnosis.DiagnosisInput;
import io.kubetriage.core.node.model.KubeProxyConfig;
import io.kubetriage.core.snapshot.ApiObject;
import io.kubetriage.core.snapshot.KubeObjects;
import io.kubetriage.core.snapshot.ObjectKey;
import io.kubetriage.core.snapshot.Snapshot;

/**
 * The objects {@code kubeadm init phase addon kube-proxy} creates, built from what a snapshot tells:
 * the ServiceAccount, the ClusterRoleBinding to {@code system:node-proxier}, the Role and RoleBinding
 * that let joining nodes read the ConfigMap, the ConfigMap ({@code config.conf} and
 * {@code kubeconfig.conf}) and the DaemonSet.
 */
public final class KubeProxyAddon {

    static final String RBAC = "rbac.authorization.k8s.io";
    public static final ObjectKey SERVICE_ACCOUNT = new ObjectKey("", "ServiceAccount", K8s.KUBE_SYSTEM, "kube-proxy");
    public static final ObjectKey CLUSTER_ROLE_BINDING = new ObjectKey(RBAC, "ClusterRoleBinding", "",
            "kubeadm:node-proxier");
    public static final ObjectKey ROLE = new ObjectKey(RBAC, "Role", K8s.KUBE_SYSTEM, "kube-proxy");
    public static final ObjectKey ROLE_BINDING = new ObjectKey(RBAC, "RoleBinding", K8s.KUBE_SYSTEM, "kube-proxy");
    public static final ObjectKey CONFIG_MAP = KubeProxyConfig.CONFIG_MAP;
    public static final ObjectKey DAEMON_SET = KubeProxyPods.DAEMON_SET;
    /** The objects in the order they are created (the DaemonSet last, so its Pods find the rest). */
    public static final List<ObjectKey> OBJECTS = List.of(SERVICE_ACCOUNT, CLUSTER_ROLE_BINDING, ROLE, ROLE_BINDING,
            CONFIG_MAP, DAEMON_SET);
    /** The image tag used when the snapshot does not name the server's version. */
    public static final String DEFAULT_VERSION = "v1.20.2";
    public static final String IMAGE_REPOSITORY = "k8s.gcr.io/kube-proxy";

    private static final String BOOTSTRAP_GROUP = "system:bootstrappers:kubeadm:default-node-token";
    private static final Pattern VERSION = Pattern.compile("v\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?");
    private static final Pattern CLUSTER_CIDR = Pattern.compile("(?m)^[ \\t]*clusterCIDR:[ \\t]*[\"']?([^\"'\\s#]*)");
    private static final Pattern CLUSTER_CIDR_FLAG = Pattern.compile("^--cluster-cidr=(.+)$");

    private KubeProxyAddon() {
    }

    /** The addon objects the snapshot lacks; a kind the snapshot holds no object of was not captured and is not counted. */
    public static List<ObjectKey> missing(Snapshot s) {
        List<ObjectKey> missing = new ArrayList<>();
        for (ObjectKey k : OBJECTS) {
            if (K8s.captured(s, k.group(), k.kind()) && s.object(k).isEmpty()) {
                missing.add(k);
            }
        }
        return missing;
    }

    /** The object to create for a key of {@link #OBJECTS}; empty when it cannot be built (no API server address known). */
    static Optional<ObjectNode> build(ObjectKey key, DiagnosisInput input) {
        if (key.equals(SERVICE_ACCOUNT)) {
            return Optional.of(object("v1", "ServiceAccount", key));
        }
        if (key.equals(CLUSTER_ROLE_BINDING)) {
            ObjectNode o = object(RBAC + "/v1", "ClusterRoleBinding", key);
            o.putObject("roleRef").put("apiGroup", RBAC).put("kind", "ClusterRole").put("name", "system:node-proxier");
            o.putArray("subjects").addObject().put("kind", "ServiceAccount").put("name", "kube-proxy")
                    .put("namespace", K8s.KUBE_SYSTEM);
            return Optional.of(o);
        }
        if (key.equals(ROLE)) {
            ObjectNode o = object(RBAC + "/v1", "Role", key);
            ObjectNode rule = o.putArray("rules").addObject();
            rule.putArray("apiGroups").add("");
            rule.putArray("resources").add("configmaps");
            rule.putArray("resourceNames").add("kube-proxy");
            rule.putArray("verbs").add("get");
            return Optional.of(o);
        }
        if (key.equals(ROLE_BINDING)) {
            ObjectNode o = object(RBAC + "/v1", "RoleBinding", key);
            o.putObject("roleRef").put("apiGroup", RBAC).put("kind", "Role").put("name", "kube-proxy");
            o.putArray("subjects").addObject().put("apiGroup", RBAC).put("kind", "Group").put("name", BOOTSTRAP_GROUP);
            return Optional.of(o);
        }
        if (key.equals(CONFIG_MAP)) {
            return configMap(input);
        }
        if (key.equals(DAEMON_SET)) {
            return Optional.of(daemonSet(image(input.snapshot())));
        }
        return Optional.empty();
    }

    /** {@code k8s.gcr.io/kube-proxy:<server version>}, the version from the snapshot's manifest or {@link #DEFAULT_VERSION}. */
    public static String image(Snapshot s) {
        String v = s.manifest().serverVersion();
        if (v != null) {
            int plus = v.indexOf('+');
            v = (plus > 0 ? v.substring(0, plus) : v).strip();
        }
        return IMAGE_REPOSITORY + ":" + (v != null && VERSION.matcher(v).matches() ? v : DEFAULT_VERSION);
    }

    private static ObjectNode object(String apiVersion, String kind, ObjectKey key) {
        ObjectNode o = K8s.MAPPER.createObjectNode();
        o.put("apiVersion", apiVersion);
        o.put("kind", kind);
        ObjectNode meta = o.putObject("metadata");
        meta.put("name", key.name());
        if (!key.namespace().isEmpty()) {
            meta.put("namespace", key.namespace());
        }
        return o;
    }

    private static Optional<ObjectNode> configMap(DiagnosisInput input) {
        Snapshot s = input.snapshot();
        Optional<JsonNode> baseline = input.baselineSnapshot().flatMap(b -> b.object(CONFIG_MAP)).map(K8s::tree)
                .map(n -> n.path("data"));
        String baseConf = baseline.map(d -> d.path("config.conf").asText(null)).orElse(null);
        String mode = baseConf != null ? KubeProxyConfig.fromText(baseConf, "baseline").raw()
                : KubeProxyConfig.of(s).map(KubeProxyConfig::raw).orElse("");
        String cidr = baseConf != null ? clusterCidr(baseConf) : null;
        if (cidr == null) {
            cidr = controllerManagerCidr(s);
        }
        String kubeconfig = baseline.map(d -> d.path("kubeconfig.conf").asText(null)).orElse(null);
        if (kubeconfig == null) {
            String server = apiServer(s);
            if (server == null) {
                return Optional.empty();
            }
            kubeconfig = kubeconfig(server);
        }
        ObjectNode o = object("v1", "ConfigMap", CONFIG_MAP);
        o.withObjectProperty("metadata").putObject("labels").put("app", "kube-proxy");
        ObjectNode data = o.putObject("data");
        data.put("config.conf", config(mode, cidr == null ? "" : cidr));
        data.put("kubeconfig.conf", kubeconfig);
        return Optional.of(o);
    }

    private static String clusterCidr(String conf) {
        Matcher m = CLUSTER_CIDR.matcher(conf);
        return m.find() && !m.group(1).isEmpty() ? m.group(1) : null;
    }

    /** The {@code --cluster-cidr} of a kube-controller-manager Pod, or null. */
    private static String controllerManagerCidr(Snapshot s) {
        for (ApiObject p : KubeObjects.ofKind(s, "", "Pod")) {
            if (!p.key().namespace().equals(K8s.KUBE_SYSTEM) || !p.key().name().startsWith("kube-controller-manager")) {
                continue;
            }
            for (JsonNode c : K8s.tree(p).path("spec").path("containers")) {
                for (String field : List.of("command", "args")) {
                    for (JsonNode arg : c.path(field)) {
                        Matcher m = CLUSTER_CIDR_FLAG.matcher(arg.asText(""));
                        if (m.matches()) {
                            return m.group(1);
                        }
                    }
                }
            }
        }
        return null;
    }

    /** The API server's URL: the snapshot's, else the first address of the default/kubernetes Endpoints; null when neither. */
    private static String apiServer(Snapshot s) {
        String url = s.manifest().serverUrl();
        if (url != null && url.startsWith("https://")) {
            return url;
        }
        return s.object(new ObjectKey("", "Endpoints", "default", "kubernetes")).map(K8s::tree).map(ep -> {
            JsonNode subset = ep.path("subsets").path(0);
            String ip = subset.path("addresses").path(0).path("ip").asText("");
            int port = subset.path("ports").path(0).path("port").asInt(0);
            return ip.isEmpty() || port == 0 ? null
                    : "https://" + (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + port;
        }).orElse(url);
    }

    static String kubeconfig(String server) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - cluster:
                    certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt
                    server: %s
                  name: default
                contexts:
                - context:
                    cluster: default
                    namespace: default
                    user: default
                  name: default
                current-context: default
                users:
                - name: default
                  user:
                    tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token
                """.formatted(server);
    }

    /** kubeadm's default KubeProxyConfiguration with the mode and cluster CIDR given. */
    static String config(String mode, String clusterCidr) {
        return """
                apiVersion: kubeproxy.config.k8s.io/v1alpha1
                bindAddress: 0.0.0.0
                bindAddressHardFail: false
                clientConnection:
                  acceptContentTypes: ""
                  burst: 0
                  contentType: ""
                  kubeconfig: /var/lib/kube-proxy/kubeconfig.conf
                  qps: 0
                clusterCIDR: %s
                configSyncPeriod: 0s
                conntrack:
                  maxPerCore: null
                  min: null
                  tcpCloseWaitTimeout: null
                  tcpEstablishedTimeout: null
                detectLocalMode: ""
                enableProfiling: false
                healthzBindAddress: ""
                hostnameOverride: ""
                iptables:
                  masqueradeAll: false
                  masqueradeBit: null
                  minSyncPeriod: 0s
                  syncPeriod: 0s
                ipvs:
                  excludeCIDRs: null
                  minSyncPeriod: 0s
                  scheduler: ""
                  strictARP: false
                  syncPeriod: 0s
                  tcpFinTimeout: 0s
                  tcpTimeout: 0s
                  udpTimeout: 0s
                kind: KubeProxyConfiguration
                metricsBindAddress: ""
                mode: %s
                nodePortAddresses: null
                oomScoreAdj: null
                portRange: ""
                showHiddenMetricsForVersion: ""
                udpIdleTimeout: 0s
                winkernel:
                  enableDSR: false
                  networkName: ""
                  sourceVip: ""
                """.formatted(clusterCidr.isEmpty() ? "\"\"" : clusterCidr, mode.isEmpty() ? "\"\"" : mode);
    }

    private static ObjectNode daemonSet(String image) {
        ObjectNode o = object("apps/v1", "DaemonSet", DAEMON_SET);
        o.withObjectProperty("metadata").putObject("labels").put(KubeProxyPods.LABEL, KubeProxyPods.APP);
        ObjectNode spec = o.putObject("spec");
        spec.putObject("selector").putObject("matchLabels").put(KubeProxyPods.LABEL, KubeProxyPods.APP);
        spec.putObject("updateStrategy").put("type", "RollingUpdate");
        ObjectNode template = spec.putObject("template");
        template.putObject("metadata").putObject("labels").put(KubeProxyPods.LABEL, KubeProxyPods.APP);
        ObjectNode pod = template.putObject("spec");
        ObjectNode c = pod.putArray("containers").addObject();
        c.put("name", "kube-proxy");
        c.put("image", image);
        c.put("imagePullPolicy", "IfNotPresent");
        c.putArray("command").add("/usr/local/bin/kube-proxy").add("--config=/var/lib/kube-proxy/config.conf")
                .add("--hostname-override=$(NODE_NAME)");
        ObjectNode env = c.putArray("env").addObject();
        env.put("name", "NODE_NAME");
        env.putObject("valueFrom").putObject("fieldRef").put("apiVersion", "v1").put("fieldPath", "spec.nodeName");
        c.putObject("securityContext").put("privileged", true);
        ArrayNode mounts = c.putArray("volumeMounts");
        mounts.addObject().put("mountPath", "/var/lib/kube-proxy").put("name", "kube-proxy");
        mounts.addObject().put("mountPath", "/run/xtables.lock").put("name", "xtables-lock").put("readOnly", false);
        mounts.addObject().put("mountPath", "/lib/modules").put("name", "lib-modules").put("readOnly", true);
        pod.put("hostNetwork", true);
        pod.putObject("nodeSelector").put("kubernetes.io/os", "linux");
        pod.put("priorityClassName", "system-node-critical");
        pod.put("serviceAccountName", "kube-proxy");
        pod.putArray("tolerations").addObject().put("operator", "Exists");
        ArrayNode volumes = pod.putArray("volumes");
        volumes.addObject().put("name", "kube-proxy").putObject("configMap").put("name", "kube-proxy");
        volumes.addObject().put("name", "xtables-lock").putObject("hostPath").put("path", "/run/xtables.lock")
                .put("type", "FileOrCreate");
        volumes.addObject().put("name", "lib-modules").putObject("hostPath").put("path", "/lib/modules");
        return o;
    }
}
