package io.kubetriage.core.node.netfilter.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Loads kube-proxy-style chains into a real kernel through {@code iptables-restore} inside a
 * throw-away network namespace, reads them back with {@code iptables-save}, and parses them. Runs
 * only as root with {@code ip netns} available; otherwise it is skipped with the reason. The
 * namespace is always deleted.
 */
class IptablesRealNetnsTest {

    private static final long TIMEOUT_SECONDS = 20;

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

    @Test
    void legacyBackend() throws Exception {
        roundTrip("iptables-legacy-restore", "iptables-legacy-save", IptablesDump.Backend.LEGACY);
    }

    @Test
    void nftablesBackend() throws Exception {
        roundTrip("iptables-nft-restore", "iptables-nft-save", IptablesDump.Backend.NF_TABLES);
    }

    private void roundTrip(String restore, String save, IptablesDump.Backend backend) throws Exception {
        Assumptions.assumeTrue(System.getProperty("os.name", "").toLowerCase().contains("linux"), "not Linux");
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root (runs as "
                + System.getProperty("user.name") + ")");
        Assumptions.assumeTrue(onPath("ip") != null, "the ip command is not installed");
        Assumptions.assumeTrue(onPath(restore) != null, restore + " is not installed");
        Assumptions.assumeTrue(onPath(save) != null, save + " is not installed");

        String ns = "kubetriage-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 100000;
        Result add = run(List.of("ip", "netns", "add", ns), null);
        Assumptions.assumeTrue(add.code == 0, "cannot create a network namespace: " + add.output.strip());
        try {
            Result loaded = run(List.of("ip", "netns", "exec", ns, restore), RULES);
            Assumptions.assumeTrue(loaded.code == 0, restore + " failed in the namespace (kernel support missing?): "
                    + loaded.output.strip());
            Result saved = run(List.of("ip", "netns", "exec", ns, save, "-c"), null);
            assertEquals(0, saved.code, saved.output);

            IptablesDump dump = new IptablesSaveParser().parse(saved.output);
            assertEquals(backend, dump.backend(), saved.output.lines().findFirst().orElse(""));
            IptablesTable nat = dump.table("nat");
            assertNotNull(nat, saved.output);
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
        } finally {
            Result del = run(List.of("ip", "netns", "delete", ns), null);
            assertEquals(0, del.code, "could not delete namespace " + ns + ": " + del.output);
        }
    }

    private record Result(int code, String output) {
    }

    /** Runs a command with a time limit; stdout and stderr together. */
    private static Result run(List<String> command, String input) throws IOException, InterruptedException {
        Path out = Files.createTempFile("kubetriage-netns", ".out");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            try {
                if (input != null) {
                    p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
                }
                p.getOutputStream().close();
                if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                    return new Result(-1, String.join(" ", command) + " timed out after " + TIMEOUT_SECONDS + "s");
                }
            } finally {
                if (p.isAlive()) {
                    p.destroyForcibly();
                }
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static Path onPath(String program) {
        String path = System.getenv("PATH");
        List<String> dirs = new ArrayList<>(List.of((path == null ? "" : path).split(":")));
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
        for (String dir : dirs) {
            if (!dir.isEmpty()) {
                Path p = Path.of(dir, program);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return null;
    }
}
