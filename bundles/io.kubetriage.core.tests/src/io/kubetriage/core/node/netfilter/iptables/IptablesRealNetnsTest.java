package io.kubetriage.core.node.netfilter.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.kubetriage.test.support.NetnsIptables;

/**
 * Loads kube-proxy-style chains into a real kernel through {@code iptables-restore} inside a
 * throw-away network namespace ({@link NetnsIptables}), reads them back with {@code iptables-save},
 * and parses them. Runs only as root with {@code ip netns} available; otherwise it is skipped with
 * the reason. The namespace is always deleted.
 */
class IptablesRealNetnsTest {

    private static final String RULES = """
            *nat
            :PREROUTING ACCEPT [0:0]
            :INPUT ACCEPT [0:0]
            :OUTPUT ACCEPT [0:0]
            :POSTROUTING ACCEPT [0:0]
            :KUBE-MARK-MASQ - [0:0]
            :KUBE-SERVICES - [0:0]
            :KUBE-SVC-NPX46M4PTMTKRN6Y - [0:0]
            :KUBE-SEP-KXXNMGSOT5ZQKZTK - [0:0]
            :KUBE-SEP-7LKVE3RNTZ4VSE4A - [0:0]
            -A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
            -A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
            -A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000
            -A KUBE-SERVICES ! -s 10.233.64.0/18 -d 10.233.0.1/32 -p tcp -m comment --comment "default/kubernetes:https cluster IP" -m tcp --dport 443 -j KUBE-MARK-MASQ
            -A KUBE-SERVICES -d 10.233.0.1/32 -p tcp -m comment --comment "default/kubernetes:https cluster IP" -m tcp --dport 443 -j KUBE-SVC-NPX46M4PTMTKRN6Y
            -A KUBE-SVC-NPX46M4PTMTKRN6Y -m comment --comment "default/kubernetes:https" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-KXXNMGSOT5ZQKZTK
            -A KUBE-SVC-NPX46M4PTMTKRN6Y -m comment --comment "default/kubernetes:https" -j KUBE-SEP-7LKVE3RNTZ4VSE4A
            -A KUBE-SEP-KXXNMGSOT5ZQKZTK -s 192.168.10.11/32 -m comment --comment "default/kubernetes:https" -j KUBE-MARK-MASQ
            -A KUBE-SEP-KXXNMGSOT5ZQKZTK -p tcp -m comment --comment "default/kubernetes:https" -m tcp -j DNAT --to-destination 192.168.10.11:6443
            -A KUBE-SEP-7LKVE3RNTZ4VSE4A -s 192.168.10.12/32 -m comment --comment "default/kubernetes:https" -j KUBE-MARK-MASQ
            -A KUBE-SEP-7LKVE3RNTZ4VSE4A -p tcp -m comment --comment "default/kubernetes:https" -m tcp -j DNAT --to-destination 192.168.10.12:6443
            COMMIT
            *filter
            :INPUT ACCEPT [0:0]
            :FORWARD ACCEPT [0:0]
            :OUTPUT ACCEPT [0:0]
            :KUBE-SERVICES - [0:0]
            -A KUBE-SERVICES -d 10.233.12.40/32 -p tcp -m comment --comment "default/web:http has \\"no\\" endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable
            COMMIT
            """;

    @ParameterizedTest
    @EnumSource(NetnsIptables.Backend.class)
    void roundTrip(NetnsIptables.Backend tools) throws Exception {
        try (NetnsIptables ns = NetnsIptables.open(tools)) {
            ns.load(RULES);
            String saved = ns.save();

            IptablesDump dump = new IptablesSaveParser().parse(saved);
            assertEquals(IptablesDump.Backend.valueOf(tools.name()), dump.backend(),
                    saved.lines().findFirst().orElse(""));
            IptablesTable nat = dump.table("nat");
            assertNotNull(nat, saved);
            assertTrue(nat.hasChain("KUBE-SVC-NPX46M4PTMTKRN6Y"));
            assertEquals(2, nat.chain("KUBE-SVC-NPX46M4PTMTKRN6Y").rules().size());
            IptablesRule toSvc = nat.chain("KUBE-SERVICES").rules().get(1);
            assertEquals("10.233.0.1/32", toSvc.destination().value());
            assertEquals("443", toSvc.destinationPort().value());
            assertEquals("default/kubernetes:https cluster IP", toSvc.comment());
            assertNotNull(toSvc.counters());
            assertEquals(0.5, nat.chain("KUBE-SVC-NPX46M4PTMTKRN6Y").rules().get(0).probability(), 1e-9);
            List<String> dnat = new ArrayList<>();
            for (String sep : List.of("KUBE-SEP-KXXNMGSOT5ZQKZTK", "KUBE-SEP-7LKVE3RNTZ4VSE4A")) {
                for (IptablesRule r : nat.chain(sep).rules()) {
                    if ("DNAT".equals(r.targetName())) {
                        dnat.add(r.target().value("to-destination"));
                    }
                }
            }
            assertEquals(List.of("192.168.10.11:6443", "192.168.10.12:6443"), dnat);
            IptablesRule reject = dump.chain("filter", "KUBE-SERVICES").rules().get(0);
            assertEquals("default/web:http has \"no\" endpoints", reject.comment());
            assertEquals("icmp-port-unreachable", reject.target().value("reject-with"));
        }
    }
}
