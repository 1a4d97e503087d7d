package io.kubetriage.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.kubetriage.core.diagnosis.DiagnosisInput;
import io.kubetriage.core.diagnosis.Evidence;
import io.kubetriage.core.diagnosis.Finding;
import io.kubetriage.core.diagnosis.Severity;
import io.kubetriage.core.etcd.section.EtcdKeyInfo;
import io.kubetriage.core.etcd.section.EtcdSection;
import io.kubetriage.core.etcd.section.EtcdSectionCodec;
import io.kubetriage.core.node.section.NodePaths;
import io.kubetriage.core.snapshot.ObjectKey;
import io.kubetriage.core.snapshot.Snapshot;
import io.kubetriage.core.snapshot.SnapshotManifest;
import io.kubetriage.core.snapshot.store.SnapshotStore;
import io.kubetriage.test.support.ui.UiWait;
import io.kubetriage.test.support.ui.Widgets;
import io.kubetriage.ui.internal.etcd.EtcdIds;
import io.kubetriage.ui.internal.findings.DiagnosisRun;
import io.kubetriage.ui.internal.findings.EvidenceLinks;
import io.kubetriage.ui.internal.findings.FindingsIds;
import io.kubetriage.ui.internal.findings.FindingsView;
import io.kubetriage.ui.internal.nodes.CniConfigEditor;
import io.kubetriage.ui.internal.nodes.NodeFindings;
import io.kubetriage.ui.internal.nodes.NodeIds;
import io.kubetriage.ui.internal.nodes.NodeNetworkingView;
import io.kubetriage.ui.internal.nodes.NodeSnapshot.IpvsRow;
import io.kubetriage.ui.internal.nodes.NodeSnapshot.RuleRow;
import io.kubetriage.ui.internal.sample.BuiltInSample;
import io.kubetriage.ui.internal.snapshots.SnapshotEntry;
import io.kubetriage.ui.internal.snapshots.SnapshotLibrary;

/**
 * Evidence rows of the Findings view lead to what they name (Enter on the row, as a double-click):
 * a node's rule to the Node Networking view at that row, a CNI file line to the CNI Config editor
 * on that file, an etcd key to the etcd Revisions view on the snapshot's etcd keys with that key
 * selected, and an object of a diagnosis without baseline to its etcd key. The node data is the
 * built-in sample's, diagnosed from copies outside the snapshot library.
 */
class EvidenceLinksTest {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path tmp;

    private Display display;
    private IWorkbenchPage page;
    private FindingsView findings;

    @BeforeEach
    void setUp() throws Exception {
        display = PlatformUI.getWorkbench().getDisplay();
        page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        findings = (FindingsView) page.showView(FindingsIds.VIEW_ID);
    }

    @AfterEach
    void cleanUp() {
        UiWait.until(display, "the views' jobs to end", WAIT,
                () -> Job.getJobManager().find(FindingsIds.JOB_FAMILY).length == 0
                        && Job.getJobManager().find(NodeIds.JOB_FAMILY).length == 0
                        && Job.getJobManager().find(EtcdIds.JOB_FAMILY).length == 0);
        page.closeAllEditors(false);
        for (String id : List.of(FindingsIds.VIEW_ID, NodeIds.VIEW_ID, EtcdIds.VIEW_ID)) {
            IViewPart view = page.findView(id);
            if (view != null) {
                page.hideView(view);
            }
        }
        UiWait.settle(display);
    }

    @Test
    void aNodeRuleOpensTheNodeNetworkingViewAtItsRowAndACniLineTheCniEditor() throws Exception {
        DiagnosisRun run = diagnoseSample();

        // the sample's routing evidence names the nat table's header line: the node's rules are shown
        Evidence table = evidence(run, e -> e.location() != null && NodePaths.IPTABLES_SAVE.equals(e.location().file())
                && e.location().line() > 0);
        assertEquals(EvidenceLinks.Target.NODE_NETWORKING, EvidenceLinks.targetOf(run, table));
        pressEnter(run, table);
        Evidence.NodeLocation header = table.location();
        UiWait.until(display, "the Node Networking view on " + header, WAIT, () -> {
            NodeNetworkingView nodes = (NodeNetworkingView) page.findView(NodeIds.VIEW_ID);
            return nodes != null && run.snapshot().file().equals(nodes.snapshotFile())
                    && header.node().equals(nodes.selectedNode()) && NodeIds.TAB_IPTABLES.equals(nodes.shownTab())
                    && !nodes.shownRules().isEmpty();
        }, () -> describe((NodeNetworkingView) page.findView(NodeIds.VIEW_ID)));

        // a rule's line: its row is selected
        NodeNetworkingView nodes = (NodeNetworkingView) page.findView(NodeIds.VIEW_ID);
        List<RuleRow> rules = nodes.shownRules();
        int line = rules.get(rules.size() / 2).rule().lineNumber();
        Evidence rule = Evidence.node(header.node(), NodePaths.IPTABLES_SAVE, line, "rule", "a rule of the node", null);
        Finding pointing = new Finding("KT-TEST-010:" + header.node(), "KT-TEST-010", Severity.WARNING,
                "A rule of the node", "", List.of(rule), List.of(), null, List.of());
        List<Finding> withRule = new ArrayList<>(run.findings());
        withRule.add(pointing);
        DiagnosisRun ruleRun = new DiagnosisRun(run.cluster(), run.snapshot(), run.baseline(), run.input(), withRule,
                Instant.now());
        findings.show(ruleRun);
        pressEnter(ruleRun, rule);
        UiWait.until(display, "the row of line " + line + " selected", WAIT,
                () -> lineOf(nodes.selectedRow()) == line, () -> describe(nodes));

        Evidence cni = evidence(run, e -> e.location() != null && NodeFindings.cniFileName(e.location().file()) != null);
        assertEquals(EvidenceLinks.Target.CNI_CONFIG, EvidenceLinks.targetOf(run, cni));
        pressEnter(run, cni);
        UiWait.until(display, "the CNI Config editor on " + cni.location().file(), WAIT,
                () -> page.getActiveEditor() instanceof CniConfigEditor editor
                        && NodeFindings.cniFileName(cni.location().file()).equals(editor.shownFile()));
    }

    @Test
    void anEtcdKeyOpensTheEtcdViewOnTheSnapshotsKeysWithTheKeySelected() throws Exception {
        String settings = "/registry/configmaps/shop/settings";
        String other = "/registry/configmaps/shop/other";
        Snapshot snapshot = etcdSnapshot(settings, other);
        SnapshotEntry entry = SnapshotLibrary.entry(write(snapshot, "with-etcd"));
        ObjectKey settingsObject = new ObjectKey("", "ConfigMap", "shop", "settings");
        Evidence key = Evidence.etcdKey(other, "etcd key", "changed at revision 9", 9);
        Evidence object = Evidence.object(settingsObject, "ConfigMap", "its etcd key has no baseline to compare with");
        Finding finding = new Finding("KT-TEST-009:shop/settings", "KT-TEST-009", Severity.WARNING, "Test finding",
                "Evidence naming etcd keys.", List.of(key, object), List.of(settingsObject), null, List.of());
        DiagnosisRun run = new DiagnosisRun(entry.clusterName(), entry, null, DiagnosisInput.of(snapshot),
                List.of(finding), Instant.now());
        findings.show(run);

        assertEquals(EvidenceLinks.Target.ETCD_KEY, EvidenceLinks.targetOf(run, key));
        pressEnter(run, key);
        waitForEtcdKey(other);

        // without a baseline, an object leads to its etcd key in the snapshot
        assertEquals(EvidenceLinks.Target.ETCD_KEY, EvidenceLinks.targetOf(run, object));
        pressEnter(run, object);
        waitForEtcdKey(settings);

        // a log line names nothing to open: said, not thrown
        Evidence line = Evidence.line(Evidence.Kind.LOG_LINE, "log", "a line", "E0101 a line");
        assertEquals(EvidenceLinks.Target.NONE, EvidenceLinks.targetOf(run, line));
        String why = EvidenceLinks.open(page, run, finding, line);
        assertNotNull(why);
        assertTrue(why.contains("names no object"), why);
        assertNull(EvidenceLinks.open(page, run, finding, key), "the key is listed: nothing to say");
    }

    // ---------------------------------------------------------------- helpers

    /** Selects the finding of the evidence, then its row, and presses Enter on the row. */
    private void pressEnter(DiagnosisRun run, Evidence evidence) {
        Finding finding = run.findings().stream().filter(f -> f.evidence().contains(evidence)).findFirst().orElseThrow();
        assertTrue(findings.select(finding.id()), finding.id());
        Table table = (Table) Widgets.find(display, FindingsIds.EVIDENCE);
        int index = finding.evidence().indexOf(evidence);
        assertEquals(finding.evidence().size(), table.getItemCount());
        table.setSelection(index);
        table.notifyListeners(SWT.DefaultSelection, new Event());
    }

    private void waitForEtcdKey(String key) {
        UiWait.until(display, "the etcd view with " + key + " selected", WAIT, () -> {
            Text details = (Text) Widgets.find(display, EtcdIds.DETAILS);
            return details != null && details.getText().startsWith(key + "\n");
        }, () -> {
            Text details = (Text) Widgets.find(display, EtcdIds.DETAILS);
            return details == null ? "no view" : details.getText();
        });
    }

    private static Evidence evidence(DiagnosisRun run, Predicate<Evidence> which) {
        List<String> all = new ArrayList<>();
        for (Finding f : run.findings()) {
            for (Evidence e : f.evidence()) {
                if (which.test(e)) {
                    return e;
                }
                all.add(f.code() + " " + e.kind() + " " + e.location() + " " + e.sourceLine());
            }
        }
        throw new AssertionError("no such evidence among " + all);
    }

    private static String describe(NodeNetworkingView nodes) {
        return nodes == null ? "no view" : nodes.selectedNode() + ", tab " + nodes.shownTab() + ", row " + nodes.selectedRow();
    }

    private static int lineOf(Object row) {
        if (row instanceof RuleRow r) {
            return r.rule().lineNumber();
        }
        if (row instanceof IpvsRow r && !r.missing()) {
            return r.line();
        }
        return -1;
    }

    /** The sample's snapshots, copied out of the library, diagnosed by the Findings view. */
    private DiagnosisRun diagnoseSample() throws Exception {
        BuiltInSample sample = BuiltInSample.load();
        SnapshotEntry before = SnapshotLibrary.entry(write(sample.before(), "before"));
        SnapshotEntry after = SnapshotLibrary.entry(write(sample.after(), "after"));
        findings.diagnose(after, before);
        UiWait.until(display, "the diagnosis of the sample", WAIT, () -> !findings.isDiagnosing()
                && findings.runs().stream().anyMatch(r -> r.snapshot().file().equals(after.file())));
        return findings.runs().stream().filter(r -> r.snapshot().file().equals(after.file())).findFirst().orElseThrow();
    }

    private Path write(Snapshot snapshot, String name) throws Exception {
        Path file = tmp.resolve(name + SnapshotStore.EXTENSION);
        SnapshotStore.write(snapshot, file);
        return file;
    }

    /** A snapshot of a cluster of its own whose etcd section holds ConfigMap keys with values. */
    private static Snapshot etcdSnapshot(String... keys) {
        List<EtcdKeyInfo> infos = new ArrayList<>();
        long revision = 5;
        for (String key : keys) {
            String name = key.substring(key.lastIndexOf('/') + 1);
            byte[] value = ("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name
                    + "\",\"namespace\":\"shop\"},\"data\":{\"mode\":\"fast\"}}").getBytes(StandardCharsets.UTF_8);
            infos.add(new EtcdKeyInfo(key, 2, revision, 3, 0, value.length, value));
            revision += 4;
        }
        Map<String, byte[]> sections = EtcdSectionCodec.toSections(new EtcdSection("backup test.db", 20, 0, null, infos));
        Instant at = Instant.parse("2024-03-05T09:00:00Z");
        SnapshotManifest manifest = new SnapshotManifest(SnapshotStore.FORMAT_VERSION, UUID.randomUUID().toString(),
                "with etcd", "evidence-" + UUID.randomUUID().toString().substring(0, 8), "https://127.0.0.1:6443",
                "v1.29.1", at, at.plusSeconds(2), "test", true, List.of());
        return new Snapshot(manifest, List.of(), List.of(), sections);
    }
}
