package io.kubetriage.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CTabFolder;
import org.eclipse.swt.custom.CTabItem;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;

import io.kubetriage.core.node.section.NodeData;
import io.kubetriage.core.node.section.NodeFiles;
import io.kubetriage.core.snapshot.ApiObject;
import io.kubetriage.core.snapshot.Snapshot;
import io.kubetriage.core.snapshot.store.SnapshotStore;
import io.kubetriage.test.support.ui.UiWait;
import io.kubetriage.test.support.ui.Widgets;
import io.kubetriage.ui.internal.nodes.NodeDiagnosis;
import io.kubetriage.ui.internal.nodes.NodeIds;
import io.kubetriage.ui.internal.nodes.NodeNetworkingView;
import io.kubetriage.ui.internal.nodes.NodeSnapshot;
import io.kubetriage.ui.internal.nodes.NodeSnapshot.RuleRow;
import io.kubetriage.ui.internal.nodes.ShowNodeNetworkingHandler;
import io.kubetriage.ui.internal.snapshots.SnapshotLibrary;

/**
 * Times the Node Networking view on one node with many IPVS virtual services and iptables rules:
 * open to first rows shown, scroll to the last row, filter the rules, switch to the iptables tab and
 * follow KUBE-SERVICES → KUBE-SVC → KUBE-SEP, and the heap used once loaded. Not a test (its name
 * does not end in Test, so the normal build skips it): {@code releng/scripts/bench-node-view.sh}
 * runs it with {@code -Dtest=NodeViewBenchmark} and prints the figures.
 * <p>
 * The sizes are the virtual services of the node, {@code 1000,100000} unless the environment
 * variable {@code KUBETRIAGE_BENCH_ROWS} lists others; the iptables dump has about as many rules
 * (8 per Service port, kube-proxy 1.20 style). Four Services in five have their Service and
 * Endpoints objects in the snapshot. Every wait runs the event loop on the UI thread
 * ({@link UiWait}); a row counts as shown once the table asked for its data ({@code SWT.SetData})
 * and the table has painted. The figures go to standard output and, when
 * {@code KUBETRIAGE_BENCH_OUT} names a file, to that file too.
 */
class NodeViewBenchmark {

    private static final Duration WAIT = Duration.ofMinutes(30);
    private static final String NODE = "node-1";
    private static final int COL_SERVICE = 7;
    private static final int RULE_COL_TARGET = 4;

    private Display display;
    private IWorkbenchPage page;
    private SnapshotLibrary library;
    private final StringBuilder report = new StringBuilder();
    private int scrollAttempts;

    @Test
    void nodeNetworkingViewWithManyRows() throws Exception {
        display = PlatformUI.getWorkbench().getDisplay();
        page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        library = SnapshotLibrary.getDefault();
        String sizes = System.getenv().getOrDefault("KUBETRIAGE_BENCH_ROWS", "1000,100000");
        print("Node Networking view benchmark: " + Runtime.getRuntime().availableProcessors() + " cores, Java "
                + Runtime.version() + ", max heap " + mb(Runtime.getRuntime().maxMemory()) + " MB");
        run(Integer.parseInt(sizes.split(",")[0].strip()), false); // warm-up, not reported
        for (String size : sizes.split(",")) {
            run(Integer.parseInt(size.strip()), true);
        }
        String out = System.getenv("KUBETRIAGE_BENCH_OUT");
        if (out != null && !out.isBlank()) {
            Files.writeString(Path.of(out), report, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
        }
    }

    private void run(int services, boolean reported) throws Exception {
        String cluster = "bench-nodes-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Long> times = new LinkedHashMap<>();
        try {
            long heapBefore = usedHeap();
            BenchData data = new BenchData(services);
            long t = System.nanoTime();
            Snapshot snapshot = data.snapshot(cluster);
            Path file = library.add(snapshot);
            snapshot = null;
            times.put("generate and write the snapshot", System.nanoTime() - t);
            UiWait.until(display, "the library's jobs", WAIT,
                    () -> Job.getJobManager().find(SnapshotLibrary.JOB_FAMILY).length == 0);

            // ---------------------------------------------------------- open: IPVS rows shown
            Rendered ipvsRendered = new Rendered();
            t = System.nanoTime();
            NodeNetworkingView view = ShowNodeNetworkingHandler.show(page, SnapshotLibrary.entry(file));
            Tree ipvs = (Tree) Widgets.find(display, NodeIds.IPVS_TREE);
            ipvs.addListener(SWT.SetData, ipvsRendered);
            ipvsRendered.expect(0);
            UiWait.until(display, "the IPVS rows shown", WAIT,
                    () -> view.shownNode() != null && ipvs.getItemCount() == services && ipvsRendered.seen(),
                    () -> ipvs.getItemCount() + " rows; " + ((Label) Widgets.find(display, NodeIds.IPVS_HEADER)).getText());
            ipvs.update();
            times.put("open → IPVS rows shown", System.nanoTime() - t);
            int filledOnOpen = ipvsRendered.count;
            UiWait.until(display, "the findings marked", WAIT, () -> !view.isDiagnosing());
            ipvs.update();
            times.put("open → rows marked with the diagnosis's findings", System.nanoTime() - t);
            assertTrue(!ipvs.getItem(0).getText(COL_SERVICE).isEmpty(), "the Service column is filled");
            long heapLoaded = usedHeap();

            // ---------------------------------------------------------- scroll to the last IPVS row
            ipvsRendered.expect(services - 1);
            t = System.nanoTime();
            TreeItem last = ipvs.getItem(services - 1);
            // should GTK land a programmatic scroll short, scroll again as a user would; the figure
            // names the attempts when there was more than one
            int attempts = 0;
            boolean shown = false;
            while (!shown && attempts < 20) {
                attempts++;
                ipvs.setTopItem(last);
                ipvs.showItem(last);
                shown = UiWait.within(display, Duration.ofSeconds(3), () -> ipvsRendered.seen()
                        || last.getData() != null && ipvs.getTopItem() != null && ipvs.indexOf(ipvs.getTopItem()) > 0);
            }
            assertTrue(shown, "the last IPVS row shown; top item "
                    + (ipvs.getTopItem() == null ? null : ipvs.indexOf(ipvs.getTopItem())));
            scrollAttempts = attempts;
            ipvs.update();
            times.put("scroll to the last IPVS row" + (scrollAttempts == 1 ? "" : " (" + scrollAttempts + " attempts)"),
                    System.nanoTime() - t);
            int filledAfterScroll = ipvsRendered.count;

            // ---------------------------------------------------------- the iptables tab
            CTabFolder tabs = (CTabFolder) Widgets.find(display, NodeIds.TABS);
            Table rules = (Table) Widgets.find(display, NodeIds.IPTABLES_RULES);
            Rendered rulesRendered = new Rendered();
            rules.addListener(SWT.SetData, rulesRendered);
            rulesRendered.expect(0);
            t = System.nanoTime();
            for (CTabItem tab : tabs.getItems()) {
                if (tab.getText().equals(NodeIds.TAB_IPTABLES)) {
                    tabs.setSelection(tab);
                }
            }
            // the hidden table may have filled its first rows already: then being visible is enough
            UiWait.until(display, "the first rules shown", WAIT, () -> rulesRendered.seen() || shownFilled(rules, 0));
            rules.update();
            times.put("switch to the iptables tab → rules shown", System.nanoTime() - t);
            assertEquals(data.ruleCount(), rules.getItemCount(), "every rule is a row");

            int lastRule = rules.getItemCount() - 1;
            rulesRendered.expect(lastRule);
            t = System.nanoTime();
            rules.setSelection(lastRule);
            rules.showSelection();
            // the table may have filled the row before it scrolled there: then scrolled is enough
            UiWait.until(display, "the last rule shown", Duration.ofMinutes(2),
                    () -> rulesRendered.seen() || shownFilled(rules, lastRule), () -> "top index " + rules.getTopIndex());
            rules.update();
            times.put("scroll to the last rule", System.nanoTime() - t);

            // ---------------------------------------------------------- filters (include the 250 ms typing pause)
            Text filter = (Text) Widgets.find(display, NodeIds.IPTABLES_FILTER);
            Label status = (Label) Widgets.find(display, NodeIds.IPTABLES_STATUS);
            int probe = data.probePort();
            Map<String, String> filters = new LinkedHashMap<>();
            filters.put("Service name", data.serviceName(probe / 2));
            filters.put("ClusterIP", data.clusterIp(probe / 2));
            filters.put("chain", data.svcChain(probe));
            for (Map.Entry<String, String> f : filters.entrySet()) {
                rulesRendered.expectAny();
                t = System.nanoTime();
                filter.setText(f.getValue());
                String matching = "matching '" + f.getValue().toLowerCase(java.util.Locale.ROOT) + "'";
                UiWait.until(display, "the rules filtered by " + f.getValue(), WAIT,
                        () -> status.getText().contains(matching) && rulesRendered.seen(), status::getText);
                rules.update();
                times.put("filter by " + f.getKey() + " '" + f.getValue() + "' → " + rules.getItemCount() + " rules shown",
                        System.nanoTime() - t);
                assertTrue(rules.getItemCount() > 0 && rules.getItemCount() < data.ruleCount(), status.getText());
                assertTrue(view.shownRules().stream().anyMatch(r -> r.rule().chain().startsWith("KUBE-SEP-")),
                        "the filter follows the Service chains: " + status.getText());
            }

            // ---------------------------------------------------------- KUBE-SERVICES → KUBE-SVC → KUBE-SEP
            rulesRendered.expectAny();
            t = System.nanoTime();
            assertTrue(view.openChain("nat", "KUBE-SERVICES"));
            UiWait.until(display, "the KUBE-SERVICES chain shown", WAIT, rulesRendered::seen);
            rules.update();
            times.put("open chain KUBE-SERVICES (" + rules.getItemCount() + " rules)", System.nanoTime() - t);

            t = System.nanoTime();
            int jump = lastJumpTo(view.shownRules(), "KUBE-SVC-");
            follow(rules, rulesRendered, jump);
            UiWait.until(display, "a KUBE-SVC chain shown", WAIT,
                    () -> view.shownChain() != null && view.shownChain().startsWith("nat/KUBE-SVC-") && rulesRendered.seen(),
                    view::shownChain);
            rules.update();
            times.put("double-click → KUBE-SVC chain shown", System.nanoTime() - t);

            t = System.nanoTime();
            follow(rules, rulesRendered, lastJumpTo(view.shownRules(), "KUBE-SEP-"));
            UiWait.until(display, "a KUBE-SEP chain shown", WAIT,
                    () -> view.shownChain() != null && view.shownChain().startsWith("nat/KUBE-SEP-") && rulesRendered.seen(),
                    view::shownChain);
            rules.update();
            times.put("double-click → KUBE-SEP chain shown", System.nanoTime() - t);
            assertTrue(rules.getItem(rules.getItemCount() - 1).getText(RULE_COL_TARGET).startsWith("DNAT"),
                    "the endpoint's DNAT rule");

            // ---------------------------------------------------------- what the load job spends its time on
            Map<String, Long> headless = headless(file);
            if (reported) {
                print("");
                print(String.format("%,d IPVS virtual services (%,d real servers), %,d iptables rules in %,d chains,"
                        + " %,d Service ports with API objects; snapshot %,d KB", services, 2L * services,
                        data.ruleCount(), data.chainCount(), data.servicePortsWithObjects(), Files.size(file) / 1024));
                times.forEach((what, nanos) -> print(String.format("  %-72s %9.3f s", what, nanos / 1e9)));
                print(String.format("  %-72s %,9d MB", "heap used after load (after GC; before the snapshot: "
                        + mb(heapBefore) + " MB)", mb(heapLoaded)));
                print(String.format("  %-72s %,9d", "IPVS rows filled (SetData) on open / after the scroll", filledOnOpen)
                        + " / " + filledAfterScroll);
                print("  the load job, headless:");
                headless.forEach((what, nanos) -> print(String.format("    %-70s %9.3f s", what, nanos / 1e9)));
            }
        } finally {
            cleanUp(cluster);
        }
    }

    /** The parts of the view's jobs (read, parse the node, diagnose), timed one by one off the UI. */
    private static Map<String, Long> headless(Path file) throws Exception {
        Map<String, Long> times = new LinkedHashMap<>();
        long t = System.nanoTime();
        Snapshot snapshot = SnapshotStore.read(file);
        times.put("read the snapshot file", System.nanoTime() - t);
        t = System.nanoTime();
        NodeSnapshot nodes = NodeSnapshot.of(snapshot, NodeIds.DEFAULT_SERVICE_CIDR);
        times.put("node sections and Services (NodeSnapshot.of)", System.nanoTime() - t);
        t = System.nanoTime();
        nodes.parse(NODE);
        times.put("parse the node and build its rows (NodeSnapshot.parse)", System.nanoTime() - t);
        t = System.nanoTime();
        NodeDiagnosis.of(nodes);
        times.put("diagnosis, every phase (the node parsed already, as in the view)", System.nanoTime() - t);
        return times;
    }

    /** Whether a row of a visible table is in view and already has its data (without asking for it). */
    private static boolean shownFilled(Table table, int index) {
        if (!table.isVisible() || index < table.getTopIndex()) {
            return false;
        }
        org.eclipse.swt.widgets.TableItem item = table.getItem(index);
        return item.getData() != null && item.getBounds().y < table.getClientArea().height;
    }

    private static int lastJumpTo(List<RuleRow> rows, String prefix) {
        for (int i = rows.size() - 1; i >= 0; i--) {
            String target = rows.get(i).rule().targetName();
            if (target != null && target.startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no rule jumps to " + prefix + "*");
    }

    /** What double-clicking a rule does. */
    private static void follow(Table rules, Rendered rendered, int index) {
        rendered.expectAny();
        rules.setSelection(index);
        rules.notifyListeners(SWT.DefaultSelection, new Event());
    }

    private void cleanUp(String cluster) throws IOException {
        TestCluster.cleanUp(display, page, library, cluster, WAIT, List.of(NodeIds.JOB_FAMILY), List.of(NodeIds.VIEW_ID));
        UiWait.settle(display);
    }

    private void print(String line) {
        System.out.println(line);
        report.append(line).append('\n');
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long mb(long bytes) {
        return bytes / (1024 * 1024);
    }

    /**
     * Notes the top-level rows a table or tree asks data for, and whether the one expected (or any,
     * after the rows were replaced) came.
     */
    private static final class Rendered implements org.eclipse.swt.widgets.Listener {
        private static final int ANY = Integer.MIN_VALUE;
        private volatile int expected = -1;
        private volatile boolean seen;
        int count;

        void expect(int index) {
            expected = index;
            seen = false;
        }

        /** Any row: the rows in view after the table's rows were replaced. */
        void expectAny() {
            expect(ANY);
        }

        boolean seen() {
            return seen;
        }

        @Override
        public void handleEvent(Event e) {
            if (e.item instanceof TreeItem item && item.getParentItem() != null) {
                return;
            }
            count++;
            if (e.index == expected || expected == ANY) {
                seen = true;
            }
        }
    }

    /**
     * One node's files in kube-proxy's style: {@code ipvsadm --save -n} with two real servers per
     * virtual service, {@code ip -o addr} with every ClusterIP on kube-ipvs0, and an
     * {@code iptables-save} with the KUBE-SERVICES / KUBE-SVC / KUBE-SEP chains of the first
     * Service ports (8 rules each, so about as many rules as virtual services). Services have two
     * TCP ports (http 80 → 8080, https 443 → 8443); four in five have Service and Endpoints objects.
     */
    static final class BenchData {
        private static final int[] PORTS = { 80, 443 };
        private static final String[] PORT_NAMES = { "http", "https" };
        private static final int[] TARGET_PORTS = { 8080, 8443 };

        private final int ports;
        private final int services;
        private final int iptablesPorts;

        BenchData(int virtualServices) {
            this.ports = virtualServices;
            this.services = (virtualServices + 1) / 2;
            this.iptablesPorts = Math.max(1, virtualServices / 8);
        }

        int ruleCount() {
            return 8 * iptablesPorts + 6;
        }

        int chainCount() {
            return 3 * iptablesPorts + 10;
        }

        /** A Service port with iptables rules and API objects, half-way through the dump. */
        int probePort() {
            int p = iptablesPorts / 2 & ~1;
            return hasObjects(p / 2) ? p : p + 2;
        }

        int servicePortsWithObjects() {
            int n = 0;
            for (int p = 0; p < ports; p++) {
                if (hasObjects(p / 2)) {
                    n++;
                }
            }
            return n;
        }

        boolean hasObjects(int service) {
            return service % 5 != 4;
        }

        String serviceName(int service) {
            return String.format("ns-%03d/svc-%06d", service / 100, service);
        }

        String clusterIp(int service) {
            return address(96 * 65536, service + 1);
        }

        String podIp(int service, int replica) {
            return address(128 * 65536, 2 * service + replica + 1);
        }

        String svcChain(int port) {
            return "KUBE-SVC-" + hash("svc", port);
        }

        String sepChain(int port, int replica) {
            return "KUBE-SEP-" + hash("sep" + replica, port);
        }

        private static String address(int base, int n) {
            int x = base + n;
            return "10." + (x >>> 16 & 255) + "." + (x >>> 8 & 255) + "." + (x & 255);
        }

        /** 16 characters of kube-proxy's base32 alphabet, distinct for each port of a kind. */
        private static String hash(String kind, int port) {
            long v = (port + 1L) * 0x9E3779B97F4A7C15L ^ kind.hashCode() * 0xC2B2AE3D27D4EB4FL;
            StringBuilder s = new StringBuilder();
            String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
            for (int i = 0; i < 16; i++) {
                s.append(alphabet.charAt((int) (v >>> (5 * i % 64) & 31)));
            }
            return s.toString();
        }

        Snapshot snapshot(String cluster) {
            Map<String, String> files = new LinkedHashMap<>();
            files.put("ipvsadm-save.txt", ipvs());
            files.put("ip-addr.txt", addresses());
            files.put("iptables-save.txt", iptables());
            NodeData nodes = new NodeData(List.of(new NodeFiles(NODE, files, Map.of(), NodeFiles.Status.OK)), null);
            return NodeViewsTest.snapshot(cluster, "benchmark " + ports, objects(), nodes);
        }

        private List<ApiObject> objects() {
            List<ApiObject> objects = new ArrayList<>();
            for (int s = 0; s < services; s++) {
                if (!hasObjects(s)) {
                    continue;
                }
                String[] name = serviceName(s).split("/");
                objects.add(NodeViewsTest.object("Service", name[0], name[1], "\"spec\":{\"clusterIP\":\"" + clusterIp(s)
                        + "\",\"ports\":[{\"name\":\"http\",\"port\":80,\"protocol\":\"TCP\",\"targetPort\":8080},"
                        + "{\"name\":\"https\",\"port\":443,\"protocol\":\"TCP\",\"targetPort\":8443}]}"));
                objects.add(NodeViewsTest.object("Endpoints", name[0], name[1], "\"subsets\":[{\"addresses\":[{\"ip\":\""
                        + podIp(s, 0) + "\"},{\"ip\":\"" + podIp(s, 1) + "\"}],\"ports\":[{\"name\":\"http\",\"port\":8080,"
                        + "\"protocol\":\"TCP\"},{\"name\":\"https\",\"port\":8443,\"protocol\":\"TCP\"}]}]"));
            }
            return objects;
        }

        private String ipvs() {
            StringBuilder s = new StringBuilder(ports * 120);
            for (int p = 0; p < ports; p++) {
                int service = p / 2;
                String vip = clusterIp(service) + ":" + PORTS[p % 2];
                s.append("-A -t ").append(vip).append(" -s rr\n");
                for (int r = 0; r < 2; r++) {
                    s.append("-a -t ").append(vip).append(" -r ").append(podIp(service, r)).append(':')
                            .append(TARGET_PORTS[p % 2]).append(" -m -w 1\n");
                }
            }
            return s.toString();
        }

        private String addresses() {
            StringBuilder s = new StringBuilder(services * 110);
            s.append("1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever\n");
            s.append("2: eth0    inet 192.168.10.11/24 brd 192.168.10.255 scope global eth0\\       valid_lft forever"
                    + " preferred_lft forever\n");
            for (int service = 0; service < services; service++) {
                s.append("4: kube-ipvs0    inet ").append(clusterIp(service))
                        .append("/32 scope global kube-ipvs0\\       valid_lft forever preferred_lft forever\n");
            }
            return s.toString();
        }

        private String iptables() {
            StringBuilder chains = new StringBuilder();
            StringBuilder rules = new StringBuilder(iptablesPorts * 1400);
            for (int p = 0; p < iptablesPorts; p++) {
                int service = p / 2;
                String comment = serviceName(service) + ":" + PORT_NAMES[p % 2];
                String ip = clusterIp(service);
                int port = PORTS[p % 2];
                chains.append(':').append(svcChain(p)).append(" - [0:0]\n");
                rules.append("-A KUBE-SERVICES ! -s 10.244.0.0/16 -d ").append(ip).append("/32 -p tcp -m comment --comment \"")
                        .append(comment).append(" cluster IP\" -m tcp --dport ").append(port).append(" -j KUBE-MARK-MASQ\n");
                rules.append("-A KUBE-SERVICES -d ").append(ip).append("/32 -p tcp -m comment --comment \"").append(comment)
                        .append(" cluster IP\" -m tcp --dport ").append(port).append(" -j ").append(svcChain(p)).append('\n');
                rules.append("-A ").append(svcChain(p)).append(" -m comment --comment \"").append(comment)
                        .append("\" -m statistic --mode random --probability 0.50000000000 -j ").append(sepChain(p, 0)).append('\n');
                rules.append("-A ").append(svcChain(p)).append(" -m comment --comment \"").append(comment).append("\" -j ")
                        .append(sepChain(p, 1)).append('\n');
                for (int r = 0; r < 2; r++) {
                    String pod = podIp(service, r);
                    chains.append(':').append(sepChain(p, r)).append(" - [0:0]\n");
                    rules.append("-A ").append(sepChain(p, r)).append(" -s ").append(pod).append("/32 -m comment --comment \"")
                            .append(comment).append("\" -j KUBE-MARK-MASQ\n");
                    rules.append("-A ").append(sepChain(p, r)).append(" -p tcp -m comment --comment \"").append(comment)
                            .append("\" -m tcp -j DNAT --to-destination ").append(pod).append(':')
                            .append(TARGET_PORTS[p % 2]).append('\n');
                }
            }
            return "# Generated by iptables-save v1.8.7 (legacy) on Mon Mar  4 10:00:00 2024\n"
                    + "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
                    + "-A FORWARD -s 10.244.0.0/16 -j ACCEPT\nCOMMIT\n"
                    + "*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n"
                    + ":KUBE-MARK-MASQ - [0:0]\n:KUBE-POSTROUTING - [0:0]\n:KUBE-SERVICES - [0:0]\n" + chains
                    + "-A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n"
                    + "-A OUTPUT -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n"
                    + "-A POSTROUTING -m comment --comment \"kubernetes postrouting rules\" -j KUBE-POSTROUTING\n"
                    + "-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000\n"
                    + "-A KUBE-POSTROUTING -m mark --mark 0x4000/0x4000 -j MASQUERADE\n"
                    + rules + "COMMIT\n# Completed on Mon Mar  4 10:00:00 2024\n";
        }
    }
}
