package io.kubetriage.core.node.routing;

import java.util.List;

import io.kubetriage.core.node.ProxyMode;

/**
 * What one node would do with a packet to a Service's ClusterIP and port.
 *
 * @param node                the node's name
 * @param service             the Service port asked about
 * @param mode                the kube-proxy mode the model used
 * @param verdict             the conclusion
 * @param hops                the steps looked for, in path order, with their state
 * @param endpoints           the endpoints the node's rules send to, with their shares
 * @param missingEndpoints    expected endpoints (from the API) the node does not send to
 * @param unexpectedEndpoints endpoints the node sends to that were not expected (stale rules)
 * @param summary             one sentence for the user
 */
public record ServiceRoute(String node, ServicePort service, ProxyMode mode, Verdict verdict, List<Hop> hops,
        List<RoutedEndpoint> endpoints, List<String> missingEndpoints, List<String> unexpectedEndpoints,
        String summary) {

    public enum Verdict {
        /** Every step exists and every (expected) endpoint gets traffic. */
        SERVED,
        /** Some traffic reaches an endpoint, but a step or an expected endpoint is missing. */
        PARTIALLY_SERVED,
        /** Rules for the Service exist but lead to no endpoint (REJECT, empty chain, no real server). */
        NO_ENDPOINTS,
        /** Nothing on the node serves the ClusterIP: packets leave unchanged and go nowhere. */
        NOT_SERVED,
        /** The data needed was not collected, or the mode is not modelled. */
        UNKNOWN
    }

    /** The hops of a kind. */
    public List<Hop> hops(Hop.Kind kind) {
        return hops.stream().filter(h -> h.kind() == kind).toList();
    }

    /** The hops that are required and missing. */
    public List<Hop> missingHops() {
        return hops.stream().filter(h -> h.required() && h.state() == Hop.State.MISSING).toList();
    }

    /** The endpoints as {@code address:port}. */
    public List<String> endpointAddresses() {
        return endpoints.stream().map(RoutedEndpoint::endpoint).toList();
    }
}
