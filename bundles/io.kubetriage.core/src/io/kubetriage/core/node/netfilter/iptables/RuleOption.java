package io.kubetriage.core.node.netfilter.iptables;

import java.util.List;

/**
 * One option of a rule: a basic match ({@code -p tcp}, stored under its long name such as
 * {@code protocol}), a match module's option ({@code --dport 443}, stored as {@code dport}), or a
 * target's option ({@code --to-destination 10.0.0.5:6443}).
 *
 * @param name    the option's long name without dashes ({@code protocol}, {@code source},
 *                {@code destination}, {@code in-interface}, {@code out-interface},
 *                {@code fragment} for the basic matches)
 * @param negated whether it was written with {@code !}
 * @param values  the words after the option, unquoted; empty for switches such as {@code --rcheck}
 */
public record RuleOption(String name, boolean negated, List<String> values) {

    /** The first value, or null for a switch. */
    public String value() {
        return values.isEmpty() ? null : values.get(0);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        if (negated) {
            s.append("! ");
        }
        s.append("--").append(name);
        for (String v : values) {
            s.append(' ').append(v);
        }
        return s.toString();
    }
}
