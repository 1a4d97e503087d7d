package io.kubetriage.core.node.routing;

import java.util.Locale;
import java.util.Objects;

/**
 * One port of a Service, as the routing model needs it.
 *
 * @param namespace the Service's namespace
 * @param name      the Service's name
 * @param portName  the port's name, or null/empty for an unnamed port
 * @param clusterIp the ClusterIP (IPv4 or IPv6 literal)
 * @param port      the Service port
 * @param protocol  {@code TCP}, {@code UDP} or {@code SCTP}; null means TCP
 */
public record ServicePort(String namespace, String name, String portName, String clusterIp, int port, String protocol) {

    public ServicePort {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(clusterIp, "clusterIp");
        protocol = protocol == null || protocol.isBlank() ? "TCP" : protocol.toUpperCase(Locale.ROOT);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** {@code namespace/name:portName} as kube-proxy writes it in its rule comments. */
    public String displayName() {
        return namespace + "/" + name + (portName == null || portName.isEmpty() ? "" : ":" + portName);
    }

    /** {@code 10.233.0.1:443/TCP}. */
    public String target() {
        return (clusterIp.indexOf(':') >= 0 ? "[" + clusterIp + "]" : clusterIp) + ":" + port + "/" + protocol;
    }
}
