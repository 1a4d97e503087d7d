package io.kubetriage.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.swtchart.Chart;
import org.eclipse.swtchart.ISeries;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.kubetriage.core.etcd.EtcdEndpoints;
import io.kubetriage.test.support.etcd.EtcdServerExtension;
import io.kubetriage.test.support.ui.UiWait;
import io.kubetriage.test.support.ui.Widgets;
import io.kubetriage.ui.internal.etcd.EtcdIds;
import io.kubetriage.ui.internal.etcd.EtcdRevisionsView;
import io.kubetriage.ui.internal.etcd.RestoreImpactEditor;
import io.kubetriage.ui.internal.etcd.RestoreTarget;

/**
 * The etcd Revisions view and the Restore Impact editor in the running workbench, against a real
 * etcd: a few Kubernetes objects stored as JSON, one of them updated several times, the store
 * compacted and saved with {@code etcdctl snapshot save}; then changed further, as a cluster goes
 * on after its backup was taken.
 */
class EtcdViewsTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern REVISION = Pattern.compile("\"revision\":(\\d+)");
    private static final Pattern MOD_REVISION = Pattern.compile("\"mod_revision\":(\\d+)");

    private static final String NAMESPACE = "/registry/namespaces/shop";
    private static final String WEB_CONFIG = "/registry/configmaps/shop/web-config";
    private static final String DB_CONFIG = "/registry/configmaps/shop/db-config";
    private static final String COREDNS = "/registry/configmaps/kube-system/coredns";
    private static final String WEB = "/registry/deployments/shop/web";
    private static final String NEW_CONFIG = "/registry/configmaps/shop/new-config";

    @RegisterExtension
    static final EtcdServerExtension ETCD = EtcdServerExtension.plain();

    private Display display;
    private IWorkbenchPage page;

    @BeforeEach
    void setUp() {
        display = PlatformUI.getWorkbench().getDisplay();
        page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
    }

    @AfterEach
    void cleanUp() {
        page.closeAllEditors(false);
        UiWait.until(display, "the etcd views' jobs to end", WAIT,
                () -> Job.getJobManager().find(EtcdIds.JOB_FAMILY).length == 0);
        if (page.findView(EtcdIds.VIEW_ID) != null) {
            page.hideView(page.findView(EtcdIds.VIEW_ID));
        }
        UiWait.settle(display);
    }

    @Test
    void backupShowsKeysByResourceAndNamespaceTheirHistoryAndChartsAndPreviewsItsRestore() throws Exception {
        // ------------------------------------------------------------ a store, compacted, and its backup
        put(NAMESPACE, object("v1", "Namespace", null, "shop", ""));
        put(WEB_CONFIG, configMap("shop", "web-config", "1"));
        put(DB_CONFIG, configMap("shop", "db-config", "x"));
        put(WEB, deployment("nginx:1.25", "3"));
        put(COREDNS, configMap("kube-system", "coredns", "forward . /etc/resolv.conf"));
        for (int v = 2; v <= 5; v++) {
            put(WEB_CONFIG, configMap("shop", "web-config", Integer.toString(v)));
        }
        long latest = modRevision(WEB_CONFIG);
        long previous = latest - 1; // version 4 of web-config: every put is a revision of its own
        long compactAt = previous;
        ETCD.etcdctl("compaction", "--physical=true", Long.toString(compactAt));
        Path backup = ETCD.workDir().resolve("etcd-backup.db");
        ETCD.etcdctl("snapshot", "save", backup.toString());
        assertTrue(Files.size(backup) > 0);
        long backupRevision = storeRevision();

        // ------------------------------------------------------------ the backup in the etcd Revisions view
        EtcdRevisionsView view = (EtcdRevisionsView) page.showView(EtcdIds.VIEW_ID);
        view.openBackup(backup);
        Label source = (Label) Widgets.find(display, EtcdIds.SOURCE);
        Tree tree = (Tree) Widgets.find(display, EtcdIds.TREE);
        UiWait.until(display, "the backup's keys listed", WAIT, () -> tree.getItemCount() == 3,
                () -> source.getText() + dump(tree));
        assertTrue(source.getText().contains("revision " + backupRevision), source.getText());
        assertTrue(source.getText().contains("compacted at " + compactAt), source.getText());
        assertTrue(source.getText().contains("5 keys"), source.getText());

        view.viewer().expandAll();
        assertEquals(Set.of("configmaps (3)", "deployments (1)", "namespaces (1)"), texts(tree.getItems()), dump(tree));
        TreeItem configMaps = item(tree.getItems(), "configmaps (3)");
        assertEquals(Set.of("kube-system (1)", "shop (2)"), texts(configMaps.getItems()), dump(tree));
        assertEquals(List.of("db-config", "web-config"), textList(item(configMaps.getItems(), "shop (2)").getItems()));
        assertEquals(List.of("coredns"), textList(item(configMaps.getItems(), "kube-system (1)").getItems()));
        assertEquals(List.of("web"), textList(item(item(tree.getItems(), "deployments (1)").getItems(), "shop (1)")
                .getItems()));
        assertEquals(List.of("shop"), textList(item(tree.getItems(), "namespaces (1)").getItems()),
                "cluster-scoped objects sit right under their resource");

        // The filter keeps the matching keys only.
        Text filter = (Text) Widgets.find(display, EtcdIds.FILTER);
        filter.setText("web-");
        UiWait.until(display, "the filtered tree", WAIT,
                () -> tree.getItemCount() == 1 && tree.getItem(0).getText().equals("configmaps (1)"), () -> dump(tree));
        filter.setText("");
        UiWait.until(display, "the whole tree again", WAIT, () -> tree.getItemCount() == 3, () -> dump(tree));

        // ------------------------------------------------------------ a key: details, YAML and history
        assertTrue(view.selectKey(WEB_CONFIG));
        Text details = (Text) Widgets.find(display, EtcdIds.DETAILS);
        assertTrue(details.getText().contains(WEB_CONFIG), details.getText());
        assertTrue(details.getText().contains("mod revision " + latest), details.getText());
        assertTrue(details.getText().contains("version 5"), details.getText());
        StyledText value = (StyledText) Widgets.find(display, EtcdIds.VALUE);
        assertTrue(value.getText().contains("name: web-config"), value.getText());
        assertTrue(value.getText().contains("kind: ConfigMap"), value.getText());
        assertTrue(value.getText().contains(Long.toString(latest)), "the resourceVersion is the mod revision: "
                + value.getText());

        Table history = (Table) Widgets.find(display, EtcdIds.HISTORY);
        Label historyMessage = (Label) Widgets.find(display, EtcdIds.HISTORY_MESSAGE);
        UiWait.until(display, "the key's history", WAIT, () -> history.getItemCount() == 3,
                () -> historyMessage.getText() + dump(history));
        assertEquals(Long.toString(latest), history.getItem(0).getText(0), "newest first: " + dump(history));
        assertEquals(Long.toString(previous), history.getItem(1).getText(0), dump(history));
        assertEquals(EtcdIds.COMPACTED_AT + compactAt, history.getItem(2).getText(0), dump(history));
        assertEquals("updated", history.getItem(0).getText(1));
        assertTrue(historyMessage.getText().contains("compacted at revision " + compactAt), historyMessage.getText());
        assertFalse(historyMessage.getText().contains("Exception"), historyMessage.getText());

        // Two revisions side by side.
        Button compare = (Button) Widgets.find(display, EtcdIds.COMPARE);
        assertFalse(compare.isEnabled());
        selectRows(history, 0, 1);
        assertTrue(compare.isEnabled(), "two revisions are selected");
        compare.notifyListeners(SWT.Selection, new Event());
        UiWait.until(display, "the compare editor of the two revisions", WAIT,
                () -> page.getActiveEditor() != null && page.getActiveEditor().getTitle()
                        .equals("web-config: revision " + previous + " ↔ " + latest),
                () -> page.getActiveEditor() == null ? "no editor" : page.getActiveEditor().getTitle());
        page.closeAllEditors(false);

        // ------------------------------------------------------------ charts
        Chart revisions = (Chart) Widgets.find(display, EtcdIds.REVISIONS_CHART);
        Chart gap = (Chart) Widgets.find(display, EtcdIds.GAP_CHART);
        assertNotNull(revisions);
        assertNotNull(gap);
        assertPoints(revisions);
        assertPoints(gap);
        assertTrue(seriesIds(revisions).containsAll(Set.of("configmaps", "deployments", "namespaces")),
                seriesIds(revisions).toString());

        // ------------------------------------------------------------ the cluster goes on; preview the restore
        put(WEB, deployment("nginx:1.26", "4"));
        ETCD.etcdctl("del", DB_CONFIG);
        put(NEW_CONFIG, configMap("shop", "new-config", "n"));
        long now = storeRevision();
        assertTrue(now > backupRevision);

        EtcdEndpoints endpoints = new EtcdEndpoints(List.of(ETCD.clientEndpoint()), null, null, null, null,
                Duration.ofSeconds(5), false);
        RestoreImpactEditor editor = RestoreImpactEditor.open(page, backup,
                RestoreTarget.etcd("etcd-test", endpoints, null));
        assertNotNull(editor);
        Table impact = (Table) Widgets.find(display, EtcdIds.IMPACT_TABLE);
        Label summary = (Label) Widgets.find(display, EtcdIds.IMPACT_SUMMARY);
        UiWait.until(display, "the restore preview", WAIT, () -> impact.getItemCount() == 3,
                () -> summary.getText() + dump(impact));

        int impactColumn = column(impact, EtcdIds.COL_IMPACT);
        int nameColumn = column(impact, EtcdIds.COL_NAME);
        assertEquals(EtcdIds.WOULD_GO_BACK, row(impact, nameColumn, "web").getText(impactColumn), dump(impact));
        assertEquals(EtcdIds.WOULD_COME_BACK, row(impact, nameColumn, "db-config").getText(impactColumn), dump(impact));
        assertEquals(EtcdIds.WOULD_DISAPPEAR, row(impact, nameColumn, "new-config").getText(impactColumn), dump(impact));
        assertEquals("Deployment.apps", row(impact, nameColumn, "web").getText(column(impact, EtcdIds.COL_KIND)));
        assertTrue(row(impact, nameColumn, "web").getText(column(impact, EtcdIds.COL_DETAILS)).contains("nginx:1.26"),
                dump(impact));

        assertTrue(summary.getText().contains("from revision " + now + " back to " + backupRevision),
                summary.getText());
        assertEquals(display.getSystemColor(SWT.COLOR_RED), summary.getForeground(), "objects would go back");
        Label revisionLine = (Label) Widgets.find(display, EtcdIds.IMPACT_REVISIONS);
        Matcher drop = Pattern.compile("would go back (\\d+) revision").matcher(revisionLine.getText());
        assertTrue(drop.find(), revisionLine.getText());
        assertEquals(now - backupRevision, Long.parseLong(drop.group(1)));
        assertTrue(Long.parseLong(drop.group(1)) > 0);

        // A filter per impact kind.
        Button goBack = (Button) Widgets.find(display, EtcdIds.IMPACT_FILTER_PREFIX + "WOULD_GO_BACK");
        assertTrue(goBack.getText().startsWith(EtcdIds.WOULD_GO_BACK + " (1)"), goBack.getText());
        goBack.setSelection(false);
        goBack.notifyListeners(SWT.Selection, new Event());
        assertEquals(2, impact.getItemCount(), dump(impact));
        goBack.setSelection(true);
        goBack.notifyListeners(SWT.Selection, new Event());
        assertEquals(3, impact.getItemCount(), dump(impact));

        // A double-click shows the object in the backup and now side by side.
        TableItem web = row(impact, nameColumn, "web");
        impact.setSelection(web);
        impact.notifyListeners(SWT.Selection, selectionEvent(web));
        impact.notifyListeners(SWT.DefaultSelection, selectionEvent(web));
        UiWait.until(display, "the compare editor of the Deployment", WAIT,
                () -> page.getActiveEditor() != null
                        && page.getActiveEditor().getTitle().equals("Deployment shop/web: backup ↔ now"),
                () -> titles());
    }

    // ---------------------------------------------------------------- etcd

    private static void put(String key, String value) throws IOException {
        ETCD.etcdctl("put", key, value);
    }

    private static long modRevision(String key) throws IOException {
        return first(MOD_REVISION, ETCD.etcdctl("get", key, "-w", "json").stdout());
    }

    private static long storeRevision() throws IOException {
        return first(REVISION, ETCD.etcdctl("get", "/registry/", "--prefix", "--keys-only", "--limit", "1", "-w", "json").stdout());
    }

    private static long first(Pattern pattern, String json) {
        Matcher matcher = pattern.matcher(json);
        assertTrue(matcher.find(), json);
        return Long.parseLong(matcher.group(1));
    }

    private static String configMap(String namespace, String name, String data) {
        return object("v1", "ConfigMap", namespace, name, ",\"data\":{\"value\":\"" + data + "\"}");
    }

    private static String deployment(String image, String rolloutRevision) {
        return "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\",\"namespace\":\"shop\","
                + "\"uid\":\"u-web\",\"annotations\":{\"deployment.kubernetes.io/revision\":\"" + rolloutRevision + "\"}},"
                + "\"spec\":{\"replicas\":2,\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\""
                + image + "\"}]}}}}";
    }

    private static String object(String apiVersion, String kind, String namespace, String name, String rest) {
        return "{\"apiVersion\":\"" + apiVersion + "\",\"kind\":\"" + kind + "\",\"metadata\":{\"name\":\"" + name
                + "\"" + (namespace == null ? "" : ",\"namespace\":\"" + namespace + "\"") + ",\"uid\":\"u-" + name
                + "\"}" + rest + "}";
    }

    // ---------------------------------------------------------------- widgets

    private static void assertPoints(Chart chart) {
        ISeries<?>[] series = chart.getSeriesSet().getSeries();
        assertTrue(series.length > 0, "no series in " + chart.getTitle().getText());
        for (ISeries<?> s : series) {
            assertTrue(s.getYSeries().length > 0, "series " + s.getId() + " has no points");
        }
    }

    private static Set<String> seriesIds(Chart chart) {
        Set<String> ids = new TreeSet<>();
        for (ISeries<?> s : chart.getSeriesSet().getSeries()) {
            ids.add(s.getId());
        }
        return ids;
    }

    private static void selectRows(Table table, int... indices) {
        table.setSelection(indices);
        Event event = new Event();
        event.item = table.getItem(indices[0]);
        table.notifyListeners(SWT.Selection, event);
    }

    private static Event selectionEvent(TableItem item) {
        Event event = new Event();
        event.item = item;
        return event;
    }

    private String titles() {
        List<String> titles = new ArrayList<>();
        for (var reference : page.getEditorReferences()) {
            titles.add(reference.getTitle());
        }
        IEditorPart active = page.getActiveEditor();
        return titles + " active: " + (active == null ? "none" : active.getTitle());
    }

    private static int column(Table table, String title) {
        for (int i = 0; i < table.getColumnCount(); i++) {
            if (table.getColumn(i).getText().equals(title)) {
                return i;
            }
        }
        throw new AssertionError("no column " + title);
    }

    private static TableItem row(Table table, int column, String text) {
        for (TableItem item : table.getItems()) {
            if (item.getText(column).equals(text)) {
                return item;
            }
        }
        throw new AssertionError("no row " + text + " in" + dump(table));
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
        return new TreeSet<>(textList(items));
    }

    private static List<String> textList(TreeItem[] items) {
        List<String> texts = new ArrayList<>();
        for (TreeItem item : items) {
            texts.add(item.getText());
        }
        return texts;
    }

    private static String dump(Tree tree) {
        StringBuilder s = new StringBuilder();
        dump(tree.getItems(), "", s);
        return s.toString();
    }

    private static void dump(TreeItem[] items, String indent, StringBuilder s) {
        for (TreeItem item : items) {
            s.append('\n').append(indent).append(item.getText());
            dump(item.getItems(), indent + "  ", s);
        }
    }

    private static String dump(Table table) {
        StringBuilder s = new StringBuilder();
        for (TableItem item : table.getItems()) {
            s.append('\n');
            for (int i = 0; i < table.getColumnCount(); i++) {
                s.append(item.getText(i)).append(" | ");
            }
        }
        return s.toString();
    }
}
