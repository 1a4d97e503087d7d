package io.kubetriage.core.node.netfilter.iptables;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.kubetriage.core.node.netfilter.internal.DumpText;

/**
 * One {@code -A CHAIN ...} line of an {@code iptables-save} dump.
 *
 * <p>The line was checked completely when the dump was parsed; its matches, modules and target
 * are split into objects the first time they are asked for (a kube-proxy dump can hold a million
 * rules, of which a check looks at a few). Instances are immutable and safe to share.
 */
public final class IptablesRule {

    /** The parts of the rule, built on first use. */
    record Details(List<RuleOption> matches, List<MatchModule> modules, RuleTarget target) {
    }

    private final int lineNumber;
    private final DumpText text;
    private final int start;
    private final int end;
    private final String chain;
    private final Counters counters;
    private volatile Details details;

    /**
     * @param lineNumber 1-based line in the dump
     * @param text       the dump's text, holding the line from start to end
     * @param chain      the chain it is appended to
     * @param counters   the counters when saved with {@code -c}, else null
     */
    IptablesRule(int lineNumber, DumpText text, int start, int end, String chain, Counters counters) {
        this.lineNumber = lineNumber;
        this.text = Objects.requireNonNull(text, "text");
        this.start = start;
        this.end = end;
        this.chain = Objects.requireNonNull(chain, "chain");
        this.counters = counters;
    }

    /** 1-based line in the dump. */
    public int lineNumber() {
        return lineNumber;
    }

    /** The line as written. */
    public String raw() {
        return text.substring(start, end);
    }

    /** The chain the rule is appended to. */
    public String chain() {
        return chain;
    }

    /** The counters when saved with {@code -c}, else null. */
    public Counters counters() {
        return counters;
    }

    /**
     * The basic matches ({@code protocol}, {@code source}, {@code destination},
     * {@code in-interface}, {@code out-interface}, {@code fragment}) in order.
     */
    public List<RuleOption> matches() {
        return details().matches();
    }

    /** The match modules in order. */
    public List<MatchModule> modules() {
        return details().modules();
    }

    /** The target, or null for a rule without one (it only counts packets). */
    public RuleTarget target() {
        return details().target();
    }

    private Details details() {
        Details d = details;
        if (d == null) {
            d = IptablesSaveParser.details(text, start, end, lineNumber);
            details = d;
        }
        return d;
    }

    /** The basic match with that long name ({@code protocol}, {@code destination}, ...), or null. */
    public RuleOption match(String name) {
        for (RuleOption o : matches()) {
            if (o.name().equals(name)) {
                return o;
            }
        }
        return null;
    }

    /** {@code -p}, or null. */
    public RuleOption protocol() {
        return match("protocol");
    }

    /** {@code -s}, or null. */
    public RuleOption source() {
        return match("source");
    }

    /** {@code -d}, or null. */
    public RuleOption destination() {
        return match("destination");
    }

    /** The first match module with that name, or null. */
    public MatchModule module(String name) {
        for (MatchModule m : modules()) {
            if (m.name().equals(name)) {
                return m;
            }
        }
        return null;
    }

    /** Every match module with that name (a rule may use one module twice). */
    public List<MatchModule> modules(String name) {
        List<MatchModule> found = new ArrayList<>(1);
        for (MatchModule m : modules()) {
            if (m.name().equals(name)) {
                found.add(m);
            }
        }
        return found;
    }

    /** The value of {@code -m comment --comment}, or null. */
    public String comment() {
        MatchModule m = module("comment");
        return m == null ? null : m.value("comment");
    }

    /**
     * The destination port match: {@code --dport}/{@code --destination-port} of any module, or
     * {@code --dports} of {@code multiport}; null when the rule has none.
     */
    public RuleOption destinationPort() {
        for (MatchModule m : modules()) {
            for (RuleOption o : m.options()) {
                switch (o.name()) {
                    case "dport", "destination-port", "dports", "destination-ports" -> {
                        return o;
                    }
                    default -> {
                        // not a destination port
                    }
                }
            }
        }
        return null;
    }

    /** The probability of {@code -m statistic --mode random --probability P}, or 1. */
    public double probability() {
        MatchModule m = module("statistic");
        if (m == null || !"random".equals(m.value("mode"))) {
            return 1.0;
        }
        String p = m.value("probability");
        try {
            return p == null ? 1.0 : Double.parseDouble(p);
        } catch (NumberFormatException e) {
            return 1.0;
        }
    }

    /** The target's name, or null when the rule has none. */
    public String targetName() {
        RuleTarget t = target();
        return t == null ? null : t.name();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IptablesRule r && r.lineNumber == lineNumber && r.chain.equals(chain) && r.raw().equals(raw());
    }

    @Override
    public int hashCode() {
        return chain.hashCode() * 31 + lineNumber;
    }

    @Override
    public String toString() {
        return lineNumber + ": " + raw();
    }
}
