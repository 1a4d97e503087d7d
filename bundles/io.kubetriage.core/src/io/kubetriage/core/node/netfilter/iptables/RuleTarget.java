package io.kubetriage.core.node.netfilter.iptables;

import java.util.List;

/**
 * What a rule does when it matches: {@code -j NAME} (or {@code -g NAME}) and the target's options,
 * e.g. {@code DNAT --to-destination 10.0.0.5:6443}, {@code MARK --set-xmark 0x4000/0x4000},
 * {@code MASQUERADE}, {@code RETURN}, or a user chain.
 *
 * @param name    the target or chain name
 * @param goTo    true for {@code -g} (goto: no return to the calling chain)
 * @param options the target's options in order
 */
public record RuleTarget(String name, boolean goTo, List<RuleOption> options) {

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
