package io.kubetriage.phase.cni;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.kubetriage.core.diagnosis.Detector;
import io.kubetriage.core.diagnosis.DiagnosisInput;
import io.kubetriage.core.diagnosis.Evidence;
import io.kubetriage.core.diagnosis.Finding;
import io.kubetriage.core.diagnosis.FindingCatalog;
import io.kubetriage.core.diagnosis.Severity;
import io.kubetriage.core.node.Cidr;
import io.kubetriage.core.snapshot.ApiObject;
import io.kubetriage.core.snapshot.KubeObjects;
import io.kubetriage.core.snapshot.ObjectKey;
import io.kubetriage.core.snapshot.Snapshot;
import io.kubetriage.phase.cni.CniReachability.Check;
import io.kubetriage.phase.cni.CniReachability.NodeCni;

/**
 * KT-CNI-003: events saying a Pod's sandbox got no network, grouped by the node of the Pod (its
 * {@code spec.nodeName}, else the event's source host, else {@value #UNKNOWN_NODE}). Caused by
 * KT-CNI-001 of the node when the address the plugin dialed is the node's unserved CNI API server
 * address.
 */
public final class SandboxErrorsDetector implements Detector {

    /** The subject of the finding of events whose node is not known. */
    public static final String UNKNOWN_NODE = "unknown";
    static final String REASON = "FailedCreatePodSandBox";
    /** Messages of the CNI plugin failing, lower case. */
    static final List<String> MESSAGES = List.of("networkplugin cni failed to set up pod",
            "failed to setup network for sandbox", "failed to set up sandbox container",
            "error getting clusterinformation", "plugin type=\"calico\" failed");
    private static final Pattern DIAL = Pattern.compile("dial tcp (\\[[0-9A-Fa-f:.]+\\]|[0-9A-Za-z.:-]+?):(\\d{1,5})\\b");
    private static final int MAX_EVIDENCE = 20;

    @Override
    public String phase() {
        return CniCodes.PHASE;
    }

    @Override
    public List<String> codes() {
        return List.of(CniCodes.SANDBOX_ERRORS);
    }

    @Override
    public List<FindingCatalog.Entry> catalog() {
        return List.of(CniCodes.SANDBOX_ERRORS_ENTRY);
    }

    /** One event about a sandbox that got no network. */
    private record SandboxEvent(ObjectKey involved, String reason, String message, String dialedHost, int dialedPort,
            int count) {
    }

    @Override
    public List<Finding> detect(DiagnosisInput input) {
        Snapshot s = input.snapshot();
        Map<String, List<SandboxEvent>> byNode = new LinkedHashMap<>();
        for (ApiObject e : s.events()) {
            JsonNode n = KubeObjects.tree(e);
            String message = n.has("message") ? n.path("message").asText("") : n.path("note").asText("");
            String reason = n.path("reason").asText("");
            String lower = message.toLowerCase(Locale.ROOT);
            if (!reason.equals(REASON) && MESSAGES.stream().noneMatch(lower::contains)) {
                continue;
            }
            ObjectKey involved = KubeObjects.involved(n);
            Matcher m = DIAL.matcher(message);
            String host = null;
            int port = 0;
            if (m.find()) {
                host = m.group(1).startsWith("[") ? m.group(1).substring(1, m.group(1).length() - 1) : m.group(1);
                port = Integer.parseInt(m.group(2));
            }
            int count = Math.max(1, n.path("count").asInt(n.path("deprecatedCount").asInt(1)));
            byNode.computeIfAbsent(nodeOf(s, involved, n), k -> new ArrayList<>())
                    .add(new SandboxEvent(involved, reason, message, host, port, count));
        }
        List<NodeCni> nodes = byNode.isEmpty() ? List.of() : CniReachability.of(input);
        List<Finding> findings = new ArrayList<>();
        for (Map.Entry<String, List<SandboxEvent>> g : byNode.entrySet()) {
            findings.add(finding(s, g.getKey(), g.getValue(), CniReachability.node(nodes, g.getKey())));
        }
        return findings;
    }

    private static Finding finding(Snapshot s, String node, List<SandboxEvent> events, Optional<NodeCni> cni) {
        List<Evidence> evidence = new ArrayList<>();
        Set<ObjectKey> affected = new LinkedHashSet<>();
        Set<String> dialed = new LinkedHashSet<>();
        String cause = null;
        int total = 0;
        for (SandboxEvent e : events) {
            total += e.count();
            if (e.involved() != null) {
                affected.add(e.involved());
            }
            String address = e.dialedHost() == null ? null
                    : (e.dialedHost().indexOf(':') >= 0 ? "[" + e.dialedHost() + "]" : e.dialedHost()) + ":"
                            + e.dialedPort();
            if (address != null) {
                dialed.add(address);
                if (cause == null && cni.isPresent() && dialsUnserved(cni.get(), e)) {
                    cause = Finding.id(CniCodes.API_SERVER_UNREACHABLE, node);
                }
            }
            if (evidence.size() < MAX_EVIDENCE) {
                String label = e.reason().isEmpty() ? "event" : e.reason();
                evidence.add(Evidence.event(e.involved(), address == null ? label : label + " (dialed " + address + ")",
                        e.message()));
            }
        }
        boolean known = !node.equals(UNKNOWN_NODE);
        if (cause == null && known && CalicoObjects.pods(s, node).stream()
                .anyMatch(p -> CalicoObjects.notReadyReason(p) != null)) {
            // no unserved address to blame: calico-node not being Ready on the node is the next best cause
            cause = Finding.id(CniCodes.CALICO_NODE_NOT_READY, node);
        }
        String where = known ? "on " + node : "on an unknown node";
        return new Finding(Finding.id(CniCodes.SANDBOX_ERRORS, node), CniCodes.SANDBOX_ERRORS, Severity.ERROR,
                total + (total == 1 ? " Pod sandbox" : " Pod sandboxes") + " failed to get a network " + where,
                "The container runtime " + where + " could not set up the network of new Pods: the CNI plugin failed"
                        + (dialed.isEmpty() ? "." : " while dialing " + String.join(", ", dialed) + ".")
                        + " The Pods stay in ContainerCreating and are retried."
                        + (cause != null && cause.startsWith(CniCodes.API_SERVER_UNREACHABLE)
                                ? " The address dialed is the ClusterIP the node's CNI plugin uses for the API server, "
                                        + "which the node does not serve."
                                : ""),
                evidence, List.copyOf(affected), cause,
                List.of(CniCodes.FIX_SET_API_SERVER_ENDPOINT, CniCodes.FIX_RESTART_CALICO_NODE));
    }

    private static boolean dialsUnserved(NodeCni cni, SandboxEvent e) {
        for (Check c : cni.unserved()) {
            if (c.address().port() == e.dialedPort() && Cidr.sameAddress(c.address().host(), e.dialedHost())) {
                return true;
            }
        }
        return false;
    }

    /** The node of the event's Pod, else the event's source host, else {@value #UNKNOWN_NODE}. */
    private static String nodeOf(Snapshot s, ObjectKey involved, JsonNode event) {
        if (involved != null && involved.kind().equals("Pod") && involved.group().isEmpty()) {
            Optional<String> node = s.object(involved).map(CalicoObjects::nodeOf);
            if (node.isPresent() && !node.get().isBlank()) {
                return node.get();
            }
        }
        for (String host : new String[] {CniJson.text(event, "source", "host"), CniJson.text(event, "reportingInstance"),
                CniJson.text(event, "deprecatedSource", "host")}) {
            if (host != null && !host.isBlank()) {
                return host;
            }
        }
        return UNKNOWN_NODE;
    }
}
