package io.kubetriage.phase.routing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.kubetriage.core.diagnosis.DiagnosisInput;
import io.kubetriage.core.diagnosis.Evidence;
import io.kubetriage.core.diagnosis.Finding;
import io.kubetriage.core.diagnosis.Severity;
import io.kubetriage.core.node.ProxyMode;
import io.kubetriage.core.node.model.ServiceEndpoints;
import io.kubetriage.core.node.routing.Hop;
import io.kubetriage.core.node.routing.RoutedEndpoint;
import io.kubetriage.core.node.routing.ServiceRoute;
import io.kubetriage.core.snapshot.ObjectKey;

/**
 * KT-ROUTING-003: on some node, the IPVS real servers (or the KUBE-SEP DNAT targets) of a Service
 * port differ from the ready endpoints the API server lists. One finding per Service, evidence per
 * node and port. Ports not programmed at all are KT-ROUTING-002's; Services whose endpoints were not
 * captured are not compared.
 */
public final class StaleEndpointsDetector extends RoutingDetector {

    public StaleEndpointsDetector() {
        super(RoutingCodes.STALE_ENDPOINTS_ENTRY);
    }

    @Override
    public List<Finding> detect(DiagnosisInput input) {
        RoutingModel model = RoutingModel.of(input);
        Map<ObjectKey, List<Evidence>> evidence = new LinkedHashMap<>();
        Map<ObjectKey, Set<String>> nodes = new LinkedHashMap<>();
        Map<ObjectKey, Boolean> selectors = new LinkedHashMap<>();
        for (ServiceEndpoints se : ClusterIpMissingDetector.kubernetesFirst(model.services())) {
            List<String> expected = se.expected();
            if (expected == null) {
                continue;
            }
            for (NodeState n : model.nodes()) {
                if (!n.canCheck(se)) {
                    continue;
                }
                List<Evidence> found = compare(n, se, n.route(se));
                if (!found.isEmpty()) {
                    evidence.computeIfAbsent(se.service(), k -> new ArrayList<>()).addAll(found);
                    nodes.computeIfAbsent(se.service(), k -> new LinkedHashSet<>()).add(n.name());
                    selectors.put(se.service(), se.selector());
                }
            }
        }
        List<Finding> findings = new ArrayList<>();
        evidence.forEach((service, ev) -> {
            Set<String> on = nodes.get(service);
            boolean kubernetes = service.namespace().equals("default") && service.name().equals("kubernetes");
            List<String> fixes = new ArrayList<>();
            if (model.proxies().daemonSetExists() && on.stream().anyMatch(n -> !model.proxies().on(n).isEmpty())) {
                fixes.add(RoutingCodes.FIX_RESTART_KUBE_PROXY);
            }
            if (selectors.get(service) && !kubernetes) {
                fixes.add(RoutingCodes.FIX_RECREATE_SERVICE);
            }
            findings.add(new Finding(Finding.id(RoutingCodes.STALE_ENDPOINTS, K8s.name(service)),
                    RoutingCodes.STALE_ENDPOINTS, Severity.ERROR,
                    "Service " + K8s.name(service) + " is routed to other endpoints than the ready ones on "
                            + (on.size() == 1 ? "node " + on.iterator().next() : on.size() + " nodes"),
                    "The node rules for " + K8s.name(service) + " do not send connections to the endpoints the API "
                            + "server lists as ready (" + String.join(", ", on) + "): ready endpoints get no traffic, "
                            + "or traffic goes to addresses that are gone. kube-proxy's view of the endpoints is "
                            + "stale; it missed watch events, as after an etcd rollback. Restarting kube-proxy makes "
                            + "it re-list and rewrite the rules"
                            + (fixes.contains(RoutingCodes.FIX_RECREATE_SERVICE)
                                    ? "; re-creating the Service makes the endpoints controller start afresh." : "."),
                    ev, List.of(service), cause(model, on), fixes));
        });
        return findings;
    }

    /** kube-proxy down on every node concerned, else the etcd rollback (dropped when not found). */
    private static String cause(RoutingModel model, Set<String> nodes) {
        List<String> causes = nodes.stream().map(model::proxyDownCause).toList();
        if (causes.stream().anyMatch(c -> c == null)) {
            return RoutingCodes.ROLLBACK_CAUSE;
        }
        return causes.size() == 1 ? causes.get(0) : RoutingCodes.KUBE_PROXY;
    }

    /** The evidence of one port on one node: missing endpoints, and each unexpected one with its line. */
    private static List<Evidence> compare(NodeState n, ServiceEndpoints se, ServiceRoute route) {
        Hop entry = entry(n, route);
        if (entry == null) {
            return List.of();
        }
        List<String> missing;
        List<String> unexpected;
        if (route.verdict() == ServiceRoute.Verdict.NO_ENDPOINTS) {
            missing = se.expected();
            unexpected = List.of();
        } else {
            missing = route.missingEndpoints();
            unexpected = route.unexpectedEndpoints();
        }
        List<Evidence> out = new ArrayList<>();
        String port = se.port().displayName() + " " + se.port().target();
        String file = n.fileOf(entry.source());
        if (!missing.isEmpty()) {
            out.add(n.evidence(file, entry.line(), "endpoints not routed", port + " on " + n.name() + ": "
                    + String.join(", ", missing) + (missing.size() == 1 ? " is ready but gets" : " are ready but get") + " no traffic"
                    + (route.endpoints().isEmpty() ? " (no " + (n.mode() == ProxyMode.IPVS ? "real server" : "DNAT rule")
                            + " at all)" : "")).withObject(se.service()));
        }
        for (String e : unexpected) {
            RoutedEndpoint r = route.endpoints().stream().filter(x -> x.endpoint().equals(e)).findFirst().orElse(null);
            out.add(n.evidence(r == null ? file : n.fileOf(r.source()), r == null ? 0 : r.line(),
                    "unexpected endpoint", port + " on " + n.name() + ": sends to " + e
                            + ", which the API server does not list as a ready endpoint").withObject(se.service()));
        }
        return out;
    }

    /** The hop where the node serves the port (virtual service, KUBE-SVC chain or REJECT rule), or null when it does not. */
    private static Hop entry(NodeState n, ServiceRoute route) {
        if (route.verdict() == ServiceRoute.Verdict.UNKNOWN) {
            return null;
        }
        if (n.mode() == ProxyMode.IPVS) {
            return route.hops(Hop.Kind.IPVS_VIRTUAL_SERVICE).stream().filter(h -> h.state() == Hop.State.PRESENT)
                    .findFirst().orElse(null);
        }
        if (route.verdict() == ServiceRoute.Verdict.NOT_SERVED) {
            return null;
        }
        for (Hop.Kind kind : List.of(Hop.Kind.SERVICE_CHAIN, Hop.Kind.SERVICE_RULE, Hop.Kind.REJECT)) {
            Hop h = route.hops(kind).stream().filter(x -> x.state() == Hop.State.PRESENT).findFirst().orElse(null);
            if (h != null) {
                return h;
            }
        }
        return null;
    }
}
