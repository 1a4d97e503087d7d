package io.kubetriage.core.node.netfilter.ipvs;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.kubetriage.core.node.netfilter.internal.DumpText;

/**
 * An IPVS virtual service with its real servers. A virtual service without real servers drops
 * every packet sent to it. Immutable; equal when all its values are (as a record).
 *
 * <p>The line is kept as a span of the table's text and becomes a string when asked for.
 */
public final class VirtualService {

    private final int lineNumber;
    private final DumpText text;
    private final int start;
    private final int end;
    private final IpvsProtocol protocol;
    private final String address;
    private final int port;
    private final long firewallMark;
    private final String scheduler;
    private final int persistenceTimeout;
    private final String netmask;
    private final List<String> flags;
    private final Map<String, String> columns;
    private final List<RealServer> realServers;

    /**
     * @param lineNumber         1-based line
     * @param raw                the line as written
     * @param protocol           TCP, UDP, SCTP, or FWM
     * @param address            the virtual address without brackets; null for FWM services
     * @param port               the virtual port; 0 for FWM services
     * @param firewallMark       the mark of an FWM service; -1 otherwise
     * @param scheduler          {@code rr}, {@code wrr}, {@code lc}, ... or null when not shown
     * @param persistenceTimeout the persistence timeout in seconds, or -1 when not persistent
     * @param netmask            the persistence netmask when written, else null
     * @param flags              the other flags as written ({@code ops}, scheduler flags, ...)
     * @param columns            {@code --stats}/{@code --rate} counters by header name, else empty
     * @param realServers        the real servers in order
     */
    public VirtualService(int lineNumber, String raw, IpvsProtocol protocol, String address, int port,
            long firewallMark, String scheduler, int persistenceTimeout, String netmask, List<String> flags,
            Map<String, String> columns, List<RealServer> realServers) {
        this(lineNumber, raw == null ? null : DumpText.of(raw), 0, raw == null ? 0 : raw.length(), protocol, address,
                port, firewallMark, scheduler, persistenceTimeout, netmask, flags, columns, realServers);
    }

    /** A virtual service whose line runs from start to end in the text (null text: no line). */
    VirtualService(int lineNumber, DumpText text, int start, int end, IpvsProtocol protocol, String address,
            int port, long firewallMark, String scheduler, int persistenceTimeout, String netmask, List<String> flags,
            Map<String, String> columns, List<RealServer> realServers) {
        this.lineNumber = lineNumber;
        this.text = text;
        this.start = start;
        this.end = end;
        this.protocol = protocol;
        this.address = address;
        this.port = port;
        this.firewallMark = firewallMark;
        this.scheduler = scheduler;
        this.persistenceTimeout = persistenceTimeout;
        this.netmask = netmask;
        this.flags = flags;
        this.columns = columns;
        this.realServers = realServers;
    }

    /** 1-based line. */
    public int lineNumber() {
        return lineNumber;
    }

    /** The line as written. */
    public String raw() {
        return text == null ? null : text.substring(start, end);
    }

    /** TCP, UDP, SCTP, or FWM. */
    public IpvsProtocol protocol() {
        return protocol;
    }

    /** The virtual address without brackets; null for FWM services. */
    public String address() {
        return address;
    }

    /** The virtual port; 0 for FWM services. */
    public int port() {
        return port;
    }

    /** The mark of an FWM service; -1 otherwise. */
    public long firewallMark() {
        return firewallMark;
    }

    /** {@code rr}, {@code wrr}, {@code lc}, ... or null when not shown. */
    public String scheduler() {
        return scheduler;
    }

    /** The persistence timeout in seconds, or -1 when not persistent. */
    public int persistenceTimeout() {
        return persistenceTimeout;
    }

    /** The persistence netmask when written, else null. */
    public String netmask() {
        return netmask;
    }

    /** The other flags as written ({@code ops}, scheduler flags, ...). */
    public List<String> flags() {
        return flags;
    }

    /** {@code --stats}/{@code --rate} counters by header name, else empty. */
    public Map<String, String> columns() {
        return columns;
    }

    /** The real servers in order. */
    public List<RealServer> realServers() {
        return realServers;
    }

    /** {@code TCP 10.233.0.1:443} or {@code FWM 100}. */
    public String key() {
        return protocol == IpvsProtocol.FWM ? "FWM " + firewallMark : protocol + " " + hostPort(address, port);
    }

    /** {@code address:port}, IPv6 addresses in brackets; null for FWM services. */
    public String endpoint() {
        return address == null ? null : hostPort(address, port);
    }

    static String hostPort(String address, int port) {
        return address.indexOf(':') >= 0 ? "[" + address + "]:" + port : address + ":" + port;
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof VirtualService s && s.lineNumber == lineNumber && s.port == port
                && s.firewallMark == firewallMark && s.persistenceTimeout == persistenceTimeout
                && s.protocol == protocol && Objects.equals(s.address, address)
                && Objects.equals(s.scheduler, scheduler) && Objects.equals(s.netmask, netmask)
                && Objects.equals(s.flags, flags) && Objects.equals(s.columns, columns)
                && Objects.equals(s.realServers, realServers) && Objects.equals(s.raw(), raw());
    }

    @Override
    public int hashCode() {
        // as a record with these components would
        int h = Integer.hashCode(lineNumber);
        h = 31 * h + Objects.hashCode(raw());
        h = 31 * h + Objects.hashCode(protocol);
        h = 31 * h + Objects.hashCode(address);
        h = 31 * h + Integer.hashCode(port);
        h = 31 * h + Long.hashCode(firewallMark);
        h = 31 * h + Objects.hashCode(scheduler);
        h = 31 * h + Integer.hashCode(persistenceTimeout);
        h = 31 * h + Objects.hashCode(netmask);
        h = 31 * h + Objects.hashCode(flags);
        h = 31 * h + Objects.hashCode(columns);
        return 31 * h + Objects.hashCode(realServers);
    }

    @Override
    public String toString() {
        return "VirtualService[lineNumber=" + lineNumber + ", raw=" + raw() + ", protocol=" + protocol + ", address="
                + address + ", port=" + port + ", firewallMark=" + firewallMark + ", scheduler=" + scheduler
                + ", persistenceTimeout=" + persistenceTimeout + ", netmask=" + netmask + ", flags=" + flags
                + ", columns=" + columns + ", realServers=" + realServers + "]";
    }
}
