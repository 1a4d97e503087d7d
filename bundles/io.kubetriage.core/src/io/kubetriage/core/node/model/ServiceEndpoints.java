package io.kubetriage.core.node.model;

import java.util.List;
import java.util.Objects;

import io.kubetriage.core.node.routing.ServicePort;
import io.kubetriage.core.snapshot.ObjectKey;

/**
 * One port of a Service with a ClusterIP, and the endpoints the API server lists for it.
 *
 * @param service     the Service
 * @param port        the port, at one of the Service's ClusterIPs (a dual-stack Service gives one
 *                    entry per ClusterIP)
 * @param selector    whether the Service has a selector (without one, its Endpoints are managed
 *                    by hand, as for {@code default/kubernetes})
 * @param source      the object the endpoints were read from: the Endpoints object, else an
 *                    EndpointSlice; null when the snapshot has neither
 * @param ready       the ready endpoints as {@code address:port}, sorted; empty when none or no
 *                    endpoints object
 * @param notReady    the endpoints listed as not ready, sorted
 */
public record ServiceEndpoints(ObjectKey service, ServicePort port, boolean selector, ObjectKey source,
        List<String> ready, List<String> notReady) {

    public ServiceEndpoints {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(port, "port");
        ready = List.copyOf(ready);
        notReady = List.copyOf(notReady);
    }

    /** Whether the snapshot had an Endpoints object or EndpointSlice for the Service. */
    public boolean hasEndpointsObject() {
        return source != null;
    }

    /** The ready endpoints to compare a node's rules with, or null when no endpoints object was read. */
    public List<String> expected() {
        return source == null ? null : ready;
    }

    public boolean isKubernetesService() {
        return service.namespace().equals("default") && service.name().equals("kubernetes");
    }
}
