package io.kubetriage.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.eclipse.core.commands.ExecutionException;
import org.eclipse.core.commands.NotEnabledException;
import org.eclipse.core.commands.NotHandledException;
import org.eclipse.core.commands.common.NotDefinedException;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.IHandlerService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.kubetriage.core.snapshot.ApiObject;
import io.kubetriage.core.snapshot.Snapshot;
import io.kubetriage.core.snapshot.SnapshotManifest;
import io.kubetriage.core.snapshot.SourceState;
import io.kubetriage.core.snapshot.SourceStatus;
import io.kubetriage.core.snapshot.store.ObjectJson;
import io.kubetriage.core.snapshot.store.SnapshotFormatException;
import io.kubetriage.core.snapshot.store.SnapshotStore;
import io.kubetriage.test.support.ui.UiWait;
import io.kubetriage.test.support.ui.Widgets;
import io.kubetriage.ui.internal.snapshots.DeleteSnapshotHandler;
import io.kubetriage.ui.internal.snapshots.RenameSnapshotHandler;
import io.kubetriage.ui.internal.snapshots.SnapshotCompareIds;
import io.kubetriage.ui.internal.snapshots.SnapshotEntry;
import io.kubetriage.ui.internal.snapshots.SnapshotLabels;
import io.kubetriage.ui.internal.snapshots.SnapshotLibrary;
import io.kubetriage.ui.internal.snapshots.SnapshotsView;

/**
 * The Snapshots view and the snapshot compare editor in the running workbench, on two snapshots
 * built in code and written into the workspace's library: one object of each change kind, and a
 * Pod whose status alone changed.
 */
class SnapshotCompareEditorTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String COMPARE = "io.kubetriage.ui.commands.compareSnapshots";
    private static final String RENAME = "io.kubetriage.ui.commands.renameSnapshot";
    private static final String DELETE = "io.kubetriage.ui.commands.deleteSnapshots";
    private static final String BEFORE_NAME = "before-snap";
    private static final String AFTER_NAME = "after-snap";
    private static final String SEP = SnapshotCompareIds.SEPARATOR;

    @TempDir
    Path tmp;

    private Display display;
    private IWorkbenchPage page;
    private SnapshotLibrary library;
    private String cluster;

    @BeforeEach
    void setUp() {
        display = PlatformUI.getWorkbench().getDisplay();
        page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        library = SnapshotLibrary.getDefault();
        cluster = "snapshot-test-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void cleanUp() throws IOException {
        page.closeAllEditors(false);
        TestCluster.cleanUp(display, page, library, cluster, WAIT, List.of(), List.of());
        library.refreshNow();
        UiWait.settle(display);
    }

    // ---------------------------------------------------------------- compare editor

    @Test
    void compareEditorShowsEachChangeKindAndTheStatusToggleBringsBackAStatusOnlyChange() throws Exception {
        Path beforeFile = library.add(beforeSnapshot());
        Path afterFile = library.add(afterSnapshot());
        SnapshotsView view = showSnapshotsView();
        Tree snapshots = (Tree) Widgets.find(display, SnapshotsView.TREE_ID);
        UiWait.until(display, "both snapshots listed", WAIT, () -> snapshotRows(snapshots).size() == 2,
                () -> dump(snapshots));

        // The newer one first in the selection: the editor still puts the older one on the left.
        view.viewer().setSelection(new StructuredSelection(
                List.of(SnapshotLibrary.entry(afterFile), SnapshotLibrary.entry(beforeFile))));
        execute(COMPARE);

        UiWait.until(display, "the compare tree", WAIT, () -> leaf(compareTree(), "web") != null,
                () -> compareTree() == null ? "no tree" : dump(compareTree()));
        Tree tree = compareTree();
        assertTrue(page.isEditorAreaVisible(), "compare editors need the editor area");
        assertEquals(BEFORE_NAME + " ↔ " + AFTER_NAME, page.getActiveEditor().getTitle());

        assertEquals(Set.of("ConfigMap (5)", "Deployment.apps (1)", "Namespace (1)", "Service (1)"), texts(tree.getItems()),
                dump(tree));
        assertEquals(Set.of("kube-system (1)", "shop (4)"), texts(item(tree.getItems(), "ConfigMap (5)").getItems()));

        assertEquals("removed-cm" + SEP + "removed", leaf(tree, "removed-cm").getText());
        assertEquals("web" + SEP + "changed (resourceVersion 200 → 300)", leaf(tree, "web").getText());
        assertEquals("rollback" + SEP + "resourceVersion went back 500 → 450", leaf(tree, "rollback").getText());
        assertEquals("api" + SEP + "deleted and re-created (UID changed)", leaf(tree, "api").getText());
        assertEquals("new-cm" + SEP + "added", leaf(tree, "new-cm").getText());
        assertEquals("old-cm" + SEP + "reappeared after deletion (resourceVersion 90)", leaf(tree, "old-cm").getText());
        assertEquals("same-rv" + SEP + "same resourceVersion 300, different content", leaf(tree, "same-rv").getText());
        TreeItem teamB = leaf(tree, "team-b");
        assertEquals("team-b" + SEP + "added", teamB.getText());
        assertEquals("Namespace (1)", teamB.getParentItem().getText(), "cluster-scoped objects sit under their kind");
        assertNull(leaf(tree, "status-only"), "a status-only change is noise by default");
        assertNull(leaf(tree, "node-1"), "equal objects are not listed");

        Label summary = (Label) Widgets.find(display, SnapshotCompareIds.SUMMARY);
        assertTrue(summary.getText().startsWith("8 objects differ: 2 added, 1 removed, 1 changed"), summary.getText());

        Button hideStatus = (Button) Widgets.find(display, SnapshotCompareIds.HIDE_STATUS);
        assertTrue(hideStatus.getSelection());
        click(hideStatus, false);
        UiWait.until(display, "the status-only change listed", WAIT, () -> leaf(compareTree(), "status-only") != null,
                () -> dump(compareTree()));
        assertEquals("status-only" + SEP + "changed (resourceVersion 160 → 610)",
                leaf(compareTree(), "status-only").getText());
        assertTrue(summary.getText().startsWith("9 objects differ"), summary.getText());

        // Its YAML on both sides, status included.
        select(compareTree(), leaf(compareTree(), "status-only"));
        UiWait.until(display, "both sides' YAML", WAIT,
                () -> styledTexts(page.getWorkbenchWindow().getShell()).stream().anyMatch(t -> t.contains("phase: Pending"))
                        && styledTexts(page.getWorkbenchWindow().getShell()).stream()
                                .anyMatch(t -> t.contains("phase: Running")),
                () -> String.join("\n----\n", styledTexts(page.getWorkbenchWindow().getShell())));

        click(hideStatus, true);
        UiWait.until(display, "the status-only change gone again", WAIT, () -> leaf(compareTree(), "status-only") == null,
                () -> dump(compareTree()));
        assertTrue(summary.getText().startsWith("8 objects differ"), summary.getText());
        assertEquals("web" + SEP + "changed (resourceVersion 200 → 300)", leaf(compareTree(), "web").getText());
    }

    // ---------------------------------------------------------------- Snapshots view

    @Test
    void snapshotsViewListsTheSnapshotsUnderTheirClusterAndRenamesAndDeletes() throws Exception {
        Path beforeFile = library.add(beforeSnapshot());
        Path afterFile = library.add(afterSnapshot());
        SnapshotsView view = showSnapshotsView();
        Tree tree = (Tree) Widgets.find(display, SnapshotsView.TREE_ID);
        UiWait.until(display, "both snapshots listed", WAIT, () -> snapshotRows(tree).size() == 2, () -> dump(tree));

        TreeItem clusterRow = clusterRow(tree);
        assertEquals("2 snapshots", clusterRow.getText(column(tree, SnapshotsView.COL_CAPTURED)));
        List<TreeItem> rows = snapshotRows(tree);
        assertEquals(AFTER_NAME, rows.get(0).getText(0), "newest first");
        assertEquals(BEFORE_NAME, rows.get(1).getText(0));
        assertEquals("9", rows.get(0).getText(column(tree, SnapshotsView.COL_OBJECTS)), "events are not objects");
        assertEquals("7", rows.get(1).getText(column(tree, SnapshotsView.COL_OBJECTS)));
        assertEquals("partial: 1 source", rows.get(0).getText(column(tree, SnapshotsView.COL_COMPLETE)));
        assertEquals("yes", rows.get(1).getText(column(tree, SnapshotsView.COL_COMPLETE)));
        assertFalse(rows.get(0).getText(column(tree, SnapshotsView.COL_SIZE)).isEmpty());
        assertFalse(rows.get(0).getText(column(tree, SnapshotsView.COL_CAPTURED)).isEmpty());
        String details = SnapshotLabels.completenessDetails(SnapshotStore.readManifest(afterFile));
        assertTrue(details.contains("api:metrics.k8s.io/v1beta1/pods — failed: forbidden (403)"), details);

        // Rename (F2) through its dialog.
        view.viewer().setSelection(new StructuredSelection(SnapshotLibrary.entry(beforeFile)));
        DialogAnswer rename = answer(RenameSnapshotHandler.DIALOG_TITLE, shell -> {
            Text text = find(shell, Text.class, t -> true);
            text.setText("before the restore");
            press(shell, "OK");
        });
        execute(RENAME);
        rename.check();
        UiWait.until(display, "the new name listed", WAIT,
                () -> snapshotRows(tree).stream().anyMatch(r -> r.getText(0).equals("before the restore")),
                () -> dump(tree));
        assertEquals("before the restore", SnapshotStore.readManifest(beforeFile).name());

        // Delete: cancelled first, then confirmed; the dialog names the snapshot.
        view.viewer().setSelection(new StructuredSelection(SnapshotLibrary.entry(afterFile)));
        DialogAnswer cancel = answer(DeleteSnapshotHandler.DIALOG_TITLE, shell -> press(shell, "Cancel"));
        execute(DELETE);
        cancel.check();
        UiWait.until(display, "the library's jobs to end", WAIT,
                () -> Job.getJobManager().find(SnapshotLibrary.JOB_FAMILY).length == 0);
        assertTrue(Files.exists(afterFile), "cancel deletes nothing");

        AtomicReference<String> question = new AtomicReference<>();
        view.viewer().setSelection(new StructuredSelection(SnapshotLibrary.entry(afterFile)));
        DialogAnswer delete = answer(DeleteSnapshotHandler.DIALOG_TITLE, shell -> {
            Label message = find(shell, Label.class, l -> l.getText().startsWith("Delete the snapshot"));
            assertNotNull(message, "the confirmation's question");
            question.set(message.getText());
            press(shell, DeleteSnapshotHandler.DELETE_BUTTON);
        });
        execute(DELETE);
        delete.check();
        assertTrue(question.get().contains("'" + AFTER_NAME + "'") && question.get().contains(cluster), question.get());
        UiWait.until(display, "one snapshot left", WAIT, () -> snapshotRows(tree).size() == 1, () -> dump(tree));
        assertFalse(Files.exists(afterFile));
        assertEquals("before the restore", snapshotRows(tree).get(0).getText(0));
    }

    @Test
    void importChecksTheFileFirstAndCopiesASnapshotIntoItsClusterFolder() throws Exception {
        Path junk = tmp.resolve("junk.ktsnap");
        Files.writeString(junk, "not a zip");
        SnapshotFormatException refused = assertThrows(SnapshotFormatException.class, () -> library.importFile(junk));
        assertTrue(refused.problem().contains("not a Kubetriage snapshot"), refused.problem());
        assertFalse(Files.exists(library.folderOf(cluster)));

        Path outside = tmp.resolve("from-a-colleague.ktsnap");
        SnapshotStore.write(beforeSnapshot(), outside);
        Path copy = library.importFile(outside);
        assertEquals(library.folderOf(cluster), copy.getParent());
        SnapshotEntry entry = SnapshotLibrary.entry(copy);
        assertEquals(BEFORE_NAME, entry.name());
        Path again = library.importFile(outside);
        assertFalse(again.equals(copy), "a second import gets a name of its own");

        Path exported = tmp.resolve("out/exported.ktsnap");
        Files.createDirectories(exported.getParent());
        library.export(entry, exported);
        assertEquals(BEFORE_NAME, SnapshotStore.readManifest(exported).name());
    }

    // ---------------------------------------------------------------- snapshots

    /** Before: what the cluster held first. */
    private Snapshot beforeSnapshot() {
        Instant start = Instant.now().minusSeconds(3600);
        return snapshot(BEFORE_NAME, start, List.of(
                obj("v1", "ConfigMap", "shop", "removed-cm", "u-removed", 100, "\"data\":{\"a\":\"1\"}"),
                obj("apps/v1", "Deployment", "shop", "web", "u-web", 200, "\"spec\":{\"replicas\":2}"),
                obj("v1", "ConfigMap", "shop", "rollback", "u-rollback", 500, "\"data\":{\"a\":\"1\"}"),
                obj("v1", "ConfigMap", "shop", "same-rv", "u-same", 300, "\"data\":{\"a\":\"1\"}"),
                obj("v1", "Service", "shop", "api", "u-api-1", 150, "\"spec\":{\"ports\":[{\"port\":80}]}"),
                obj("v1", "Pod", "shop", "status-only", "u-pod", 160,
                        "\"spec\":{\"nodeName\":\"node-1\"},\"status\":{\"phase\":\"Pending\"}"),
                obj("v1", "Node", "", "node-1", "u-node", 170, "\"spec\":{}")), false);
    }

    /** After: one object of each change kind, a status-only change, an unchanged node. */
    private Snapshot afterSnapshot() {
        Instant start = Instant.now().minusSeconds(600);
        return snapshot(AFTER_NAME, start, List.of(
                obj("apps/v1", "Deployment", "shop", "web", "u-web", 300, "\"spec\":{\"replicas\":3}"),
                obj("v1", "ConfigMap", "shop", "rollback", "u-rollback", 450, "\"data\":{\"a\":\"0\"}"),
                obj("v1", "ConfigMap", "shop", "same-rv", "u-same", 300, "\"data\":{\"a\":\"2\"}"),
                obj("v1", "Service", "shop", "api", "u-api-2", 600, "\"spec\":{\"ports\":[{\"port\":80}]}"),
                obj("v1", "Pod", "shop", "status-only", "u-pod", 610,
                        "\"spec\":{\"nodeName\":\"node-1\"},\"status\":{\"phase\":\"Running\"}"),
                obj("v1", "Node", "", "node-1", "u-node", 170, "\"spec\":{}"),
                obj("v1", "ConfigMap", "shop", "new-cm", "u-new", 700, "\"data\":{}"),
                obj("v1", "ConfigMap", "kube-system", "old-cm", "u-old", 90, "\"data\":{}"),
                obj("v1", "Namespace", "", "team-b", "u-ns", 620, "\"spec\":{}")), true);
    }

    private Snapshot snapshot(String name, Instant start, List<ApiObject> objects, boolean withFailedSource) {
        Map<String, Long> perType = new LinkedHashMap<>();
        for (ApiObject o : objects) {
            perType.merge("api:" + o.apiVersion() + "/" + o.key().kind().toLowerCase() + "s", 1L, Long::sum);
        }
        List<SourceStatus> sources = new ArrayList<>();
        perType.forEach((source, count) -> sources.add(SourceStatus.complete(source, count)));
        sources.add(SourceStatus.complete("api:v1/events", 4));
        if (withFailedSource) {
            sources.add(new SourceStatus("api:metrics.k8s.io/v1beta1/pods", SourceState.FAILED, 0, "forbidden (403)"));
        }
        SnapshotManifest manifest = new SnapshotManifest(SnapshotStore.FORMAT_VERSION, UUID.randomUUID().toString(), name,
                cluster, "https://127.0.0.1:6443", "v1.29.1", start, start.plusSeconds(3), "test", true, sources);
        return new Snapshot(manifest, objects, List.of(), Map.of());
    }

    private static ApiObject obj(String apiVersion, String kind, String namespace, String name, String uid, long rv,
            String rest) {
        return ObjectJson.wrap("{\"apiVersion\":\"" + apiVersion + "\",\"kind\":\"" + kind + "\",\"metadata\":{\"name\":\""
                + name + "\"" + (namespace.isEmpty() ? "" : ",\"namespace\":\"" + namespace + "\"") + ",\"uid\":\"" + uid
                + "\",\"resourceVersion\":\"" + rv + "\",\"creationTimestamp\":\"2024-05-01T10:00:00Z\"}," + rest + "}");
    }

    // ---------------------------------------------------------------- workbench helpers

    private SnapshotsView showSnapshotsView() throws Exception {
        SnapshotsView view = (SnapshotsView) page.showView(SnapshotsView.ID);
        page.activate(view);
        return view;
    }

    private void execute(String commandId)
            throws ExecutionException, NotDefinedException, NotEnabledException, NotHandledException {
        IHandlerService handlers = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getService(IHandlerService.class);
        handlers.executeCommand(commandId, null);
    }

    /** What became of a dialog the test answers. */
    private static final class DialogAnswer {
        private final AtomicBoolean answered = new AtomicBoolean();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final String title;

        DialogAnswer(String title) {
            this.title = title;
        }

        /** Fails unless the dialog was open and answered without a problem. */
        void check() {
            if (failure.get() != null) {
                throw new AssertionError("answering '" + title + "' failed", failure.get());
            }
            assertTrue(answered.get(), "the dialog '" + title + "' was never open");
        }
    }

    /**
     * Answers the dialog with that title once it is open: the command opening it blocks in the
     * dialog's event loop, which runs this poll. When the answer fails, the dialog is closed so that
     * the command returns, and {@link DialogAnswer#check()} reports the failure.
     */
    private DialogAnswer answer(String title, Consumer<Shell> answer) {
        DialogAnswer result = new DialogAnswer(title);
        long deadline = System.nanoTime() + WAIT.toNanos();
        Runnable poll = new Runnable() {
            @Override
            public void run() {
                for (Shell shell : display.getShells()) {
                    if (!shell.isDisposed() && shell.isVisible() && title.equals(shell.getText())) {
                        result.answered.set(true);
                        try {
                            answer.accept(shell);
                        } catch (RuntimeException | AssertionError e) {
                            result.failure.set(e);
                            if (!shell.isDisposed()) {
                                shell.close();
                            }
                        }
                        return;
                    }
                }
                if (System.nanoTime() < deadline) {
                    display.timerExec(50, this);
                }
            }
        };
        display.timerExec(50, poll);
        return result;
    }

    private static void press(Shell shell, String label) {
        Button button = find(shell, Button.class, b -> b.getText().replace("&", "").equals(label));
        assertNotNull(button, "no button " + label + " in " + shell.getText());
        button.notifyListeners(SWT.Selection, new Event());
    }

    private static void click(Button check, boolean selected) {
        check.setSelection(selected);
        check.notifyListeners(SWT.Selection, new Event());
    }

    private static void select(Tree tree, TreeItem item) {
        tree.setSelection(item);
        Event event = new Event();
        event.item = item;
        tree.notifyListeners(SWT.Selection, event);
    }

    private static <T extends Control> T find(Control root, Class<T> type, java.util.function.Predicate<T> test) {
        if (type.isInstance(root) && test.test(type.cast(root))) {
            return type.cast(root);
        }
        if (root instanceof Composite composite) {
            for (Control child : composite.getChildren()) {
                T found = find(child, type, test);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static List<String> styledTexts(Control root) {
        List<String> texts = new ArrayList<>();
        collectStyledTexts(root, texts);
        return texts;
    }

    private static void collectStyledTexts(Control root, List<String> into) {
        if (root instanceof StyledText text && !text.isDisposed()) {
            into.add(text.getText());
        }
        if (root instanceof Composite composite) {
            for (Control child : composite.getChildren()) {
                collectStyledTexts(child, into);
            }
        }
    }

    private Tree compareTree() {
        return (Tree) Widgets.find(display, SnapshotCompareIds.TREE);
    }

    /** The row of the object of that name anywhere in the tree, or null. */
    private static TreeItem leaf(Tree tree, String name) {
        return tree == null ? null : leaf(tree.getItems(), name);
    }

    private static TreeItem leaf(TreeItem[] items, String name) {
        for (TreeItem item : items) {
            if (item.getText().startsWith(name + SEP)) {
                return item;
            }
            TreeItem found = leaf(item.getItems(), name);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static TreeItem item(TreeItem[] items, String text) {
        for (TreeItem item : items) {
            if (item.getText().equals(text)) {
                return item;
            }
        }
        throw new AssertionError("no row " + text + " among " + texts(items));
    }

    private static Set<String> texts(TreeItem[] items) {
        Set<String> texts = new TreeSet<>();
        for (TreeItem item : items) {
            texts.add(item.getText());
        }
        return texts;
    }

    private TreeItem clusterRow(Tree tree) {
        for (TreeItem item : tree.getItems()) {
            if (item.getText(0).equals(cluster)) {
                return item;
            }
        }
        return null;
    }

    private List<TreeItem> snapshotRows(Tree tree) {
        TreeItem row = clusterRow(tree);
        return row == null ? List.of() : List.of(row.getItems());
    }

    private static int column(Tree tree, String title) {
        for (int i = 0; i < tree.getColumnCount(); i++) {
            if (tree.getColumn(i).getText().equals(title)) {
                return i;
            }
        }
        throw new AssertionError("no column " + title);
    }

    private static String dump(Tree tree) {
        StringBuilder s = new StringBuilder();
        dump(tree.getItems(), tree.getColumnCount(), "", s);
        return s.toString();
    }

    private static void dump(TreeItem[] items, int columns, String indent, StringBuilder s) {
        for (TreeItem item : items) {
            s.append('\n').append(indent);
            for (int i = 0; i < Math.max(1, columns); i++) {
                s.append(item.getText(i)).append(" | ");
            }
            dump(item.getItems(), columns, indent + "  ", s);
        }
    }
}
