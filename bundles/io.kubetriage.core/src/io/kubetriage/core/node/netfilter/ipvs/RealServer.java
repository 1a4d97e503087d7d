package io.kubetriage.core.node.netfilter.ipvs;

import java.util.Map;
import java.util.Objects;

import io.kubetriage.core.node.netfilter.internal.DumpText;

/**
 * A real server of a virtual service: a {@code ->} line of {@code ipvsadm -Ln} or an {@code -a}
 * line of {@code ipvsadm --save}. Immutable; equal when all its values are (as a record).
 *
 * <p>The line is kept as a span of the table's text and becomes a string when asked for (a
 * kube-proxy table can have hundreds of thousands of real servers).
 */
public final class RealServer {

    private final int lineNumber;
    private final DumpText text;
    private final int start;
    private final int end;
    private final String address;
    private final int port;
    private final ForwardMethod forward;
    private final int weight;
    private final long activeConnections;
    private final long inactiveConnections;
    private final Map<String, String> columns;

    /**
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
    public RealServer(int lineNumber, String raw, String address, int port, ForwardMethod forward, int weight,
            long activeConnections, long inactiveConnections, Map<String, String> columns) {
        this(lineNumber, raw == null ? null : DumpText.of(raw), 0, raw == null ? 0 : raw.length(), address, port,
                forward, weight, activeConnections, inactiveConnections, columns);
    }

    /** A real server whose line runs from start to end in the text (null text: no line). */
    RealServer(int lineNumber, DumpText text, int start, int end, String address, int port, ForwardMethod forward,
            int weight, long activeConnections, long inactiveConnections, Map<String, String> columns) {
        this.lineNumber = lineNumber;
        this.text = text;
        this.start = start;
        this.end = end;
        this.address = address;
        this.port = port;
        this.forward = forward;
        this.weight = weight;
        this.activeConnections = activeConnections;
        this.inactiveConnections = inactiveConnections;
        this.columns = columns;
    }

    /** 1-based line. */
    public int lineNumber() {
        return lineNumber;
    }

    /** The line as written. */
    public String raw() {
        return text == null ? null : text.substring(start, end);
    }

    /** The address, without brackets. */
    public String address() {
        return address;
    }

    /** The port (0 for firewall-mark services without one). */
    public int port() {
        return port;
    }

    /** The forwarding method. */
    public ForwardMethod forward() {
        return forward;
    }

    /** The weight, or -1 when not shown. */
    public int weight() {
        return weight;
    }

    /** ActiveConn, or -1 when not shown. */
    public long activeConnections() {
        return activeConnections;
    }

    /** InActConn, or -1 when not shown. */
    public long inactiveConnections() {
        return inactiveConnections;
    }

    /**
     * The columns that are not fields ({@code --stats}/{@code --rate} counters, thresholds,
     * save-format options), by header name.
     */
    public Map<String, String> columns() {
        return columns;
    }

    /** {@code address:port}, IPv6 addresses in brackets. */
    public String endpoint() {
        return VirtualService.hostPort(address, port);
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof RealServer r && r.lineNumber == lineNumber && r.port == port
                && r.weight == weight && r.activeConnections == activeConnections
                && r.inactiveConnections == inactiveConnections && r.forward == forward
                && Objects.equals(r.address, address) && Objects.equals(r.columns, columns)
                && Objects.equals(r.raw(), raw());
    }

    @Override
    public int hashCode() {
        // as a record with these components would
        int h = Integer.hashCode(lineNumber);
        h = 31 * h + Objects.hashCode(raw());
        h = 31 * h + Objects.hashCode(address);
        h = 31 * h + Integer.hashCode(port);
        h = 31 * h + Objects.hashCode(forward);
        h = 31 * h + Integer.hashCode(weight);
        h = 31 * h + Long.hashCode(activeConnections);
        h = 31 * h + Long.hashCode(inactiveConnections);
        return 31 * h + Objects.hashCode(columns);
    }

    @Override
    public String toString() {
        return "RealServer[lineNumber=" + lineNumber + ", raw=" + raw() + ", address=" + address + ", port=" + port
                + ", forward=" + forward + ", weight=" + weight + ", activeConnections=" + activeConnections
                + ", inactiveConnections=" + inactiveConnections + ", columns=" + columns + "]";
    }
}
