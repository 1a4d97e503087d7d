package io.kubetriage.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.kubetriage.core.diagnosis.Finding;
import io.kubetriage.core.snapshot.ApiObject;
import io.kubetriage.core.snapshot.ObjectKey;
import io.kubetriage.core.snapshot.Snapshot;
import io.kubetriage.core.snapshot.SnapshotManifest;
import io.kubetriage.core.snapshot.SourceStatus;
import io.kubetriage.core.snapshot.store.SnapshotStore;
import io.kubetriage.test.support.ui.UiWait;
import io.kubetriage.test.support.ui.Widgets;
import io.kubetriage.ui.internal.findings.DiagnoseHandler;
import io.kubetriage.ui.internal.findings.DiagnosisRun;
import io.kubetriage.ui.internal.findings.FindingsIds;
import io.kubetriage.ui.internal.findings.FindingsView;
import io.kubetriage.ui.internal.findings.QuickFixDialog;
import io.kubetriage.ui.internal.snapshots.SnapshotEntry;
import io.kubetriage.ui.internal.snapshots.SnapshotLibrary;

/**
 * The Findings view in the running workbench, on two snapshots of a cluster whose etcd was restored
 * from an old backup: every object's resourceVersion went back, a ReplicaSet deleted since came back,
 * and two ReplicaSets of Deployment shop/web now carry revision 2. Needs the rollback phase
 * ({@code io.kubetriage.phase.rollback}) in the test runtime.
 */
class FindingsViewTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static final String DEPLOYMENT_UID = "u-deployment-web";

    private Display display;
    private IWorkbenchPage page;
    private SnapshotLibrary library;
    private String cluster;
    private QuickFixDialog dialog;

    @BeforeEach
    void setUp() {
        display = PlatformUI.getWorkbench().getDisplay();
        page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        library = SnapshotLibrary.getDefault();
        cluster = "findings-test-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void cleanUp() throws IOException {
        if (dialog != null && dialog.getShell() != null && !dialog.getShell().isDisposed()) {
            dialog.close();
        }
        page.closeAllEditors(false);
        TestCluster.cleanUp(display, page, library, cluster, WAIT, List.of(FindingsIds.JOB_FAMILY),
                List.of(FindingsIds.VIEW_ID));
        UiWait.settle(display);
    }

    @Test
    void listsTheCausalChainShowsEvidenceAndPreviewsTheRolloutUndo() throws Exception {
        Instant start = Instant.parse("2024-03-05T09:00:00Z");
        SnapshotEntry baseline = SnapshotLibrary.entry(library.add(baseline(start)));
        SnapshotEntry after = SnapshotLibrary.entry(library.add(afterRestore(start.plusSeconds(3600))));

        // the newer first: the command orders them, the older is the baseline
        DiagnoseHandler.diagnose(page, List.of(after, baseline));
        FindingsView view = (FindingsView) page.findView(FindingsIds.VIEW_ID);
        assertNotNull(view, "Diagnose shows the Findings view");
        UiWait.until(display, "the diagnosis of " + cluster, WAIT,
                () -> !view.isDiagnosing() && view.runs().stream().anyMatch(r -> r.cluster().equals(cluster)),
                () -> ((Label) Widgets.find(display, FindingsIds.STATUS)).getText());
        DiagnosisRun run = view.runs().stream().filter(r -> r.cluster().equals(cluster)).findFirst().orElseThrow();
        assertEquals(baseline, run.baseline(), "the older snapshot is the baseline");
        assertEquals(after, run.snapshot());

        // ------------------------------------------------------------ the tree: cluster → phase → severity → chain
        Tree tree = (Tree) Widgets.find(display, FindingsIds.TREE);
        TreeItem clusterItem = child(tree.getItems(), cluster);
        assertNotNull(clusterItem, dump(tree));
        TreeItem phase = child(clusterItem.getItems(), "ROLLBACK");
        assertNotNull(phase, dump(tree));
        TreeItem errors = child(phase.getItems(), "ERROR");
        assertNotNull(errors, dump(tree));
        TreeItem revisionBackwards = child(errors.getItems(), "KT-ROLLBACK-001");
        assertNotNull(revisionBackwards, "KT-ROLLBACK-001 is a root: " + dump(tree));
        assertNotNull(child(revisionBackwards.getItems(), "KT-ROLLBACK-002"),
                "KT-ROLLBACK-002 is nested under its cause: " + dump(tree));
        assertNull(child(errors.getItems(), "KT-ROLLBACK-002"), "KT-ROLLBACK-002 is no root: " + dump(tree));
        assertTrue(dump(tree).contains("KT-ROLLBACK-003"), dump(tree));

        // ------------------------------------------------------------ the evidence panel
        Finding rollout = run.findings().stream().filter(f -> f.code().equals("KT-ROLLBACK-003")).findFirst()
                .orElseThrow();
        assertEquals("KT-ROLLBACK-003:shop/web", rollout.id());
        assertTrue(view.select(rollout.id()));
        Text explanation = (Text) Widgets.find(display, FindingsIds.EXPLANATION);
        assertTrue(explanation.getText().startsWith(rollout.explanation()), explanation.getText());
        assertTrue(explanation.getText().contains("2 ReplicaSets carry revision 2"), explanation.getText());
        Table evidence = (Table) Widgets.find(display, FindingsIds.EVIDENCE);
        assertEquals(rollout.evidence().size(), evidence.getItemCount());
        assertEquals("Deployment", evidence.getItem(0).getText(0));
        Table affected = (Table) Widgets.find(display, FindingsIds.AFFECTED);
        List<String> objects = new ArrayList<>();
        for (int i = 0; i < affected.getItemCount(); i++) {
            objects.add(affected.getItem(i).getText(0));
        }
        assertTrue(objects.contains("Deployment.apps shop/web"), objects.toString());
        assertTrue(objects.contains("ReplicaSet.apps shop/web-7b1e"), objects.toString());

        // ------------------------------------------------------------ the Quick Fix dialog
        dialog = view.openQuickFix(false);
        assertNotNull(dialog);
        UiWait.until(display, "the Quick Fix dialog", WAIT, () -> Widgets.find(display, FindingsIds.QUICK_FIX_SHELL) != null);
        Table plans = (Table) Widgets.find(display, FindingsIds.QUICK_FIX_PLANS);
        List<String> fixIds = new ArrayList<>();
        for (int i = 0; i < plans.getItemCount(); i++) {
            fixIds.add(plans.getItem(i).getText(0));
        }
        assertTrue(fixIds.contains("rollback.rollout-undo"), fixIds.toString());
        Text preview = (Text) Widgets.find(display, FindingsIds.QUICK_FIX_PREVIEW);
        assertTrue(preview.getText().contains("Deployment.apps shop/web"), preview.getText());
        assertTrue(preview.getText().contains("revision 1"), preview.getText());
        assertTrue(preview.getText().contains("-        image: web:2") && preview.getText().contains("+        image: web:1"),
                "the before/after diff of the template: " + preview.getText());
        Control apply = Widgets.find(display, FindingsIds.QUICK_FIX_APPLY);
        assertFalse(apply.isEnabled(), "nothing is applied to a snapshot");
        Label note = (Label) Widgets.find(display, FindingsIds.QUICK_FIX_APPLY_NOTE);
        assertTrue(note.getText().contains("live, connected cluster"), note.getText());

        Button close = (Button) Widgets.find(display, FindingsIds.QUICK_FIX_CLOSE);
        close.notifyListeners(SWT.Selection, new Event());
        UiWait.until(display, "the Quick Fix dialog closed", WAIT,
                () -> Widgets.find(display, FindingsIds.QUICK_FIX_SHELL) == null);
    }

    // ---------------------------------------------------------------- the snapshots

    /** Before the restore: revisions 1 and 2 of shop/web, resource versions up to 1300. */
    private Snapshot baseline(Instant start) {
        List<ApiObject> objects = List.of(
                deployment("1200", "web:2"),
                replicaSet("web-5d8f", "u-rs-5d8f", "1100", 1, "web:1", 0),
                replicaSet("web-6c9a", "u-rs-6c9a", "1150", 2, "web:2", 3),
                configMap("1300"));
        return snapshot("before the restore", start, objects);
    }

    /**
     * After restoring an old etcd backup: every resourceVersion lower than the baseline's, and
     * ReplicaSet web-7b1e (deleted before the baseline) back with revision 2 too.
     */
    private Snapshot afterRestore(Instant start) {
        List<ApiObject> objects = List.of(
                deployment("900", "web:2"),
                replicaSet("web-5d8f", "u-rs-5d8f", "880", 1, "web:1", 0),
                replicaSet("web-6c9a", "u-rs-6c9a", "890", 2, "web:2", 3),
                replicaSet("web-7b1e", "u-rs-7b1e", "870", 2, "web:3", 0),
                configMap("700"));
        return snapshot("after the restore", start, objects);
    }

    private Snapshot snapshot(String name, Instant start, List<ApiObject> objects) {
        List<SourceStatus> sources = List.of(SourceStatus.complete("api:apps/v1/deployments", 1),
                SourceStatus.complete("api:apps/v1/replicasets", 3), SourceStatus.complete("api:v1/configmaps", 1));
        SnapshotManifest manifest = new SnapshotManifest(SnapshotStore.FORMAT_VERSION, UUID.randomUUID().toString(),
                name, cluster, "https://127.0.0.1:6443", "v1.29.1", start, start.plusSeconds(2), "test", true, sources);
        return new Snapshot(manifest, objects, List.of(), Map.of());
    }

    private static String template(String image, String hash) {
        return "{\"metadata\":{\"labels\":{\"app\":\"web\"" + (hash == null ? "" : ",\"pod-template-hash\":\"" + hash + "\"")
                + "}},\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"" + image + "\"}]}}";
    }

    private static ApiObject deployment(String rv, String image) {
        String json = "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\",\"namespace\":\"shop\","
                + "\"uid\":\"" + DEPLOYMENT_UID + "\",\"resourceVersion\":\"" + rv + "\",\"annotations\":{"
                + "\"deployment.kubernetes.io/revision\":\"2\"}},\"spec\":{\"replicas\":3,\"selector\":{\"matchLabels\":"
                + "{\"app\":\"web\"}},\"template\":" + template(image, null) + "}}";
        return new ApiObject(new ObjectKey("apps", "Deployment", "shop", "web"), "apps/v1", DEPLOYMENT_UID, rv, json);
    }

    private static ApiObject replicaSet(String name, String uid, String rv, int revision, String image, int replicas) {
        String hash = name.substring(name.indexOf('-') + 1);
        String json = "{\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\",\"metadata\":{\"name\":\"" + name
                + "\",\"namespace\":\"shop\",\"uid\":\"" + uid + "\",\"resourceVersion\":\"" + rv + "\","
                + "\"creationTimestamp\":\"2024-03-0" + revision + "T10:00:00Z\",\"annotations\":{"
                + "\"deployment.kubernetes.io/revision\":\"" + revision + "\",\"kubernetes.io/change-cause\":\"deploy "
                + image + "\"},\"ownerReferences\":[{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"name\":\"web\","
                + "\"uid\":\"" + DEPLOYMENT_UID + "\",\"controller\":true}]},\"spec\":{\"replicas\":" + replicas
                + ",\"selector\":{\"matchLabels\":{\"app\":\"web\",\"pod-template-hash\":\"" + hash + "\"}},"
                + "\"template\":" + template(image, hash) + "}}";
        return new ApiObject(new ObjectKey("apps", "ReplicaSet", "shop", name), "apps/v1", uid, rv, json);
    }

    private static ApiObject configMap(String rv) {
        String json = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"settings\",\"namespace\":\"shop\","
                + "\"uid\":\"u-cm-settings\",\"resourceVersion\":\"" + rv + "\"},\"data\":{\"mode\":\"" + rv + "\"}}";
        return new ApiObject(new ObjectKey("", "ConfigMap", "shop", "settings"), "v1", "u-cm-settings", rv, json);
    }

    // ---------------------------------------------------------------- widget helpers

    /** The item whose first column starts with the text. */
    private static TreeItem child(TreeItem[] items, String prefix) {
        for (TreeItem item : items) {
            if (item.getText(0).startsWith(prefix)) {
                return item;
            }
        }
        return null;
    }

    private static String dump(Tree tree) {
        StringBuilder s = new StringBuilder("\n");
        for (TreeItem item : tree.getItems()) {
            dump(item, 0, s);
        }
        return s.toString();
    }

    private static void dump(TreeItem item, int depth, StringBuilder s) {
        s.append("  ".repeat(depth)).append(item.getText(0)).append(" | ").append(item.getText(1)).append('\n');
        for (TreeItem child : item.getItems()) {
            dump(child, depth + 1, s);
        }
    }
}
