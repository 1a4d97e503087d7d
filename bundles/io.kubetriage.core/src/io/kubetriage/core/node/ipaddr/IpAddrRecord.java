package io.kubetriage.core.node.ipaddr;

import java.util.List;

/**
 * One line of {@code ip -o addr show}: an address on an interface.
 *
 * @param lineNumber     1-based line
 * @param raw            the line as written
 * @param interfaceIndex the interface index ({@code 5:})
 * @param interfaceName  the interface name, without {@code @peer} ({@code kube-ipvs0})
 * @param family         {@code inet} or {@code inet6}
 * @param address        the address, without prefix
 * @param prefixLength   the prefix length (32 or 128 when not written)
 * @param peer           the peer address of a point-to-point link, or null
 * @param scope          {@code global}, {@code host}, {@code link}, ... or null
 * @param label          the address label (last word before the backslash), or null
 * @param flags          other words after the scope, such as {@code secondary}, {@code dynamic}
 */
public record IpAddrRecord(int lineNumber, String raw, int interfaceIndex, String interfaceName, String family,
        String address, int prefixLength, String peer, String scope, String label, List<String> flags) {

    /** {@code address/prefix}. */
    public String cidr() {
        return address + "/" + prefixLength;
    }
}
