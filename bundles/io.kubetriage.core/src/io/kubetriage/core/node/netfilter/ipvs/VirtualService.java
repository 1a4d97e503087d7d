package io.kubetriage.core.node.netfilter.ipvs;

import java.util.List;
import java.util.Map;

/**
 * An IPVS virtual service with its real servers. A virtual service without real servers drops
 * every packet sent to it.
 *
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
public record VirtualService(int lineNumber, String raw, IpvsProtocol protocol, String address, int port,
        long firewallMark, String scheduler, int persistenceTimeout, String netmask, List<String> flags,
        Map<String, String> columns, List<RealServer> realServers) {

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
}
