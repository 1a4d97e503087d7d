package io.kubetriage.core.node.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import io.kubetriage.core.node.NodeDataFormatException;
import io.kubetriage.core.node.netfilter.iptables.IptablesDump;
import io.kubetriage.core.node.netfilter.iptables.IptablesSaveParser;
import io.kubetriage.core.node.netfilter.ipvs.IpvsTable;
import io.kubetriage.core.node.netfilter.ipvs.IpvsadmParser;

/**
 * Not a test: times plain line reading against parsing, on a generated 1M-line kube-proxy
 * iptables-save dump and a 100k-service ipvsadm dump. Run with releng/scripts/bench-node-parse.sh.
 * The goal is parsing at no less than half the speed of reading the lines.
 *
 * <p>Each side is timed by the wall clock and by the CPU time of the thread that runs it; on a
 * machine busy with other work the CPU times are the steadier figure (they leave out the time the
 * thread waits for a core, and the work of the collector's and compiler's threads).
 */
public final class NodeParseBenchmark {

    private static final int WARM_UP_ROUNDS = 2;
    private static final int ROUNDS = 7;

    private NodeParseBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("kubetriage-bench");
        Path iptables = dir.resolve("iptables-save.txt");
        Path ipvs = dir.resolve("ipvsadm-Ln.txt");
        long lines = writeIptables(iptables, 1_000_000);
        long ipvsLines = writeIpvs(ipvs, 100_000);
        System.out.printf(Locale.ROOT, "files in %s: iptables-save %d lines (%d MB), ipvsadm %d lines (%d MB)%n", dir,
                lines, Files.size(iptables) >> 20, ipvsLines, Files.size(ipvs) >> 20);
        compare("iptables-save", iptables, lines, () -> {
            IptablesDump d = new IptablesSaveParser().parse(iptables);
            return d.ruleCount();
        });
        compare("ipvsadm -Ln", ipvs, ipvsLines, () -> {
            // from the file, as the iptables side: both sides read and decode the same bytes
            IpvsTable t = new IpvsadmParser().parse(ipvs);
            return t.realServerCount();
        });
    }

    private interface Parse {
        long run() throws IOException, NodeDataFormatException;
    }

    private static void compare(String name, Path file, long lines, Parse parse) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        boolean cpu = threads.isCurrentThreadCpuTimeSupported();
        long bestRead = Long.MAX_VALUE;
        long bestParse = Long.MAX_VALUE;
        long bestReadCpu = Long.MAX_VALUE;
        long bestParseCpu = Long.MAX_VALUE;
        long sink = 0;
        for (int round = 0; round < WARM_UP_ROUNDS + ROUNDS; round++) {
            // each side starts on a collected heap, so neither pays for the garbage of the other
            // (or of an earlier round), and alternates with the other so both see the same caches
            System.gc();
            long c0 = cpu ? threads.getCurrentThreadCpuTime() : 0;
            long t0 = System.nanoTime();
            try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                while ((line = r.readLine()) != null) {
                    sink += line.length();
                }
            }
            long t1 = System.nanoTime();
            long c1 = cpu ? threads.getCurrentThreadCpuTime() : 0;
            System.gc();
            long c2 = cpu ? threads.getCurrentThreadCpuTime() : 0;
            long t2 = System.nanoTime();
            sink += parse.run();
            long t3 = System.nanoTime();
            long c3 = cpu ? threads.getCurrentThreadCpuTime() : 0;
            if (round >= WARM_UP_ROUNDS) {
                bestRead = Math.min(bestRead, t1 - t0);
                bestParse = Math.min(bestParse, t3 - t2);
                bestReadCpu = Math.min(bestReadCpu, c1 - c0);
                bestParseCpu = Math.min(bestParseCpu, c3 - c2);
            }
        }
        double readRate = lines / (bestRead / 1e9);
        double parseRate = lines / (bestParse / 1e9);
        System.out.printf(Locale.ROOT, "%-14s read %,12.0f lines/s (%6.0f ms)   parse %,12.0f lines/s (%6.0f ms)   "
                + "parse/read %.0f%%   [best of %d; %d]%n", name, readRate, bestRead / 1e6, parseRate, bestParse / 1e6,
                100 * parseRate / readRate, ROUNDS, sink % 10);
        if (cpu) {
            System.out.printf(Locale.ROOT, "%-14s CPU time of the thread: read %6.0f ms, parse %6.0f ms   parse/read %.0f%%%n",
                    "", bestReadCpu / 1e6, bestParseCpu / 1e6, 100.0 * bestReadCpu / bestParseCpu);
        }
    }

    /** A kube-proxy 1.20 style dump: per Service 2 KUBE-SERVICES rules, a KUBE-SVC chain, 3 KUBE-SEP chains. */
    static long writeIptables(Path file, long targetLines) throws IOException {
        long lines = 0;
        // 13 lines per Service: 4 declarations, 2 KUBE-SERVICES rules, 3 KUBE-SVC rules... computed below
        int services = (int) (targetLines / 14);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("# Generated by iptables-save v1.8.9 (nf_tables) on Tue Mar  5 09:12:44 2024\n*nat\n");
            w.write(":PREROUTING ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:KUBE-SERVICES - [0:0]\n:KUBE-MARK-MASQ - [0:0]\n");
            lines += 6;
            for (int s = 0; s < services; s++) {
                w.write(":KUBE-SVC-" + id(s, 0) + " - [0:0]\n");
                for (int e = 1; e <= 3; e++) {
                    w.write(":KUBE-SEP-" + id(s, e) + " - [0:0]\n");
                }
                lines += 4;
            }
            w.write("[1:60] -A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n");
            w.write("[1:60] -A OUTPUT -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n");
            w.write("[0:0] -A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000\n");
            lines += 3;
            for (int s = 0; s < services; s++) {
                String ip = "10." + (96 + (s >> 16)) + "." + (s >> 8 & 0xFF) + "." + (s & 0xFF);
                String svc = "ns" + (s % 97) + "/svc-" + s + ":http";
                w.write("[0:0] -A KUBE-SERVICES ! -s 10.244.0.0/16 -d " + ip + "/32 -p tcp -m comment --comment \""
                        + svc + " cluster IP\" -m tcp --dport 80 -j KUBE-MARK-MASQ\n");
                w.write("[12:720] -A KUBE-SERVICES -d " + ip + "/32 -p tcp -m comment --comment \"" + svc
                        + " cluster IP\" -m tcp --dport 80 -j KUBE-SVC-" + id(s, 0) + "\n");
                w.write("[4:240] -A KUBE-SVC-" + id(s, 0) + " -m comment --comment \"" + svc
                        + "\" -m statistic --mode random --probability 0.33333333349 -j KUBE-SEP-" + id(s, 1) + "\n");
                w.write("[4:240] -A KUBE-SVC-" + id(s, 0) + " -m comment --comment \"" + svc
                        + "\" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-" + id(s, 2) + "\n");
                w.write("[4:240] -A KUBE-SVC-" + id(s, 0) + " -m comment --comment \"" + svc + "\" -j KUBE-SEP-"
                        + id(s, 3) + "\n");
                lines += 5;
                for (int e = 1; e <= 3; e++) {
                    String pod = "10.244." + (s % 250) + "." + (e * 10 + s % 7);
                    w.write("[0:0] -A KUBE-SEP-" + id(s, e) + " -s " + pod + "/32 -m comment --comment \"" + svc
                            + "\" -j KUBE-MARK-MASQ\n");
                    w.write("[4:240] -A KUBE-SEP-" + id(s, e) + " -p tcp -m comment --comment \"" + svc
                            + "\" -m tcp -j DNAT --to-destination " + pod + ":8080\n");
                    lines += 2;
                }
            }
            w.write("COMMIT\n# Completed on Tue Mar  5 09:12:44 2024\n");
            lines += 2;
        }
        return lines;
    }

    /** {@code ipvsadm -Ln}: services with two real servers each. */
    static long writeIpvs(Path file, int services) throws IOException {
        long lines = 3;
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("IP Virtual Server version 1.2.1 (size=4096)\nProt LocalAddress:Port Scheduler Flags\n"
                    + "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n");
            for (int s = 0; s < services; s++) {
                String ip = "10." + (96 + (s >> 16)) + "." + (s >> 8 & 0xFF) + "." + (s & 0xFF);
                w.write("TCP  " + ip + ":80 rr\n");
                w.write("  -> 10.244." + (s % 250) + "." + (s % 200 + 2) + ":8080          Masq    1      0          0\n");
                w.write("  -> 10.245." + (s % 250) + "." + (s % 200 + 2) + ":8080          Masq    1      3          12\n");
                lines += 3;
            }
        }
        return lines;
    }

    private static String id(int service, int endpoint) {
        // 16 characters like kube-proxy's hashes
        long h = (service * 4L + endpoint) * 0x9E3779B97F4A7C15L;
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            s.append((char) ('A' + (int) ((h >>> (i * 4)) & 0xF) + (i % 2 == 0 ? 0 : 10) % 26));
        }
        return s.toString();
    }
}
