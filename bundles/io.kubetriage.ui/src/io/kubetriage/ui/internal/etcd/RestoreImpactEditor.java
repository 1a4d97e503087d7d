package io.kubetriage.ui.internal.etcd;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.layout.TableColumnLayout;
import org.eclipse.jface.resource.FontDescriptor;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.jface.resource.LocalResourceManager;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ColumnViewerToolTipSupport;
import org.eclipse.jface.viewers.ColumnWeightData;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.jface.viewers.Viewer;
import org.eclipse.jface.viewers.ViewerFilter;
import org.eclipse.jface.window.ToolTip;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IEditorSite;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.part.EditorPart;
import org.eclipse.ui.progress.IWorkbenchSiteProgressService;

import io.kubetriage.connector.etcd.snapshot.EtcdSnapshotBuilder;
import io.kubetriage.connector.etcd.snapshot.ImpactEntry;
import io.kubetriage.connector.etcd.snapshot.ImpactKind;
import io.kubetriage.connector.etcd.snapshot.RestoreImpact;
import io.kubetriage.connector.etcd.snapshot.RestoreImpactReport;
import io.kubetriage.core.etcd.section.EtcdSection;
import io.kubetriage.core.etcd.section.EtcdSectionCodec;
import io.kubetriage.core.etcd.section.EtcdSectionFormatException;
import io.kubetriage.core.snapshot.Snapshot;
import io.kubetriage.core.snapshot.store.SnapshotFormatException;
import io.kubetriage.core.snapshot.store.SnapshotStore;
import io.kubetriage.ui.internal.compare.TextCompareInput;
import io.kubetriage.ui.internal.TestIds;
import io.kubetriage.ui.internal.etcd.EtcdRevisionsView.EtcdJob;

/**
 * What restoring an etcd backup would do, before anyone does it: one paragraph in plain words at
 * the top (red when the restore would lose something), how far the store's revision would go
 * back, and every object that would go back to an older version, disappear, or come back, with
 * a filter per kind of impact. A double-click shows the object now and in the backup side by side.
 */
public final class RestoreImpactEditor extends EditorPart {

    public static final String ID = EtcdIds.RESTORE_IMPACT_EDITOR_ID;

    /** The impacts listed, in the order of their filters. */
    private static final ImpactKind[] LISTED = { ImpactKind.WOULD_GO_BACK, ImpactKind.WOULD_DISAPPEAR,
            ImpactKind.WOULD_COME_BACK, ImpactKind.NEWER_IN_BACKUP };

    private LocalResourceManager resources;
    private Label summary;
    private Label revisions;
    private Label message;
    private final Map<ImpactKind, Button> filters = new EnumMap<>(ImpactKind.class);
    private final Set<ImpactKind> shown = EnumSet.of(ImpactKind.WOULD_GO_BACK, ImpactKind.WOULD_DISAPPEAR,
            ImpactKind.WOULD_COME_BACK, ImpactKind.NEWER_IN_BACKUP);
    private TableViewer table;

    private volatile RestoreImpactReport report;
    private ImpactVersions versions;
    private Job job;
    private int generation;

    /**
     * Opens the preview of restoring the backup onto the target, or shows the one already open and
     * compares again.
     */
    public static RestoreImpactEditor open(IWorkbenchPage page, Path backup, RestoreTarget target)
            throws PartInitException {
        RestoreImpactInput input = new RestoreImpactInput(backup, target);
        boolean wasOpen = page.findEditor(input) != null;
        if (!page.isEditorAreaVisible()) {
            page.setEditorAreaVisible(true);
        }
        IEditorPart part = page.openEditor(input, ID, true);
        RestoreImpactEditor editor = (RestoreImpactEditor) part;
        if (wasOpen) {
            editor.analyse();
        }
        return editor;
    }

    @Override
    public void init(IEditorSite site, IEditorInput input) throws PartInitException {
        if (!(input instanceof RestoreImpactInput)) {
            throw new PartInitException("The Restore Impact editor opens on a backup and a target, not on " + input);
        }
        setSite(site);
        setInput(input);
        setPartName(input.getName());
        setTitleToolTip(input.getToolTipText());
    }

    public RestoreImpactInput input() {
        return (RestoreImpactInput) getEditorInput();
    }

    @Override
    public void createPartControl(Composite parent) {
        resources = new LocalResourceManager(JFaceResources.getResources(), parent);
        Composite area = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().margins(8, 8).spacing(0, 6).applyTo(area);

        summary = new Label(area, SWT.WRAP);
        summary.setData(TestIds.KEY, EtcdIds.IMPACT_SUMMARY);
        summary.setFont(resources.create(FontDescriptor.createFrom(JFaceResources.getDefaultFont()).increaseHeight(3)));
        GridDataFactory.fillDefaults().grab(true, false).hint(400, SWT.DEFAULT).applyTo(summary);

        revisions = new Label(area, SWT.WRAP);
        revisions.setData(TestIds.KEY, EtcdIds.IMPACT_REVISIONS);
        revisions.setFont(JFaceResources.getBannerFont());
        GridDataFactory.fillDefaults().grab(true, false).hint(400, SWT.DEFAULT).applyTo(revisions);

        Composite bar = new Composite(area, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(LISTED.length + 1).spacing(12, 0).applyTo(bar);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(bar);
        new Label(bar, SWT.NONE).setText("Show:");
        for (ImpactKind kind : LISTED) {
            Button toggle = new Button(bar, SWT.CHECK);
            toggle.setData(TestIds.KEY, EtcdIds.IMPACT_FILTER_PREFIX + kind.name());
            toggle.setSelection(true);
            toggle.setText(label(kind));
            toggle.setToolTipText(description(kind));
            toggle.addListener(SWT.Selection, e -> {
                if (toggle.getSelection()) {
                    shown.add(kind);
                } else {
                    shown.remove(kind);
                }
                table.refresh();
            });
            filters.put(kind, toggle);
        }

        message = new Label(area, SWT.WRAP);
        message.setData(TestIds.KEY, EtcdIds.IMPACT_MESSAGE);
        GridDataFactory.fillDefaults().grab(true, false).hint(400, SWT.DEFAULT).applyTo(message);

        Composite holder = new Composite(area, SWT.NONE);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(holder);
        TableColumnLayout columns = new TableColumnLayout();
        holder.setLayout(columns);
        table = new TableViewer(holder, SWT.SINGLE | SWT.FULL_SELECTION | SWT.V_SCROLL | SWT.H_SCROLL | SWT.BORDER);
        table.getTable().setData(TestIds.KEY, EtcdIds.IMPACT_TABLE);
        table.getTable().setHeaderVisible(true);
        table.getTable().setLinesVisible(true);
        table.setContentProvider(ArrayContentProvider.getInstance());
        ColumnViewerToolTipSupport.enableFor(table, ToolTip.NO_RECREATE);
        table.addFilter(new ViewerFilter() {
            @Override
            public boolean select(Viewer viewer, Object parentElement, Object element) {
                return element instanceof ImpactEntry entry && shown.contains(entry.impact());
            }
        });
        column(columns, EtcdIds.COL_IMPACT, 14, new ImpactLabels());
        column(columns, EtcdIds.COL_KIND, 14, labels(e -> e.key().kind()
                + (e.key().group().isEmpty() ? "" : "." + e.key().group())));
        column(columns, EtcdIds.COL_NAMESPACE, 12, labels(e -> e.key().namespace()));
        column(columns, EtcdIds.COL_NAME, 18, labels(e -> e.key().name()));
        column(columns, EtcdIds.COL_MOD_REVISION, 16, labels(RestoreImpactEditor::revisions));
        column(columns, EtcdIds.COL_DETAILS, 26, labels(RestoreImpactEditor::details));
        table.addDoubleClickListener(e -> {
            if (((IStructuredSelection) e.getSelection()).getFirstElement() instanceof ImpactEntry entry) {
                compare(entry);
            }
        });
        getSite().setSelectionProvider(table);
        analyse();
    }

    private interface Cell {
        String text(ImpactEntry entry);
    }

    private static ColumnLabelProvider labels(Cell cell) {
        return new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return element instanceof ImpactEntry entry ? cell.text(entry) : "";
            }

            @Override
            public String getToolTipText(Object element) {
                return element instanceof ImpactEntry entry ? description(entry.impact()) : null;
            }
        };
    }

    private void column(TableColumnLayout layout, String title, int weight, ColumnLabelProvider labels) {
        TableViewerColumn column = new TableViewerColumn(table, SWT.LEFT);
        column.getColumn().setText(title);
        column.getColumn().setMoveable(true);
        column.setLabelProvider(labels);
        layout.setColumnData(column.getColumn(), new ColumnWeightData(weight, 50, true));
    }

    /** Reads the backup and the target and compares them, in a job; the result replaces what is shown. */
    public Job analyse() {
        if (job != null) {
            job.cancel();
        }
        int running = ++generation;
        RestoreImpactInput in = input();
        summary.setText("Comparing " + in.backup().getFileName() + " with " + in.target().describe() + "…");
        summary.setForeground(null);
        revisions.setText("");
        message.setText("");
        table.setInput(new Object[0]);
        Display display = summary.getDisplay();
        job = new EtcdJob("Previewing the restore of " + in.backup().getFileName()) {
            @Override
            protected IStatus run(IProgressMonitor monitor) {
                try {
                    Result result = compute(in, monitor);
                    later(display, running, () -> show(result));
                } catch (OperationCanceledException e) {
                    later(display, running, () -> fail("The comparison was cancelled."));
                    return Status.CANCEL_STATUS;
                } catch (EtcdSourceException e) {
                    later(display, running, () -> fail(e.getMessage()));
                }
                return Status.OK_STATUS;
            }
        };
        getSite().getService(IWorkbenchSiteProgressService.class).schedule(job, 0, true);
        return job;
    }

    private record Result(RestoreImpactReport report, ImpactVersions versions) {
    }

    private static Result compute(RestoreImpactInput in, IProgressMonitor monitor) throws EtcdSourceException {
        SubMonitor progress = SubMonitor.convert(monitor, "Previewing the restore of " + in.backup().getFileName(), 10);
        EtcdSection backup = EtcdSource.backup(in.backup()).read(progress.split(4));
        progress.checkCanceled();
        return switch (in.target()) {
            case RestoreTarget.Etcd etcd -> {
                EtcdSection now = etcd.source().read(progress.split(5));
                progress.subTask("Comparing " + now.keys().size() + " keys with " + backup.keys().size());
                RestoreImpactReport report = RestoreImpact.analyse(now, backup);
                progress.split(1);
                yield new Result(report, ImpactVersions.of(now, backup));
            }
            case RestoreTarget.OfSnapshot target -> {
                Snapshot snapshot = readSnapshot(target);
                progress.split(3);
                Optional<EtcdSection> section;
                try {
                    section = EtcdSectionCodec.fromSnapshot(snapshot);
                } catch (EtcdSectionFormatException e) {
                    throw new EtcdSourceException("The etcd keys of " + target.describe() + " cannot be read: "
                            + e.getMessage(), e);
                }
                if (section.isPresent()) {
                    RestoreImpactReport report = RestoreImpact.analyse(section.get(), backup);
                    progress.split(3);
                    yield new Result(report, ImpactVersions.of(section.get(), backup));
                }
                // No etcd keys in the snapshot: compare API objects and their resourceVersions.
                Snapshot backupSnapshot = new EtcdSnapshotBuilder().fromSection(backup,
                        snapshot.manifest().clusterName());
                progress.split(1);
                try {
                    RestoreImpactReport report = RestoreImpact.analyse(snapshot, backupSnapshot);
                    progress.split(2);
                    yield new Result(report, ImpactVersions.of(snapshot, backupSnapshot));
                } catch (EtcdSectionFormatException e) {
                    throw new EtcdSourceException("The etcd keys of the backup cannot be read: " + e.getMessage(), e);
                }
            }
        };
    }

    private static Snapshot readSnapshot(RestoreTarget.OfSnapshot target) throws EtcdSourceException {
        try {
            return SnapshotStore.read(target.entry().file());
        } catch (SnapshotFormatException e) {
            throw new EtcdSourceException(target.describe() + " cannot be read: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new EtcdSourceException("Could not read " + target.describe() + ": " + e.getMessage(), e);
        }
    }

    private void later(Display display, int running, Runnable runnable) {
        if (display.isDisposed()) {
            return;
        }
        display.asyncExec(() -> {
            if (running == generation && !summary.isDisposed()) {
                runnable.run();
            }
        });
    }

    private void fail(String why) {
        summary.setText(why);
        summary.setForeground(summary.getDisplay().getSystemColor(SWT.COLOR_RED));
        summary.getParent().layout(true, true);
    }

    private void show(Result result) {
        report = result.report();
        versions = result.versions();
        RestoreImpactReport r = result.report();
        summary.setText(r.summary());
        summary.setForeground(r.harmless() ? null : summary.getDisplay().getSystemColor(SWT.COLOR_RED));
        long drop = r.revisionDrop();
        String revisionText = "etcd revision now " + r.currentRevision() + " → in the backup " + r.backupRevision()
                + ": " + (drop > 0 ? "the store would go back " + drop + (drop == 1 ? " revision" : " revisions")
                        : drop == 0 ? "no change" : "the store would move forward " + (-drop) + " revisions");
        revisions.setText(revisionText);
        revisions.setForeground(drop > 0 ? revisions.getDisplay().getSystemColor(SWT.COLOR_RED) : null);
        for (ImpactKind kind : LISTED) {
            filters.get(kind).setText(label(kind) + " (" + r.count(kind) + ")");
        }
        int unchanged = r.count(ImpactKind.UNCHANGED);
        int events = r.eventCounts().entrySet().stream().filter(e -> e.getKey() != ImpactKind.UNCHANGED)
                .mapToInt(Map.Entry::getValue).sum();
        String other = r.otherKeyCounts().entrySet().stream()
                .filter(e -> e.getKey() != ImpactKind.UNCHANGED && e.getValue() > 0)
                .map(e -> e.getValue() + " " + label(e.getKey())).collect(Collectors.joining(", "));
        message.setText(unchanged + (unchanged == 1 ? " object is" : " objects are") + " the same in both (not listed)"
                + (events > 0 ? "; " + events + (events == 1 ? " event differs" : " events differ") + " (counted, not listed)"
                        : "")
                + (other.isEmpty() ? "" : "; keys that are no API object: " + other)
                + ". Compared by " + r.basis() + ". Double-click an object to see it now and in the backup side by side.");
        table.setInput(r.entries());
        summary.getParent().layout(true, true);
    }

    /** Opens the object now and in the backup side by side, the backup (older) on the left. */
    public void compare(ImpactEntry entry) {
        ImpactVersions shownVersions = versions;
        if (shownVersions == null) {
            return;
        }
        String then = shownVersions.inBackup(entry);
        String now = shownVersions.now(entry);
        String name = entry.displayName();
        TextCompareInput.open(getSite().getPage(), name + ": backup ↔ now",
                name + " in " + input().backup() + " and in " + input().target().describe(),
                new TextCompareInput.Side("In the backup" + (entry.modRevisionBackup() > 0
                        ? " (revision " + entry.modRevisionBackup() + ")" : ""),
                        then != null ? then : "# Not in the backup: restoring it deletes this object.\n"),
                new TextCompareInput.Side("Now" + (entry.modRevisionCurrent() > 0
                        ? " (revision " + entry.modRevisionCurrent() + ")" : ""),
                        now != null ? now : "# Deleted since the backup: restoring it brings this object back.\n"));
    }

    /** The report shown, or null while comparing. */
    public RestoreImpactReport report() {
        return report;
    }

    /** The table's viewer. */
    public TableViewer viewer() {
        return table;
    }

    private static String revisions(ImpactEntry e) {
        return (e.modRevisionCurrent() > 0 ? Long.toString(e.modRevisionCurrent()) : "—") + " → "
                + (e.modRevisionBackup() > 0 ? Long.toString(e.modRevisionBackup()) : "—");
    }

    private static String details(ImpactEntry e) {
        Map<String, String> d = e.details();
        StringBuilder text = new StringBuilder();
        String revisionNow = d.get(ImpactEntry.DEPLOYMENT_REVISION_CURRENT);
        String revisionThen = d.get(ImpactEntry.DEPLOYMENT_REVISION_BACKUP);
        if (revisionNow != null || revisionThen != null) {
            text.append("rollout revision ").append(revisionNow == null ? "—" : revisionNow).append(" → ")
                    .append(revisionThen == null ? "—" : revisionThen);
        }
        String imagesNow = d.get(ImpactEntry.IMAGES_CURRENT);
        String imagesThen = d.get(ImpactEntry.IMAGES_BACKUP);
        if ((imagesNow != null || imagesThen != null) && !String.valueOf(imagesNow).equals(imagesThen)) {
            if (!text.isEmpty()) {
                text.append("; ");
            }
            text.append("image ").append(imagesNow == null ? "—" : imagesNow).append(" → ")
                    .append(imagesThen == null ? "—" : imagesThen);
        }
        return text.toString();
    }

    static String label(ImpactKind kind) {
        return switch (kind) {
            case WOULD_GO_BACK -> EtcdIds.WOULD_GO_BACK;
            case WOULD_DISAPPEAR -> EtcdIds.WOULD_DISAPPEAR;
            case WOULD_COME_BACK -> EtcdIds.WOULD_COME_BACK;
            case NEWER_IN_BACKUP -> EtcdIds.NEWER_IN_BACKUP;
            case UNCHANGED -> "unchanged";
        };
    }

    static String description(ImpactKind kind) {
        return switch (kind) {
            case WOULD_GO_BACK -> "In both, older in the backup: the restore would return it to an older version";
            case WOULD_DISAPPEAR -> "Created since the backup: the restore would delete it";
            case WOULD_COME_BACK -> "Deleted since the backup: the restore would bring it back";
            case NEWER_IN_BACKUP -> "Newer in the backup than now: the restore would move it forward";
            case UNCHANGED -> "The same in both";
        };
    }

    private static final class ImpactLabels extends ColumnLabelProvider {
        @Override
        public String getText(Object element) {
            return element instanceof ImpactEntry entry ? label(entry.impact()) : "";
        }

        @Override
        public Color getForeground(Object element) {
            if (element instanceof ImpactEntry entry && entry.impact().isLoss()) {
                return Display.getCurrent().getSystemColor(
                        entry.impact() == ImpactKind.WOULD_GO_BACK ? SWT.COLOR_RED : SWT.COLOR_DARK_RED);
            }
            return null;
        }

        @Override
        public String getToolTipText(Object element) {
            return element instanceof ImpactEntry entry ? description(entry.impact()) : null;
        }
    }

    @Override
    public void setFocus() {
        table.getControl().setFocus();
    }

    @Override
    public void dispose() {
        if (job != null) {
            job.cancel();
        }
        super.dispose();
    }

    @Override
    public void doSave(IProgressMonitor monitor) {
        // nothing to save: the preview changes nothing
    }

    @Override
    public void doSaveAs() {
        // nothing to save
    }

    @Override
    public boolean isDirty() {
        return false;
    }

    @Override
    public boolean isSaveAsAllowed() {
        return false;
    }
}
