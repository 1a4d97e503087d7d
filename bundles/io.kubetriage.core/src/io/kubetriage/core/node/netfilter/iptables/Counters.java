package io.kubetriage.core.node.netfilter.iptables;

/** Packet and byte counters, as saved by {@code iptables-save -c} ({@code [PACKETS:BYTES]}). */
public record Counters(long packets, long bytes) {

    @Override
    public String toString() {
        return "[" + packets + ":" + bytes + "]";
    }
}
