package io.kubetriage.phase.cni.ui;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.part.ViewPart;

import io.kubetriage.core.diagnosis.Evidence;
import io.kubetriage.core.diagnosis.Finding;
import io.kubetriage.core.node.section.NodeDataException;
import io.kubetriage.core.snapshot.store.SnapshotFormatException;
import io.kubetriage.ui.internal.TestIds;
import io.kubetriage.ui.internal.nodes.CniConfigEditor;
import io.kubetriage.ui.internal.nodes.CniEditorInput;
import io.kubetriage.ui.internal.nodes.NodeFindings;
import io.kubetriage.ui.internal.nodes.NodeIds;
import io.kubetriage.ui.internal.nodes.NodeSnapshot;
import io.kubetriage.ui.internal.nodes.ViewJobs;

/**
 * How the CNI plugin of each node of a snapshot reaches the API server: the address it uses
 * (calico-kubeconfig's server, or KUBERNETES_SERVICE_HOST set on calico-node), whether that is a
 * ClusterIP and whether the node's kube-proxy rules serve it, calico-node's readiness, and the CNI
 * phase's findings about the node. Enter or double-click opens the node's CNI Config editor at the
 * line behind the first finding (else at the address).
 */
public final class CniReachabilityView extends ViewPart {

    public static final String ID = CniReachabilityIds.VIEW_ID;

    private static final String HINT = "Select a snapshot with node data in the Snapshots view and use Show CNI"
            + " Reachability.";
    private static final Color BAD = new Color(255, 205, 205);

    private Label status;
    private Table table;
    private Path snapshotFile;
    private NodeSnapshot snapshot;
    private List<NodeReachability> rows = List.of();
    private int generation;
    private Job loadJob;

    @Override
    public void createPartControl(Composite parent) {
        GridLayoutFactory.fillDefaults().spacing(0, 2).applyTo(parent);
        status = new Label(parent, SWT.WRAP);
        status.setData(TestIds.KEY, CniReachabilityIds.STATUS);
        status.setText(HINT);
        GridDataFactory.fillDefaults().grab(true, false).indent(4, 2).hint(300, SWT.DEFAULT).applyTo(status);
        table = new Table(parent, SWT.SINGLE | SWT.FULL_SELECTION | SWT.V_SCROLL | SWT.H_SCROLL | SWT.BORDER);
        table.setData(TestIds.KEY, CniReachabilityIds.TABLE);
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(table);
        String[] titles = { "Node", "CNI API server", "Read from", "ClusterIP", "Served on the node", "calico-node",
                "Findings" };
        int[] widths = { 120, 200, 220, 160, 260, 160, 300 };
        for (int i = 0; i < titles.length; i++) {
            TableColumn c = new TableColumn(table, SWT.LEFT);
            c.setText(titles[i]);
            c.setWidth(widths[i]);
        }
        table.setToolTipText("Enter or double-click a node to open its CNI Config at the line behind its findings");
        table.addListener(SWT.DefaultSelection, e -> {
            int i = table.getSelectionIndex();
            if (i >= 0 && i < rows.size()) {
                openCniConfig(getSite().getPage(), rows.get(i).node());
            }
        });
    }

    @Override
    public void setFocus() {
        table.setFocus();
    }

    /** Reads and diagnoses a snapshot in a job and shows a row per node; returns the job (scheduled). */
    public Job show(Path file) {
        ViewJobs.cancel(loadJob);
        int loading = ++generation;
        snapshotFile = file;
        snapshot = null;
        rows = List.of();
        table.removeAll();
        status.setText("Reading and diagnosing " + file.getFileName() + "…");
        Display display = status.getDisplay();
        loadJob = new Job("Checking the CNI reachability of " + file.getFileName()) {
            @Override
            protected IStatus run(IProgressMonitor monitor) {
                SubMonitor progress = SubMonitor.convert(monitor, getName(), 2);
                NodeSnapshot read = null;
                List<NodeReachability> result = List.of();
                String problem = null;
                try {
                    read = NodeSnapshot.read(file, progress.split(1));
                    result = NodeReachability.of(read);
                    progress.split(1);
                } catch (IOException | SnapshotFormatException | NodeDataException e) {
                    problem = file.getFileName() + " cannot be read: " + e.getMessage();
                } catch (OperationCanceledException e) {
                    return Status.CANCEL_STATUS;
                }
                NodeSnapshot s = read;
                List<NodeReachability> r = result;
                String why = problem;
                ViewJobs.later(display, () -> {
                    if (!table.isDisposed() && loading == generation) {
                        showRows(s, r, why);
                    }
                });
                return Status.OK_STATUS;
            }

            @Override
            public boolean belongsTo(Object family) {
                return family == CniReachabilityIds.JOB_FAMILY;
            }
        };
        loadJob.schedule();
        return loadJob;
    }

    private void showRows(NodeSnapshot read, List<NodeReachability> list, String problem) {
        if (read == null) {
            status.setText(problem);
            return;
        }
        snapshot = read;
        rows = list;
        setPartName("CNI Reachability: " + read.snapshotName());
        long unreachable = list.stream().filter(r -> r.check() != null && r.check().unserved()).count();
        status.setText("Snapshot '" + read.snapshotName() + "' · " + list.size() + (list.size() == 1 ? " node" : " nodes")
                + " · " + unreachable + " whose CNI plugin reaches the API server through a ClusterIP the node does not"
                + " serve" + (read.findings().problem() == null ? "" : " · " + read.findings().problem()));
        status.getParent().layout(true, true);
        table.removeAll();
        for (NodeReachability r : list) {
            TableItem item = new TableItem(table, SWT.NONE);
            item.setText(new String[] { r.node(), r.address() == null ? "(none read)" : r.address().server(),
                    r.address() == null ? "" : r.address().origin()
                            + (r.address().line() > 0 ? " line " + r.address().line() : ""),
                    r.address() == null ? "" : r.check() == null ? "no" : "yes: " + r.check().service().port().displayName(),
                    r.check() == null ? "" : r.check().route().verdict() + ": " + r.check().route().summary(),
                    r.calicoNode(), codes(r.findings()) });
            item.setData(r);
            if (r.check() != null && r.check().unserved() || !r.findings().isEmpty()) {
                item.setBackground(BAD);
            }
        }
    }

    private static String codes(List<Finding> findings) {
        Set<String> out = new LinkedHashSet<>();
        findings.forEach(f -> out.add(f.code() + " " + f.title()));
        return String.join("; ", out);
    }

    /**
     * Opens the CNI Config editor of a node at the line behind its first CNI finding, else at the
     * API server address.
     *
     * @return the editor, or null when the node is not shown
     */
    public CniConfigEditor openCniConfig(IWorkbenchPage page, String node) {
        NodeReachability row = rows.stream().filter(r -> r.node().equals(node)).findFirst().orElse(null);
        if (row == null || snapshot == null) {
            return null;
        }
        String file = null;
        int line = 0;
        for (Finding f : row.findings()) {
            for (Evidence e : f.evidence()) {
                if (file == null && e.location() != null && e.location().node().equals(node)
                        && NodeFindings.cniFileName(e.location().file()) != null) {
                    file = NodeFindings.cniFileName(e.location().file());
                    line = e.location().line();
                }
            }
        }
        if (file == null && row.address() != null && NodeFindings.cniFileName(row.address().file()) != null) {
            file = NodeFindings.cniFileName(row.address().file());
            line = row.address().line();
        }
        try {
            if (!page.isEditorAreaVisible()) {
                page.setEditorAreaVisible(true);
            }
            CniConfigEditor editor = (CniConfigEditor) page.openEditor(new CniEditorInput(snapshotFile, snapshot, node),
                    NodeIds.CNI_EDITOR_ID);
            editor.reveal(file, line);
            return editor;
        } catch (PartInitException e) {
            status.setText("Could not open the CNI Config editor: " + e.getMessage());
            return null;
        }
    }

    /** The rows shown, one per node. */
    public List<NodeReachability> rows() {
        return rows;
    }

    /** The snapshot file shown, or null. */
    public Path snapshotFile() {
        return snapshotFile;
    }

    @Override
    public void dispose() {
        generation++;
        ViewJobs.cancel(loadJob);
        super.dispose();
    }
}
