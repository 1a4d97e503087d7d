package io.kubetriage.phase.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.kubetriage.core.diagnosis.DiagnosisInput;
import io.kubetriage.core.diagnosis.Evidence;
import io.kubetriage.core.diagnosis.Finding;
import io.kubetriage.core.diagnosis.Severity;
import io.kubetriage.core.node.model.KubeProxyConfig;
import io.kubetriage.core.node.netfilter.iptables.IptablesChain;
import io.kubetriage.core.node.section.NodePaths;
import io.kubetriage.core.snapshot.ApiObject;
import io.kubetriage.core.snapshot.KubeObjects;
import io.kubetriage.core.snapshot.ObjectKey;

/**
 * KT-ROUTING-005: kube-proxy is not running or not ready on a node (per node), there is no kube-proxy
 * DaemonSet at all (once, cluster-wide), or kube-proxy runs in iptables mode on a node although its
 * ConfigMap asks for ipvs (the "Can't use ipvs proxier" fallback: KUBE-SVC chains and no IPVS
 * virtual service). Nothing is said about Pods when neither Pods nor DaemonSets were captured.
 */
public final class KubeProxyDetector extends RoutingDetector {

    /** What kube-proxy logs, and events may quote, when it falls back from IPVS to iptables. */
    static final String FALLBACK_MESSAGE = "Can't use ipvs proxier";
    private static final int MAX_CHAINS = 3;

    public KubeProxyDetector() {
        super(RoutingCodes.KUBE_PROXY_ENTRY);
    }

    @Override
    public List<Finding> detect(DiagnosisInput input) {
        RoutingModel model = RoutingModel.of(input);
        KubeProxyPods proxies = model.proxies();
        List<Finding> findings = new ArrayList<>();
        boolean addonMissing = !KubeProxyAddon.missing(model.snapshot()).isEmpty();
        if (proxies.daemonSetMissing()) {
            List<Evidence> evidence = new ArrayList<>();
            evidence.add(Evidence.object(KubeProxyPods.DAEMON_SET, "DaemonSet", "no DaemonSet kube-system/kube-proxy: "
                    + "nothing runs kube-proxy on new or restarted nodes"));
            for (KubeProxyPods.Pod p : proxies.all()) {
                evidence.add(Evidence.object(p.object().key(), "kube-proxy Pod", p.describe() + " on "
                        + (p.node() == null ? "no node" : p.node())));
            }
            List<String> without = model.nodeNames().stream().filter(n -> !proxies.healthyOn(n)).toList();
            if (!without.isEmpty()) {
                evidence.add(Evidence.object(KubeProxyPods.DAEMON_SET, "nodes without kube-proxy",
                        String.join(", ", without)));
            }
            findings.add(new Finding(Finding.id(RoutingCodes.KUBE_PROXY, ""), RoutingCodes.KUBE_PROXY, Severity.ERROR,
                    "There is no kube-proxy DaemonSet",
                    "The cluster has no kube-system/kube-proxy DaemonSet, so nothing writes the Service rules on the "
                            + "nodes: ClusterIPs stop answering wherever the rules are lost. kubeadm creates it with "
                            + "'kubeadm init phase addon kube-proxy'; an etcd restore of an older backup can take it "
                            + "away.",
                    evidence, List.of(KubeProxyPods.DAEMON_SET), RoutingCodes.ROLLBACK_CAUSE,
                    addonMissing ? List.of(RoutingCodes.FIX_RECREATE_ADDON) : List.of()));
        }
        List<JsonNode> fallbackEvents = new ArrayList<>();
        for (ApiObject e : model.snapshot().events()) {
            JsonNode n = K8s.tree(e);
            if (n.path("message").asText("").contains(FALLBACK_MESSAGE)
                    || n.path("note").asText("").contains(FALLBACK_MESSAGE)) {
                fallbackEvents.add(n);
            }
        }
        Optional<KubeProxyConfig> config = KubeProxyConfig.of(model.snapshot());
        for (String node : model.nodeNames()) {
            List<Evidence> evidence = new ArrayList<>();
            List<ObjectKey> affected = new ArrayList<>();
            boolean down = proxies.captured() && proxies.daemonSetExists() && !proxies.healthyOn(node);
            if (down) {
                List<KubeProxyPods.Pod> pods = proxies.on(node);
                if (pods.isEmpty()) {
                    evidence.add(Evidence.object(KubeProxyPods.DAEMON_SET, "no kube-proxy Pod",
                            "the DaemonSet has no Pod on node " + node));
                    affected.add(KubeProxyPods.DAEMON_SET);
                }
                for (KubeProxyPods.Pod p : pods) {
                    evidence.add(Evidence.object(p.object().key(), "kube-proxy Pod", p.describe()));
                    affected.add(p.object().key());
                }
            }
            NodeState state = model.node(node).orElse(null);
            boolean fallback = state != null && state.ipvsFallback();
            if (fallback) {
                evidence.add(Evidence.object(KubeProxyConfig.CONFIG_MAP, "configured mode", "mode: "
                        + config.map(KubeProxyConfig::raw).orElse("ipvs") + " ("
                        + config.map(KubeProxyConfig::source).orElse("ConfigMap kube-system/kube-proxy") + ")"));
                if (state.data().ipvs() != null) {
                    evidence.add(state.evidence(state.parsed().ipvsFile(), 0, "IPVS table",
                            "no virtual service for any ClusterIP"));
                }
                List<IptablesChain> chains = NodeState.serviceChains(state.data().iptables());
                for (IptablesChain c : chains.subList(0, Math.min(MAX_CHAINS, chains.size()))) {
                    evidence.add(state.evidence(NodePaths.IPTABLES_SAVE, c.lineNumber(), "iptables-mode chain",
                            c.name() + " (" + chains.size() + " KUBE-SVC chains: kube-proxy programs iptables mode)"));
                }
                for (JsonNode e : fallbackEvents) {
                    ObjectKey involved = KubeObjects.involved(e);
                    if (concerns(involved, node, proxies)) {
                        String message = e.path("message").asText(e.path("note").asText(""));
                        evidence.add(Evidence.event(involved, "event", message));
                    }
                }
                if (affected.isEmpty()) {
                    proxies.on(node).forEach(p -> affected.add(p.object().key()));
                }
                affected.add(KubeProxyConfig.CONFIG_MAP);
            }
            if (!down && !fallback) {
                continue;
            }
            List<String> fixes = new ArrayList<>();
            if (proxies.daemonSetExists() && !proxies.on(node).isEmpty()) {
                fixes.add(RoutingCodes.FIX_RESTART_KUBE_PROXY);
            }
            if (addonMissing) {
                fixes.add(RoutingCodes.FIX_RECREATE_ADDON);
            }
            String title = down ? "kube-proxy is not " + (proxies.on(node).isEmpty() ? "running" : "ready")
                    + " on node " + node
                    : "kube-proxy runs in iptables mode on node " + node + " although its ConfigMap says ipvs";
            String explanation = (down ? "No kube-proxy Pod is Running and Ready on node " + node + ", so nothing "
                    + "keeps its Service rules in step with the endpoints: rules that are lost stay lost and new "
                    + "endpoints are never routed. Deleting the Pod makes the DaemonSet start a fresh one. " : "")
                    + (fallback ? "kube-proxy's ConfigMap asks for IPVS mode, but the node has iptables-mode KUBE-SVC "
                            + "chains and no IPVS virtual service: kube-proxy could not use IPVS (\"" + FALLBACK_MESSAGE
                            + "\", the ip_vs kernel modules are not loaded) and fell back to iptables. Services work, "
                            + "but not as configured; load the modules and restart kube-proxy." : "");
            findings.add(new Finding(Finding.id(RoutingCodes.KUBE_PROXY, node), RoutingCodes.KUBE_PROXY,
                    down ? Severity.ERROR : Severity.WARNING, title, explanation, evidence, affected,
                    down ? RoutingCodes.ROLLBACK_CAUSE : null, fixes));
        }
        return findings;
    }

    /** Whether an event is about the node, one of its kube-proxy Pods, or names no node or Pod. */
    private static boolean concerns(ObjectKey involved, String node, KubeProxyPods proxies) {
        if (involved == null) {
            return true;
        }
        if (involved.kind().equals("Node")) {
            return involved.name().equals(node);
        }
        if (involved.kind().equals("Pod")) {
            return proxies.on(node).stream().anyMatch(p -> p.object().key().name().equals(involved.name()));
        }
        return true;
    }
}
