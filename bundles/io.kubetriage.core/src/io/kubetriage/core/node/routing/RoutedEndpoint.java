package io.kubetriage.core.node.routing;

/**
 * An endpoint the node would send a Service's packets to.
 *
 * @param address     the endpoint address
 * @param port        the endpoint port
 * @param probability the share of new connections it gets (0..1)
 * @param conditional true when only some packets reach it (the path depends on the source or a
 *                    mark, which the model does not know)
 * @param source      {@code iptables-save}, {@code ip6tables-save} or {@code ipvsadm}
 * @param line        the line of the DNAT rule or real server
 * @param via         the chain or virtual service it was found in
 */
public record RoutedEndpoint(String address, int port, double probability, boolean conditional, String source,
        int line, String via) {

    /** {@code address:port}, IPv6 in brackets. */
    public String endpoint() {
        return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
    }
}
