package io.kubetriage.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.kubetriage.core.node.routing.Hop;
import io.kubetriage.core.node.routing.ServiceRoute;
import io.kubetriage.core.node.section.NodeData;
import io.kubetriage.core.node.section.NodeFiles;
import io.kubetriage.core.snapshot.Snapshot;
import io.kubetriage.core.snapshot.store.SnapshotStore;
import io.kubetriage.phase.cni.ui.CniReachabilityIds;
import io.kubetriage.phase.cni.ui.CniReachabilityView;
import io.kubetriage.phase.cni.ui.NodeReachability;
import io.kubetriage.phase.routing.ui.RoutesIds;
import io.kubetriage.phase.routing.ui.ServiceRoutesView;
import io.kubetriage.test.support.ui.UiWait;
import io.kubetriage.test.support.ui.Widgets;
import io.kubetriage.ui.internal.nodes.CniConfigEditor;
import io.kubetriage.ui.internal.nodes.CniEditorInput;
import io.kubetriage.ui.internal.nodes.NodeDiagnosis;
import io.kubetriage.ui.internal.nodes.NodeFindings;
import io.kubetriage.ui.internal.nodes.NodeIds;
import io.kubetriage.ui.internal.nodes.NodeNetworkingView;
import io.kubetriage.ui.internal.nodes.NodeSnapshot;
import io.kubetriage.ui.internal.nodes.NodeSnapshot.IpvsRow;
import io.kubetriage.ui.internal.nodes.ShowNodeNetworkingHandler;
import io.kubetriage.ui.internal.snapshots.SnapshotLibrary;

/**
 * The node views marked with the findings of the routing and CNI phases, and the phases' own views,
 * on a snapshot whose node-2 lost kube-proxy's rules: no IPVS virtual service for the kubernetes
 * Service, no KUBE-* chain in iptables, while Calico's kubeconfig names the kubernetes ClusterIP.
 * A healthy snapshot, whose node serves the kubernetes Service through IPVS, is the counterpart.
 */
class NodeFindingsViewsTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String KUBERNETES = "default/kubernetes:https";

    /** node-2's IPVS table after the flush: only coredns's virtual services are left, without real servers. */
    private static final String IPVS_WITHOUT_KUBERNETES = """
            IP Virtual Server version 1.2.1 (size=4096)
            Prot LocalAddress:Port Scheduler Flags
              -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
            TCP  10.233.0.3:53 rr
            TCP  10.233.0.3:9153 rr
            UDP  10.233.0.3:53 rr
            """;

    /** A healthy node's IPVS table: the kubernetes Service goes to the three API servers. */
    private static final String IPVS_HEALTHY = """
            IP Virtual Server version 1.2.1 (size=4096)
            Prot LocalAddress:Port Scheduler Flags
              -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
            TCP  10.233.0.1:443 rr
              -> 192.168.10.11:6443           Masq    1      3          0
              -> 192.168.10.12:6443           Masq    1      2          0
              -> 192.168.10.13:6443           Masq    1      1          0
            """;

    private Display display;
    private IWorkbenchPage page;
    private SnapshotLibrary library;
    private String cluster;

    @BeforeEach
    void setUp() {
        display = PlatformUI.getWorkbench().getDisplay();
        page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        library = SnapshotLibrary.getDefault();
        cluster = "node-findings-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void cleanUp() throws IOException {
        page.closeAllEditors(false);
        TestCluster.cleanUp(display, page, library, cluster, WAIT,
                List.of(NodeIds.JOB_FAMILY, RoutesIds.JOB_FAMILY, CniReachabilityIds.JOB_FAMILY),
                List.of(NodeIds.VIEW_ID, RoutesIds.VIEW_ID, CniReachabilityIds.VIEW_ID));
        UiWait.settle(display);
    }

    @Test
    void nodeNetworkingMarksFindingsAndShowsTheMissingClusterIp() throws Exception {
        Path file = library.add(flushedSnapshot());
        NodeNetworkingView view = ShowNodeNetworkingHandler.show(page, SnapshotLibrary.entry(file));
        UiWait.until(display, "node-2 parsed", WAIT,
                () -> view.shownNode() != null && view.shownNode().name().equals("node-2"),
                () -> ((Label) Widgets.find(display, NodeIds.SOURCE)).getText());
        // the rows come first, the marks of the diagnosis follow
        UiWait.until(display, "the snapshot diagnosed", WAIT, () -> !view.isDiagnosing(),
                () -> ((Label) Widgets.find(display, NodeIds.SOURCE)).getText());
        assertTrue(((Label) Widgets.find(display, NodeIds.SOURCE)).getText().contains("point at node data"),
                ((Label) Widgets.find(display, NodeIds.SOURCE)).getText());

        // The kubernetes Service has no virtual service on node-2: a row of its own, marked.
        IpvsRow missing = view.shownIpvsRows().stream().filter(IpvsRow::missing)
                .filter(r -> r.servicePort().port().displayName().equals(KUBERNETES)).findFirst().orElse(null);
        assertNotNull(missing, "a missing row for the kubernetes ClusterIP: " + view.shownIpvsRows());
        assertEquals(NodeIds.STATE_MISSING, missing.state());
        Tree ipvs = (Tree) Widgets.find(display, NodeIds.IPVS_TREE);
        TreeItem item = null;
        for (TreeItem i : ipvs.getItems()) {
            if (i.getText(0).startsWith("10.233.0.1:443")) {
                item = i;
            }
        }
        assertNotNull(item, "the missing row is in the tree");
        int findingsColumn = ipvs.getColumnCount() - 1;
        assertEquals(NodeIds.COL_FINDINGS, ipvs.getColumn(findingsColumn).getText());
        assertTrue(item.getText(findingsColumn).contains("KT-ROUTING-"), "the missing row carries the routing finding: "
                + item.getText(findingsColumn) + " / " + view.marksOf(missing));
        assertTrue(view.marksOf(missing).stream().anyMatch(m -> m.finding().title().contains("not served")),
                view.marksOf(missing).toString());

        // Findings about the node as a whole show in the banner.
        Label banner = (Label) Widgets.find(display, NodeIds.FINDINGS_BANNER);
        assertTrue(banner.getVisible() && banner.getText().contains("node-2"), banner.getText());

        // Only rows with findings: the coredns rows without a finding go, the missing row stays.
        int all = view.shownIpvsRows().size();
        view.setOnlyWithFindings(true);
        assertTrue(view.shownIpvsRows().contains(missing), view.shownIpvsRows().toString());
        assertTrue(view.shownIpvsRows().stream().allMatch(r -> !view.marksOf(r).isEmpty()
                || r.service().realServers().stream().anyMatch(rs -> !view.marksOf(rs).isEmpty())),
                view.shownIpvsRows().toString());
        assertEquals(view.shownIpvsRows().size(), ipvs.getItemCount());
        assertTrue(all >= view.shownIpvsRows().size());
        view.setOnlyWithFindings(false);
        assertEquals(all, view.shownIpvsRows().size());

        // The CNI Config editor marks the server line of calico-kubeconfig.
        CniConfigEditor editor = view.openCniConfig(page);
        assertNotNull(editor);
        assertTrue(editor.findingMarks().stream().anyMatch(m -> m.finding().code().startsWith("KT-CNI-")
                && m.location().file().equals("cni/calico-kubeconfig") && m.location().line() == 7),
                editor.findingMarks().toString());
        editor.reveal("calico-kubeconfig", 7);
        assertEquals("calico-kubeconfig", editor.shownFile());
        assertTrue(editor.findingLines().contains(6), "the server line carries a marker: " + editor.findingLines());
        Label findings = (Label) Widgets.find(display, NodeIds.CNI_FINDINGS);
        assertTrue(findings.getText().contains("calico-kubeconfig line 7"), findings.getText());
    }

    @Test
    void aCniEditorOpenedBeforeTheDiagnosisEndsGetsItsMarksAfter() throws Exception {
        Path file = library.add(flushedSnapshot());
        Snapshot snapshot = SnapshotStore.read(file);
        NodeSnapshot pending = NodeSnapshot.of(snapshot, NodeIds.DEFAULT_SERVICE_CIDR).withFindings(NodeFindings.PENDING);
        page.setEditorAreaVisible(true);
        CniConfigEditor editor = (CniConfigEditor) page.openEditor(new CniEditorInput(file, pending, "node-2"),
                NodeIds.CNI_EDITOR_ID);
        editor.reveal("calico-kubeconfig", 7);
        Label findings = (Label) Widgets.find(display, NodeIds.CNI_FINDINGS);
        assertTrue(findings.getText().contains("still running"), findings.getText());
        assertTrue(editor.findingMarks().isEmpty());
        assertTrue(editor.findingLines().isEmpty(), editor.findingLines().toString());

        editor.updateFindings(pending.withFindings(NodeDiagnosis.of(snapshot)));
        assertEquals("calico-kubeconfig", editor.shownFile(), "the file shown stays");
        assertTrue(editor.findingLines().contains(6), "the server line is marked: " + editor.findingLines());
        assertTrue(editor.findingMarks().stream().anyMatch(m -> m.finding().code().startsWith("KT-CNI-")),
                editor.findingMarks().toString());
        findings = (Label) Widgets.find(display, NodeIds.CNI_FINDINGS);
        assertTrue(findings.getText().contains("calico-kubeconfig line 7"), findings.getText());
        page.closeEditor(editor, false);
    }

    @Test
    void serviceRoutesShowNotServedOnTheFlushedNodeAndServedOnAHealthyOne() throws Exception {
        Path flushed = library.add(flushedSnapshot());
        ServiceRoutesView view = (ServiceRoutesView) page.showView(RoutesIds.VIEW_ID);
        view.show(flushed, KUBERNETES);
        UiWait.until(display, "the kubernetes Service routed on the flushed snapshot", WAIT,
                () -> view.routes().size() == 1, () -> ((Label) Widgets.find(display, RoutesIds.STATUS)).getText());
        ServiceRoute route = view.routes().get(0);
        assertEquals("node-2", route.node());
        assertEquals(ServiceRoute.Verdict.NOT_SERVED, route.verdict(), route.summary());
        Tree tree = (Tree) Widgets.find(display, RoutesIds.ROUTES);
        assertEquals("NOT_SERVED", tree.getItem(0).getText(RoutesIds.COL_STATE));
        boolean missingEndpoint = false;
        for (TreeItem child : tree.getItem(0).getItems()) {
            missingEndpoint |= child.getText(RoutesIds.COL_WHAT).equals("endpoint 192.168.10.11:6443")
                    && child.getText(RoutesIds.COL_STATE).equals(RoutesIds.ENDPOINT_MISSING);
        }
        assertTrue(missingEndpoint, "the ready endpoints the node does not send to are listed");

        // A hop opens the Node Networking view at its row.
        Hop coredns = null;
        view.selectPort("kube-system/coredns:dns-tcp");
        UiWait.until(display, "coredns routed", WAIT, () -> !view.routes().isEmpty()
                && view.routes().get(0).service().displayName().equals("kube-system/coredns:dns-tcp"));
        coredns = view.routes().get(0).hops(Hop.Kind.IPVS_VIRTUAL_SERVICE).get(0);
        assertEquals(4, coredns.line(), coredns.toString());
        NodeNetworkingView nodes = view.openHop("node-2", coredns);
        assertNotNull(nodes);
        UiWait.until(display, "the virtual service selected in the Node Networking view", WAIT,
                () -> nodes.selectedRow() instanceof IpvsRow r && r.line() == 4,
                () -> String.valueOf(nodes.selectedRow()));

        Path healthy = library.add(healthySnapshot());
        view.show(healthy, KUBERNETES);
        UiWait.until(display, "the kubernetes Service routed on the healthy snapshot", WAIT,
                () -> view.routes().size() == 1 && view.routes().get(0).node().equals("node-1"),
                () -> ((Label) Widgets.find(display, RoutesIds.STATUS)).getText());
        assertEquals(ServiceRoute.Verdict.SERVED, view.routes().get(0).verdict(), view.routes().get(0).summary());
        assertEquals(3, view.routes().get(0).endpoints().size());
    }

    @Test
    void cniReachabilityNamesTheUnservedClusterIpAndOpensTheEditorAtTheServerLine() throws Exception {
        Path file = library.add(flushedSnapshot());
        CniReachabilityView view = (CniReachabilityView) page.showView(CniReachabilityIds.VIEW_ID);
        view.show(file);
        UiWait.until(display, "the node's row", WAIT, () -> view.rows().size() == 1,
                () -> ((Label) Widgets.find(display, CniReachabilityIds.STATUS)).getText());
        NodeReachability row = view.rows().get(0);
        assertEquals("https://10.233.0.1:443", row.address().server());
        assertTrue(row.clusterIp(), "10.233.0.1 is the kubernetes ClusterIP");
        assertEquals(ServiceRoute.Verdict.NOT_SERVED, row.check().route().verdict());
        assertEquals("no calico-node Pod", row.calicoNode());
        assertTrue(row.findings().stream().anyMatch(f -> f.code().equals("KT-CNI-001")), row.findings().toString());

        CniConfigEditor editor = view.openCniConfig(page, "node-2");
        assertNotNull(editor);
        assertEquals("calico-kubeconfig", editor.shownFile());
        assertTrue(editor.findingLines().contains(6), editor.findingLines().toString());
    }

    // ---------------------------------------------------------------- snapshots

    private Snapshot flushedSnapshot() {
        Map<String, String> files = new HashMap<>();
        files.put("cni/10-calico.conflist", NodeViewsTest.CALICO_CONFLIST);
        files.put("cni/calico-kubeconfig", NodeViewsTest.CALICO_KUBECONFIG);
        files.put("iptables-save.txt", NodeViewsTest.IPTABLES_NODE_2);
        files.put("ipvsadm-Ln.txt", IPVS_WITHOUT_KUBERNETES);
        files.put("ip-addr.txt", NodeViewsTest.IP_ADDR);
        return NodeViewsTest.snapshot(cluster, "rules flushed", NodeViewsTest.serviceObjects(),
                new NodeData(List.of(new NodeFiles("node-2", files, Map.of(), NodeFiles.Status.OK)), null));
    }

    private Snapshot healthySnapshot() {
        Map<String, String> files = new HashMap<>();
        files.put("ipvsadm-Ln.txt", IPVS_HEALTHY);
        files.put("ip-addr.txt", NodeViewsTest.IP_ADDR);
        return NodeViewsTest.snapshot(cluster, "healthy", NodeViewsTest.serviceObjects(),
                new NodeData(List.of(new NodeFiles("node-1", files, Map.of(), NodeFiles.Status.OK)), null));
    }
}
