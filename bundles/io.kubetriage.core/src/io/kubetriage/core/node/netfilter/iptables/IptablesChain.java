package io.kubetriage.core.node.netfilter.iptables;

import java.util.List;

/**
 * A chain declared by a {@code :NAME POLICY [PACKETS:BYTES]} line, with its rules in order.
 *
 * @param name       the chain's name
 * @param policy     {@code ACCEPT} or {@code DROP} for built-in chains; null for user chains
 *                   (written {@code -})
 * @param counters   the policy counters, or null when not written
 * @param lineNumber the line of the declaration
 * @param rules      the rules in order
 */
public record IptablesChain(String name, String policy, Counters counters, int lineNumber, List<IptablesRule> rules) {

    /** Whether this is a built-in chain (it has a policy), such as PREROUTING. */
    public boolean builtIn() {
        return policy != null;
    }
}
