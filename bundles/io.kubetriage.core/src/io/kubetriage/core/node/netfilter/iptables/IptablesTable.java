package io.kubetriage.core.node.netfilter.iptables;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One table ({@code *nat} ... {@code COMMIT}) of a dump.
 *
 * @param name       {@code filter}, {@code nat}, {@code mangle}, {@code raw} or {@code security}
 * @param lineNumber the line of {@code *name}
 * @param commitLine the line of its {@code COMMIT}
 * @param chains     the chains by name, in declaration order
 */
public record IptablesTable(String name, int lineNumber, int commitLine, Map<String, IptablesChain> chains) {

    /** The chain, or null when the table does not declare it. */
    public IptablesChain chain(String chainName) {
        return chains.get(chainName);
    }

    /** Whether the table declares that chain (a target naming it is a jump, not an extension). */
    public boolean hasChain(String chainName) {
        return chains.containsKey(chainName);
    }

    /** The user chains (declared with policy {@code -}), in declaration order. */
    public List<IptablesChain> userChains() {
        List<IptablesChain> user = new ArrayList<>();
        for (IptablesChain c : chains.values()) {
            if (!c.builtIn()) {
                user.add(c);
            }
        }
        return user;
    }

    /** Every rule of every chain, chains in declaration order. */
    public List<IptablesRule> rules() {
        List<IptablesRule> all = new ArrayList<>();
        for (IptablesChain c : chains.values()) {
            all.addAll(c.rules());
        }
        return all;
    }

    public int ruleCount() {
        int n = 0;
        for (IptablesChain c : chains.values()) {
            n += c.rules().size();
        }
        return n;
    }
}
