package io.kubetriage.core.node.netfilter.iptables;

import java.util.List;

/**
 * A match module of a rule, {@code -m NAME} and its options, e.g. {@code -m comment --comment
 * "default/kubernetes:https cluster IP"} or {@code -m statistic --mode random --probability 0.5}.
 * Options written without a {@code -m} (the implicit protocol match of {@code -p tcp --dport 80})
 * are kept under a module named after the protocol.
 */
public record MatchModule(String name, List<RuleOption> options) {

    /** The option with that name (without dashes), or null. */
    public RuleOption option(String optionName) {
        for (RuleOption o : options) {
            if (o.name().equals(optionName)) {
                return o;
            }
        }
        return null;
    }

    /** The first value of the option, or null when absent. */
    public String value(String optionName) {
        RuleOption o = option(optionName);
        return o == null ? null : o.value();
    }
}
