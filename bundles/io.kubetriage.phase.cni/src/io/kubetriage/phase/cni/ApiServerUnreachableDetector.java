package io.kubetriage.phase.cni;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.kubetriage.core.diagnosis.Detector;
import io.kubetriage.core.diagnosis.DiagnosisInput;
import io.kubetriage.core.diagnosis.Evidence;
import io.kubetriage.core.diagnosis.Finding;
import io.kubetriage.core.diagnosis.FindingCatalog;
import io.kubetriage.core.diagnosis.Severity;
import io.kubetriage.core.node.model.ParsedNode;
import io.kubetriage.core.node.routing.Hop;
import io.kubetriage.core.node.routing.ServiceRoute;
import io.kubetriage.core.node.section.NodePaths;
import io.kubetriage.core.snapshot.ApiObject;
import io.kubetriage.core.snapshot.ObjectKey;
import io.kubetriage.phase.cni.CniReachability.Check;
import io.kubetriage.phase.cni.CniReachability.NodeCni;

/**
 * KT-CNI-001: on a node, the CNI plugin's API server address is a Service ClusterIP (the
 * {@code kubernetes} Service's, as Calico's install writes it) and the node's kube-proxy rules do
 * not deliver that ClusterIP and port to the Service's ready endpoints. One finding per node,
 * caused by the routing phase's finding: KT-ROUTING-002 of the node when nothing serves the
 * ClusterIP (KT-ROUTING-004 of the node when an IPVS virtual service exists but kube-ipvs0 lacks
 * the ClusterIP), KT-ROUTING-003 of the Service when its rules lead to no or not all endpoints.
 */
public final class ApiServerUnreachableDetector implements Detector {

    @Override
    public String phase() {
        return CniCodes.PHASE;
    }

    @Override
    public List<String> codes() {
        return List.of(CniCodes.API_SERVER_UNREACHABLE);
    }

    @Override
    public List<FindingCatalog.Entry> catalog() {
        return List.of(CniCodes.API_SERVER_UNREACHABLE_ENTRY);
    }

    @Override
    public List<Finding> detect(DiagnosisInput input) {
        List<Finding> findings = new ArrayList<>();
        for (NodeCni n : CniReachability.of(input)) {
            List<Check> unserved = n.unserved();
            if (unserved.isEmpty()) {
                continue;
            }
            findings.add(finding(input, n, unserved));
        }
        return findings;
    }

    private static Finding finding(DiagnosisInput input, NodeCni n, List<Check> unserved) {
        String node = n.name();
        List<Evidence> evidence = new ArrayList<>();
        Set<ObjectKey> affected = new LinkedHashSet<>();
        for (Check c : unserved) {
            CniReachability.ApiServerAddress a = c.address();
            ServiceRoute route = c.route();
            String svc = c.service().service().namespace() + "/" + c.service().service().name();
            String detail = a.server() + " is the ClusterIP " + c.service().port().target() + " of Service " + svc;
            if (a.file() != null) {
                evidence.add(Evidence.node(node, a.file(), a.line(), "CNI API server", detail, a.sourceLine()));
            } else {
                evidence.add(Evidence.object(a.object(), "CNI API server", detail + " (" + a.origin() + ")"));
            }
            evidence.add(Evidence.node(node, null, 0, "route " + route.verdict(), route.summary(), null)
                    .withObject(c.service().service()));
            for (Hop h : route.missingHops()) {
                evidence.add(Evidence.node(node, hopFile(n.node(), h), h.line(), "missing hop",
                        h.kind() + " " + h.name() + (h.detail() == null ? "" : ": " + h.detail()), null));
            }
            ObjectKey endpoints = c.service().source();
            String ready = c.service().ready().isEmpty() ? "none" : String.join(", ", c.service().ready());
            evidence.add(endpoints != null ? Evidence.object(endpoints, "ready endpoints", ready)
                    : Evidence.object(c.service().service(), "ready endpoints", "no Endpoints object was captured"));
            affected.add(c.service().service());
        }
        CalicoObjects.daemonSet(input.snapshot()).map(ApiObject::key).ifPresent(affected::add);
        CalicoObjects.pods(input.snapshot(), node).forEach(p -> affected.add(p.key()));
        Check first = unserved.get(0);
        String title = "The CNI plugin on " + node + " reaches the API server through " + first.address().hostPort()
                + ", which the node " + (first.route().verdict() == ServiceRoute.Verdict.NOT_SERVED
                        ? "does not serve" : "does not route to the API server");
        String explanation = "On node " + node + " the CNI plugin talks to the API server at "
                + first.address().server() + " (" + first.address().origin() + "). That is the ClusterIP of Service "
                + first.service().service().namespace() + "/" + first.service().service().name()
                + ", so it works only while kube-proxy's rules for that Service work on the node; they do not ("
                + first.route().summary() + "). New Pods on the node get no network ('dial tcp "
                + first.address().hostPort() + ": i/o timeout') and calico-node does not become Ready. Set "
                + CniReachability.HOST_VAR + " and " + CniReachability.PORT_VAR + " on calico-node to the API "
                + "server's real address (kubectl get endpoints -n default kubernetes) and restart calico-node; "
                + "repair the Service routing as well.";
        return new Finding(Finding.id(CniCodes.API_SERVER_UNREACHABLE, node), CniCodes.API_SERVER_UNREACHABLE,
                Severity.ERROR, title, explanation, evidence, List.copyOf(affected), cause(node, first),
                List.of(CniCodes.FIX_SET_API_SERVER_ENDPOINT, CniCodes.FIX_RESTART_CALICO_NODE));
    }

    /** The routing phase's finding behind an unserved route. */
    static String cause(String node, Check c) {
        ObjectKey svc = c.service().service();
        return switch (c.route().verdict()) {
            case NOT_SERVED -> Finding.id(onlyAddressMissing(c.route()) ? CniCodes.ROUTING_IPVS_ADDRESS_MISSING
                    : CniCodes.ROUTING_NOT_SERVED, node);
            case NO_ENDPOINTS, PARTIALLY_SERVED -> Finding.id(CniCodes.ROUTING_NO_ENDPOINTS,
                    svc.namespace() + "/" + svc.name());
            default -> null;
        };
    }

    /** Whether IPVS has the virtual service and only kube-ipvs0's address of the ClusterIP is missing. */
    private static boolean onlyAddressMissing(ServiceRoute route) {
        List<Hop> missing = route.missingHops();
        return !missing.isEmpty() && missing.stream().allMatch(h -> h.kind() == Hop.Kind.CLUSTER_IP_ADDRESS)
                && route.hops(Hop.Kind.IPVS_VIRTUAL_SERVICE).stream().anyMatch(h -> h.state() == Hop.State.PRESENT);
    }

    /** The node file a hop was looked up in. */
    private static String hopFile(ParsedNode node, Hop h) {
        return switch (h.source()) {
            case "iptables-save" -> NodePaths.IPTABLES_SAVE;
            case "ip6tables-save" -> NodePaths.IP6TABLES_SAVE;
            case "ip-addr" -> NodePaths.IP_ADDR;
            case "ipvsadm" -> node.ipvsFile();
            default -> null;
        };
    }
}
