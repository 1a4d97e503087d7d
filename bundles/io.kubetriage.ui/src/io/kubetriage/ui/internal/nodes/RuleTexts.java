package io.kubetriage.ui.internal.nodes;

import java.util.regex.Pattern;

import io.kubetriage.core.node.netfilter.iptables.IptablesRule;
import io.kubetriage.core.node.netfilter.iptables.RuleTarget;

/** The texts of an iptables rule in the rules table: a readable summary and its target. */
final class RuleTexts {

    private static final Pattern COMMENT = Pattern.compile("\\s*-m comment --comment (\"(?:[^\"\\\\]|\\\\.)*\"|\\S+)");
    private static final Pattern COUNTERS = Pattern.compile("^\\[\\d+:\\d+\\]\\s*");

    private RuleTexts() {
    }

    /**
     * The rule without its chain, counters and target, its comment first:
     * {@code "default/kubernetes:https cluster IP"  -d 10.233.0.1/32 -p tcp -m tcp --dport 443}.
     */
    static String summary(IptablesRule rule) {
        String raw = COUNTERS.matcher(rule.raw()).replaceFirst("");
        String prefix = "-A " + rule.chain();
        String body = raw.startsWith(prefix) ? raw.substring(prefix.length()) : raw;
        int target = Math.max(body.lastIndexOf(" -j "), body.lastIndexOf(" -g "));
        if (target >= 0 && rule.targetName() != null) {
            body = body.substring(0, target);
        }
        String comment = rule.comment();
        body = COMMENT.matcher(body).replaceAll("").strip();
        if (comment == null) {
            return body;
        }
        return "\"" + comment + "\"" + (body.isEmpty() ? "" : "  " + body);
    }

    /** {@code KUBE-SEP-X}, {@code DNAT → 10.233.64.5:53}, {@code goto KUBE-X}, or empty. */
    static String target(IptablesRule rule) {
        RuleTarget t = rule.target();
        if (t == null) {
            return "";
        }
        String to = t.value("to-destination");
        if (to != null) {
            return t.name() + " → " + to;
        }
        return (t.goTo() ? "goto " : "") + t.name();
    }

    /** Whether a chain is one of kube-proxy's per-Service chains, followed when filtering. */
    static boolean isServiceChain(String chain) {
        return chain.startsWith("KUBE-SVC-") || chain.startsWith("KUBE-SEP-") || chain.startsWith("KUBE-FW-")
                || chain.startsWith("KUBE-EXT-") || chain.startsWith("KUBE-XLB-") || chain.startsWith("KUBE-SVL-");
    }
}
