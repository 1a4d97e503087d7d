package io.kubetriage.core.node.netfilter.iptables;

import java.util.List;
import java.util.Map;

import io.kubetriage.core.node.netfilter.internal.SourceLines;

/**
 * A parsed {@code iptables-save} or {@code ip6tables-save} dump. It keeps the raw lines, so the line
 * behind any rule can be shown.
 *
 * @param generator the program and version of the header comment ({@code iptables-save v1.8.9}), or
 *                  null when the dump has no header
 * @param backend   the back-end named in the header
 * @param family    IPv4 or IPv6, from the header or else from the addresses in the rules
 * @param tables    the tables by name, in dump order
 * @param lines     the raw lines (index 0 is line 1), without line ends
 */
public record IptablesDump(String generator, Backend backend, Family family, Map<String, IptablesTable> tables,
        List<String> lines) {

    /** The packet filter implementation that {@code iptables-save} read from. */
    public enum Backend {
        /** {@code (nf_tables)}: iptables-nft. */
        NF_TABLES,
        /**
         * {@code (legacy)}, or a header without a back-end: the x_tables kernel interface (legacy
         * iptables-save 1.8.9 writes no marker; only iptables-nft always marks its header).
         */
        LEGACY,
        /** No header, or a header that names neither. */
        UNKNOWN
    }

    public enum Family {
        IPV4,
        IPV6,
        UNKNOWN
    }

    /** The table, or null when the dump has none by that name. */
    public IptablesTable table(String name) {
        return tables.get(name);
    }

    /** The chain of a table, or null. */
    public IptablesChain chain(String table, String chain) {
        IptablesTable t = tables.get(table);
        return t == null ? null : t.chain(chain);
    }

    /** The raw text of a 1-based line, or null when out of range. */
    public String line(int lineNumber) {
        return lineNumber >= 1 && lineNumber <= lines.size() ? lines.get(lineNumber - 1) : null;
    }

    /** The raw text of the whole dump. */
    public String rawText() {
        if (lines instanceof SourceLines source) {
            return source.text();
        }
        return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
    }

    public int chainCount() {
        int n = 0;
        for (IptablesTable t : tables.values()) {
            n += t.chains().size();
        }
        return n;
    }

    public int ruleCount() {
        int n = 0;
        for (IptablesTable t : tables.values()) {
            n += t.ruleCount();
        }
        return n;
    }

    /** Whether the dump holds no table at all, as printed when no rules were ever loaded. */
    public boolean isEmpty() {
        return tables.isEmpty();
    }
}
