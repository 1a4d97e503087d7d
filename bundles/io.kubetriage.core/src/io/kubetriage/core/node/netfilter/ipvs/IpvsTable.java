package io.kubetriage.core.node.netfilter.ipvs;

import java.util.List;

import io.kubetriage.core.node.Cidr;

/**
 * The IPVS table of a node: its virtual services, each with its real servers.
 *
 * @param format   which output it was read from
 * @param version  the IPVS version of the header ({@code 1.2.1}), or null
 * @param services the virtual services in order
 * @param lines    the raw lines (index 0 is line 1)
 */
public record IpvsTable(Format format, String version, List<VirtualService> services, List<String> lines) {

    /** The output an IPVS table was read from. */
    public enum Format {
        /** {@code ipvsadm -Ln} (also {@code --exact}, {@code --stats}, {@code --rate}). */
        LIST,
        /** {@code ipvsadm --save -n}. */
        SAVE,
        /** {@code /proc/net/ip_vs}: hexadecimal addresses and ports. */
        PROC,
        /** Nothing but blank lines: no virtual service, format unknown. */
        EMPTY
    }

    /** The virtual service for a protocol, address and port, or null. */
    public VirtualService find(IpvsProtocol protocol, String address, int port) {
        for (VirtualService s : services) {
            if (s.protocol() == protocol && s.port() == port && s.address() != null
                    && Cidr.sameAddress(s.address(), address)) {
                return s;
            }
        }
        return null;
    }

    public int realServerCount() {
        if (services instanceof ServiceList parsed) {
            return parsed.realServerCount();
        }
        int n = 0;
        for (VirtualService s : services) {
            n += s.realServers().size();
        }
        return n;
    }

    /** The raw text of a 1-based line, or null when out of range. */
    public String line(int lineNumber) {
        return lineNumber >= 1 && lineNumber <= lines.size() ? lines.get(lineNumber - 1) : null;
    }
}
