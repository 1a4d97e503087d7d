package io.kubetriage.phase.rollback.ui;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.TableColumnLayout;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ColumnWeightData;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IEditorSite;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.part.EditorPart;

import io.kubetriage.core.snapshot.ObjectKey;
import io.kubetriage.phase.rollback.RolloutHistory;
import io.kubetriage.ui.internal.findings.YamlCompare;

/**
 * Rollout History: the revisions of a Deployment in a snapshot as {@code kubectl rollout history}
 * builds them, one per ReplicaSet ({@link RolloutHistory}), with images, change-cause, age (at the
 * snapshot's capture) and replicas; revisions two ReplicaSets carry are highlighted. Select two
 * revisions and Compare (or double-click one: it and the revision listed before it) to see their pod
 * templates side by side as YAML.
 */
public final class RolloutHistoryEditor extends EditorPart {

    public static final String ID = RolloutHistoryIds.EDITOR_ID;

    private static final Color DUPLICATE_BACKGROUND = new Color(255, 224, 204);

    private RolloutHistoryInput input;
    private List<RolloutHistory.Revision> revisions = List.of();
    private final Map<Long, Integer> perRevision = new HashMap<>();
    private TableViewer table;
    private Button compare;

    @Override
    public void init(IEditorSite site, IEditorInput editorInput) throws PartInitException {
        if (!(editorInput instanceof RolloutHistoryInput history)) {
            throw new PartInitException("Not a Deployment of a snapshot: " + editorInput);
        }
        setSite(site);
        setInput(editorInput);
        input = history;
        setPartName(history.deployment().name() + " history");
        setTitleToolTip(history.getToolTipText());
        revisions = RolloutHistory.of(history.snapshot(), history.deployment());
        for (RolloutHistory.Revision r : revisions) {
            if (r.revision() >= 0) {
                perRevision.merge(r.revision(), 1, Integer::sum);
            }
        }
    }

    @Override
    public void createPartControl(Composite parent) {
        Composite root = new Composite(parent, SWT.NONE);
        root.setLayout(new GridLayout(1, false));
        Label header = new Label(root, SWT.WRAP);
        header.setData(RolloutHistoryIds.KEY, RolloutHistoryIds.HEADER);
        header.setText(header());
        GridDataFactory.fillDefaults().grab(true, false).hint(400, SWT.DEFAULT).applyTo(header);

        Composite holder = new Composite(root, SWT.NONE);
        TableColumnLayout columns = new TableColumnLayout();
        holder.setLayout(columns);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(holder);
        table = new TableViewer(holder, SWT.BORDER | SWT.MULTI | SWT.FULL_SELECTION);
        table.getTable().setHeaderVisible(true);
        table.getTable().setLinesVisible(true);
        table.getTable().setData(RolloutHistoryIds.KEY, RolloutHistoryIds.TABLE);
        table.setContentProvider(ArrayContentProvider.getInstance());
        column(columns, "Revision", 8, r -> r.revision() < 0 ? "none" : Long.toString(r.revision()));
        column(columns, "ReplicaSet", 20, r -> r.replicaSet().name());
        column(columns, "Images", 28, r -> String.join(", ", r.images()));
        column(columns, "Change-cause", 20, r -> r.changeCause() == null ? "" : r.changeCause());
        column(columns, "Age", 8, this::age);
        column(columns, "Replicas", 7, r -> Integer.toString(r.replicas()));
        column(columns, "Note", 12, r -> isDuplicate(r) ? RolloutHistoryIds.DUPLICATE : r.revision() < 0
                ? "no revision annotation" : "");
        table.setInput(revisions);
        table.addSelectionChangedListener(e -> compare.setEnabled(selected().size() == 2));
        table.addDoubleClickListener(e -> {
            List<RolloutHistory.Revision> s = selected();
            if (s.size() == 1) {
                int i = revisions.indexOf(s.get(0));
                if (i > 0) {
                    compare(revisions.get(i - 1), s.get(0));
                } else if (revisions.size() > 1) {
                    compare(s.get(0), revisions.get(1));
                }
            }
        });

        compare = new Button(root, SWT.PUSH);
        compare.setText("Compare Templates");
        compare.setToolTipText("Compare the pod templates of the two selected revisions as YAML");
        compare.setData(RolloutHistoryIds.KEY, RolloutHistoryIds.COMPARE);
        compare.setEnabled(false);
        compare.addListener(SWT.Selection, e -> {
            List<RolloutHistory.Revision> s = selected();
            if (s.size() == 2) {
                compare(s.get(0), s.get(1));
            }
        });
    }

    private String header() {
        ObjectKey d = input.deployment();
        StringBuilder s = new StringBuilder();
        s.append("Deployment ").append(d.namespace()).append('/').append(d.name()).append(" in ")
                .append(input.snapshotName()).append(": ");
        if (input.snapshot().object(d).isEmpty()) {
            return s.append("the snapshot has no such Deployment.").toString();
        }
        s.append(revisions.size()).append(revisions.size() == 1 ? " revision" : " revisions")
                .append(" (one per ReplicaSet it owns).");
        long duplicates = perRevision.values().stream().filter(n -> n > 1).count();
        if (duplicates > 0) {
            s.append(" ").append(duplicates).append(duplicates == 1 ? " revision is" : " revisions are")
                    .append(" carried by more than one ReplicaSet (highlighted): the history no longer fits.");
        }
        s.append(" Select two revisions and Compare Templates, or double-click one to compare it with the one before.");
        return s.toString();
    }

    private void column(TableColumnLayout layout, String name, int weight,
            Function<RolloutHistory.Revision, String> text) {
        TableViewerColumn column = new TableViewerColumn(table, SWT.LEFT);
        column.getColumn().setText(name);
        column.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return text.apply((RolloutHistory.Revision) element);
            }

            @Override
            public Color getBackground(Object element) {
                return isDuplicate((RolloutHistory.Revision) element) ? DUPLICATE_BACKGROUND : null;
            }
        });
        layout.setColumnData(column.getColumn(), new ColumnWeightData(weight, 50, true));
    }

    /** Whether another ReplicaSet carries the same revision. */
    public boolean isDuplicate(RolloutHistory.Revision r) {
        return r.revision() >= 0 && perRevision.getOrDefault(r.revision(), 0) > 1;
    }

    /** Age at the snapshot's capture, as kubectl prints it; the timestamp as written when it cannot be read. */
    private String age(RolloutHistory.Revision r) {
        if (r.created() == null) {
            return "";
        }
        try {
            Duration d = Duration.between(Instant.parse(r.created()), input.snapshot().manifest().captureStart());
            if (d.isNegative()) {
                return r.created();
            }
            if (d.toDays() > 0) {
                return d.toDays() + "d";
            }
            if (d.toHours() > 0) {
                return d.toHours() + "h";
            }
            if (d.toMinutes() > 0) {
                return d.toMinutes() + "m";
            }
            return d.toSeconds() + "s";
        } catch (DateTimeParseException e) {
            return r.created();
        }
    }

    private List<RolloutHistory.Revision> selected() {
        List<RolloutHistory.Revision> result = new java.util.ArrayList<>();
        for (Object o : (IStructuredSelection) table.getSelection()) {
            result.add((RolloutHistory.Revision) o);
        }
        return result;
    }

    /** Opens the compare editor on the pod templates of two revisions, the lower on the left. */
    public void compare(RolloutHistory.Revision a, RolloutHistory.Revision b) {
        RolloutHistory.Revision left = revisions.indexOf(a) <= revisions.indexOf(b) ? a : b;
        RolloutHistory.Revision right = left == a ? b : a;
        YamlCompare.open(getSite().getPage(),
                input.deployment().name() + ": revision " + label(left) + " \u2194 " + label(right),
                "Pod templates of " + input.deployment() + " in " + input.snapshotName(),
                "Revision " + label(left) + " (" + left.replicaSet().name() + ")",
                YamlCompare.yaml(left.templateJson(), "(no template)"),
                "Revision " + label(right) + " (" + right.replicaSet().name() + ")",
                YamlCompare.yaml(right.templateJson(), "(no template)"));
    }

    private static String label(RolloutHistory.Revision r) {
        return r.revision() < 0 ? "none" : Long.toString(r.revision());
    }

    /** The revisions shown, lowest first. */
    public List<RolloutHistory.Revision> revisions() {
        return revisions;
    }

    @Override
    public void setFocus() {
        table.getControl().setFocus();
    }

    @Override
    public void doSave(IProgressMonitor monitor) {
        // read only
    }

    @Override
    public void doSaveAs() {
        // read only
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
