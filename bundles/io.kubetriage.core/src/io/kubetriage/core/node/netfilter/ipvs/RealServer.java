package io.kubetriage.core.node.netfilter.ipvs;

import java.util.Map;

/**
 * A real server of a virtual service: a {@code ->} line of {@code ipvsadm -Ln} or an {@code -a}
 * line of {@code ipvsadm --save}.
 *
 * @param lineNumber          1-based line
 * @param raw                 the line as written
 * @param address             the address, without brackets
 * @param port                the port (0 for firewall-mark services without one)
 * @param forward             the forwarding method
 * @param weight              the weight, or -1 when not shown
 * @param activeConnections   ActiveConn, or -1 when not shown
 * @param inactiveConnections InActConn, or -1 when not shown
 * @param columns             the columns that are not fields ({@code --stats}/{@code --rate}
 *                            counters, thresholds, save-format options), by header name
 */
public record RealServer(int lineNumber, String raw, String address, int port, ForwardMethod forward, int weight,
        long activeConnections, long inactiveConnections, Map<String, String> columns) {

    /** {@code address:port}, IPv6 addresses in brackets. */
    public String endpoint() {
        return VirtualService.hostPort(address, port);
    }
}
