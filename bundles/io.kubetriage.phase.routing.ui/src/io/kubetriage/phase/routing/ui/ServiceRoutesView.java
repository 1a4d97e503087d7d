package io.kubetriage.phase.routing.ui;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeColumn;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.part.ViewPart;

import io.kubetriage.core.node.model.ParsedNode;
import io.kubetriage.core.node.model.ServiceEndpoints;
import io.kubetriage.core.node.routing.Hop;
import io.kubetriage.core.node.routing.ServiceRoute;
import io.kubetriage.core.node.routing.ServiceRouting;
import io.kubetriage.core.node.section.NodeDataException;
import io.kubetriage.core.snapshot.store.SnapshotFormatException;
import io.kubetriage.ui.internal.TestIds;
import io.kubetriage.ui.internal.nodes.NodeNetworkingView;
import io.kubetriage.ui.internal.nodes.NodeSnapshot;
import io.kubetriage.ui.internal.nodes.ViewJobs;

/**
 * The route of one Service port on every node of a snapshot, as {@link ServiceRouting} models it:
 * the verdict, the hops in path order with their state and the line of the node file behind them,
 * and the endpoints the node sends to next to the ready endpoints the API server lists. Pick the
 * port in the filterable list; Enter or double-click on a hop shows its row in the Node Networking
 * view.
 */
public final class ServiceRoutesView extends ViewPart {

    public static final String ID = RoutesIds.VIEW_ID;

    private static final String HINT = "Select a snapshot with node data and use Show Service Routes (Snapshots view,"
            + " or the Node Networking view's context menu).";
    private static final Color BAD = new Color(255, 205, 205);
    private static final Color PARTLY = new Color(255, 226, 184);
    private static final Color GOOD = new Color(215, 245, 215);

    private Label status;
    private Text filter;
    private Table portTable;
    private Tree routeTree;

    private Path snapshotFile;
    private NodeSnapshot snapshot;
    private static final int FILTER_DELAY_MILLIS = 250;
    private final Runnable showPortsLater = this::showPorts;
    private List<ParsedNode> nodes = List.of();
    /** Each node indexed for routing once, the first time one of its ports is routed. */
    private final Map<ParsedNode, ServiceRouting> routings = Collections.synchronizedMap(new IdentityHashMap<>());
    private List<ServiceEndpoints> shownPorts = List.of();
    private ServiceEndpoints selectedPort;
    private List<ServiceRoute> routes = List.of();
    private int generation;
    private Job loadJob;
    private Job routeJob;

    /** A hop of a node's route, as a tree row carries it. */
    private record HopRow(String node, Hop hop) {
    }

    @Override
    public void createPartControl(Composite parent) {
        GridLayoutFactory.fillDefaults().spacing(0, 2).applyTo(parent);
        status = new Label(parent, SWT.WRAP);
        status.setData(TestIds.KEY, RoutesIds.STATUS);
        status.setText(HINT);
        GridDataFactory.fillDefaults().grab(true, false).indent(4, 2).hint(300, SWT.DEFAULT).applyTo(status);

        SashForm sash = new SashForm(parent, SWT.HORIZONTAL);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(sash);
        Composite left = new Composite(sash, SWT.NONE);
        GridLayoutFactory.fillDefaults().spacing(0, 2).applyTo(left);
        new Label(left, SWT.NONE).setText("Service &port:");
        filter = new Text(left, SWT.SEARCH | SWT.ICON_SEARCH | SWT.ICON_CANCEL);
        filter.setMessage("Filter: namespace/name, ClusterIP or port");
        filter.setData(TestIds.KEY, RoutesIds.FILTER);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(filter);
        // a pause in typing before the filter runs: a cluster may have a hundred thousand ports
        filter.addModifyListener(e -> {
            filter.getDisplay().timerExec(-1, showPortsLater);
            filter.getDisplay().timerExec(FILTER_DELAY_MILLIS, showPortsLater);
        });
        // virtual: a cluster may have a hundred thousand Service ports; rows are filled when shown
        portTable = new Table(left, SWT.SINGLE | SWT.FULL_SELECTION | SWT.V_SCROLL | SWT.BORDER | SWT.VIRTUAL);
        portTable.setData(TestIds.KEY, RoutesIds.PORTS);
        portTable.setHeaderVisible(true);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(portTable);
        column(portTable, "Service port", 200);
        column(portTable, "ClusterIP:port", 150);
        column(portTable, "Ready", 50);
        portTable.addListener(SWT.SetData, e -> {
            if (e.index >= 0 && e.index < shownPorts.size()) {
                ServiceEndpoints s = shownPorts.get(e.index);
                ((TableItem) e.item).setText(new String[] { s.port().displayName(), s.port().target(),
                        s.expected() == null ? "-" : Integer.toString(s.expected().size()) });
            }
        });
        portTable.addListener(SWT.Selection, e -> {
            int i = portTable.getSelectionIndex();
            if (i >= 0 && i < shownPorts.size()) {
                route(shownPorts.get(i));
            }
        });

        routeTree = new Tree(sash, SWT.SINGLE | SWT.FULL_SELECTION | SWT.V_SCROLL | SWT.H_SCROLL | SWT.BORDER);
        routeTree.setData(TestIds.KEY, RoutesIds.ROUTES);
        routeTree.setHeaderVisible(true);
        routeTree.setLinesVisible(true);
        String[] titles = { "Node / hop / endpoint", "Verdict / state", "Source", "Line", "Detail" };
        int[] widths = { 300, 150, 100, 50, 460 };
        for (int i = 0; i < titles.length; i++) {
            TreeColumn c = new TreeColumn(routeTree, i == RoutesIds.COL_LINE ? SWT.RIGHT : SWT.LEFT);
            c.setText(titles[i]);
            c.setWidth(widths[i]);
        }
        routeTree.setToolTipText("Enter or double-click a hop to show its row in the Node Networking view");
        routeTree.addListener(SWT.DefaultSelection, e -> openSelectedHop());
        sash.setWeights(30, 70);
    }

    private static void column(Table table, String title, int width) {
        TableColumn c = new TableColumn(table, SWT.LEFT);
        c.setText(title);
        c.setWidth(width);
    }

    @Override
    public void setFocus() {
        filter.setFocus();
    }

    // ---------------------------------------------------------------- loading

    /**
     * Reads a snapshot's node data in a job and lists its Service ports; the port whose
     * {@code namespace/name:port} or {@code ClusterIP:port/protocol} is {@code preselect} is routed.
     *
     * @param preselect a port to select, or null
     * @return the job, scheduled
     */
    public Job show(Path file, String preselect) {
        ViewJobs.cancel(loadJob);
        ViewJobs.cancel(routeJob);
        int loading = ++generation;
        snapshotFile = file;
        snapshot = null;
        nodes = List.of();
        routes = List.of();
        selectedPort = null;
        portTable.removeAll();
        routeTree.removeAll();
        status.setText("Reading the node data of " + file.getFileName() + "…");
        Display display = status.getDisplay();
        loadJob = new RoutesJob("Reading node data of " + file.getFileName()) {
            @Override
            protected IStatus run(IProgressMonitor monitor) {
                SubMonitor progress = SubMonitor.convert(monitor, getName(), 2);
                NodeSnapshot read = null;
                List<ParsedNode> parsed = new ArrayList<>();
                String problem = null;
                try {
                    read = NodeSnapshot.read(file, progress.split(1));
                    SubMonitor each = progress.split(1).setWorkRemaining(read.nodeNames().size());
                    for (String node : read.nodeNames()) {
                        parsed.add(read.parseModel(node));
                        each.split(1);
                    }
                } catch (IOException | SnapshotFormatException | NodeDataException e) {
                    problem = file.getFileName() + " cannot be read: " + e.getMessage();
                } catch (OperationCanceledException e) {
                    return Status.CANCEL_STATUS;
                }
                NodeSnapshot result = read;
                String why = problem;
                ViewJobs.later(display, () -> {
                    if (loading == generation) {
                        loaded(result, parsed, why, preselect);
                    }
                });
                return Status.OK_STATUS;
            }
        };
        loadJob.schedule();
        return loadJob;
    }

    private void loaded(NodeSnapshot read, List<ParsedNode> parsed, String problem, String preselect) {
        if (read == null) {
            status.setText(problem);
            return;
        }
        snapshot = read;
        nodes = List.copyOf(parsed);
        routings.clear();
        setPartName("Service Routes: " + read.snapshotName());
        status.setText("Snapshot '" + read.snapshotName() + "' · " + nodes.size() + (nodes.size() == 1 ? " node" : " nodes")
                + " · " + read.services().size() + " Service ports · kube-proxy mode " + read.proxyMode()
                        .name().toLowerCase(Locale.ROOT) + " (as configured; unknown: guessed per node from its data)");
        status.getParent().layout(true, true);
        showPorts();
        if (preselect != null) {
            selectPort(preselect);
        }
    }

    private void showPorts() {
        if (filter.isDisposed()) {
            return;
        }
        String text = filter.getText().strip().toLowerCase(Locale.ROOT);
        List<ServiceEndpoints> list = new ArrayList<>();
        if (snapshot != null) {
            for (ServiceEndpoints s : snapshot.services()) {
                if (text.isEmpty() || s.port().displayName().toLowerCase(Locale.ROOT).contains(text)
                        || s.port().target().toLowerCase(Locale.ROOT).contains(text)) {
                    list.add(s);
                }
            }
        }
        shownPorts = List.copyOf(list);
        portTable.removeAll();
        portTable.setItemCount(shownPorts.size());
        int selected = selectedPort == null ? -1 : shownPorts.indexOf(selectedPort);
        if (selected >= 0) {
            portTable.setSelection(selected);
        }
    }

    /**
     * Selects and routes the port named {@code namespace/name:port} or {@code ClusterIP:port/protocol}.
     *
     * @return the routing job, or null when no port of the snapshot has that name
     */
    public Job selectPort(String name) {
        if (snapshot == null) {
            return null;
        }
        for (ServiceEndpoints s : snapshot.services()) {
            if (s.port().displayName().equals(name) || s.port().target().equals(name)) {
                if (!shownPorts.contains(s)) {
                    filter.setText("");
                    filter.getDisplay().timerExec(-1, showPortsLater);
                    showPorts();
                }
                int i = shownPorts.indexOf(s);
                portTable.setSelection(i);
                portTable.showSelection();
                return route(s);
            }
        }
        return null;
    }

    private Job route(ServiceEndpoints port) {
        ViewJobs.cancel(routeJob);
        selectedPort = port;
        int routing = generation;
        List<ParsedNode> parsed = nodes;
        routeTree.removeAll();
        Display display = status.getDisplay();
        routeJob = new RoutesJob("Routing " + port.port().displayName() + " on " + parsed.size() + " nodes") {
            @Override
            protected IStatus run(IProgressMonitor monitor) {
                SubMonitor progress = SubMonitor.convert(monitor, getName(), parsed.size());
                List<ServiceRoute> result = new ArrayList<>();
                for (ParsedNode n : parsed) {
                    if (progress.isCanceled()) {
                        return Status.CANCEL_STATUS;
                    }
                    result.add(routings.computeIfAbsent(n, p -> ServiceRouting.on(p.data())).route(port.port(),
                            port.expected()));
                    progress.worked(1);
                }
                ViewJobs.later(display, () -> {
                    if (routing == generation && port.equals(selectedPort)) {
                        showRoutes(port, result);
                    }
                });
                return Status.OK_STATUS;
            }
        };
        routeJob.schedule();
        return routeJob;
    }

    private void showRoutes(ServiceEndpoints port, List<ServiceRoute> list) {
        routes = List.copyOf(list);
        routeTree.removeAll();
        for (ServiceRoute r : routes) {
            TreeItem node = new TreeItem(routeTree, SWT.NONE);
            node.setText(new String[] { r.node(), r.verdict().name(), r.mode().name().toLowerCase(Locale.ROOT), "",
                    r.summary() });
            node.setData(r);
            node.setBackground(switch (r.verdict()) {
                case SERVED -> GOOD;
                case PARTIALLY_SERVED -> PARTLY;
                case NO_ENDPOINTS, NOT_SERVED -> BAD;
                case UNKNOWN -> null;
            });
            for (Hop h : r.hops()) {
                TreeItem item = new TreeItem(node, SWT.NONE);
                item.setText(new String[] { h.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ": " + h.name(),
                        h.state().name() + (h.required() ? "" : " (optional)"), h.source(),
                        h.line() > 0 ? Integer.toString(h.line()) : "", h.detail() == null ? "" : h.detail() });
                item.setData(new HopRow(r.node(), h));
                if (h.state() == Hop.State.MISSING && h.required()) {
                    item.setBackground(BAD);
                }
            }
            for (Map.Entry<String, String> e : endpoints(r, port).entrySet()) {
                TreeItem item = new TreeItem(node, SWT.NONE);
                item.setText(new String[] { "endpoint " + e.getKey(), e.getValue(), "", "", "" });
                if (!e.getValue().equals(RoutesIds.ENDPOINT_OK)) {
                    item.setBackground(e.getValue().equals(RoutesIds.ENDPOINT_MISSING) ? BAD : PARTLY);
                }
            }
            node.setExpanded(r.verdict() != ServiceRoute.Verdict.SERVED);
        }
        status.setText(port.port().displayName() + " (" + port.port().target() + "): "
                + routes.stream().filter(r -> r.verdict() == ServiceRoute.Verdict.SERVED).count() + " of " + routes.size()
                + " nodes serve it; ready endpoints: " + (port.expected() == null ? "no Endpoints object"
                        : port.expected().isEmpty() ? "none" : String.join(", ", port.expected())));
        status.getParent().layout(true, true);
    }

    /** Each endpoint the node sends to or the API server lists as ready, with which of the two it is. */
    private static Map<String, String> endpoints(ServiceRoute r, ServiceEndpoints port) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String e : r.endpointAddresses()) {
            out.put(e, r.unexpectedEndpoints().contains(e) ? RoutesIds.ENDPOINT_UNEXPECTED : RoutesIds.ENDPOINT_OK);
        }
        List<String> ready = port.expected() == null ? List.of() : port.expected();
        for (String e : ready) {
            out.putIfAbsent(e, RoutesIds.ENDPOINT_MISSING);
        }
        return out;
    }

    private void openSelectedHop() {
        TreeItem[] selection = routeTree.getSelection();
        if (selection.length != 1) {
            return;
        }
        if (selection[0].getData() instanceof ServiceRoute) {
            selection[0].setExpanded(!selection[0].getExpanded());
        } else if (selection[0].getData() instanceof HopRow row) {
            openHop(row.node(), row.hop());
        }
    }

    /** Shows the row behind a hop of a node's route in the Node Networking view. */
    public NodeNetworkingView openHop(String node, Hop hop) {
        ParsedNode parsed = nodes.stream().filter(n -> n.name().equals(node)).findFirst().orElse(null);
        String file = NodeNetworkingView.fileOfHopSource(hop.source(), parsed == null ? null : parsed.ipvsFile());
        try {
            return NodeNetworkingView.open(getSite().getPage(), snapshotFile, node, file, hop.line());
        } catch (PartInitException e) {
            status.setText("Could not open the Node Networking view: " + e.getMessage());
            return null;
        }
    }

    // ---------------------------------------------------------------- for commands and tests

    /** The snapshot file shown, or null. */
    public Path snapshotFile() {
        return snapshotFile;
    }

    /** The ports the list shows (after the filter). */
    public List<ServiceEndpoints> shownPorts() {
        return shownPorts;
    }

    /** The routes shown, one per node, for the selected port. */
    public List<ServiceRoute> routes() {
        return routes;
    }

    @Override
    public void dispose() {
        generation++;
        ViewJobs.cancel(loadJob);
        ViewJobs.cancel(routeJob);
        super.dispose();
    }

    /** A job of the view, waited for by tests through the family. */
    private abstract static class RoutesJob extends Job {
        RoutesJob(String name) {
            super(name);
        }

        @Override
        public boolean belongsTo(Object family) {
            return family == RoutesIds.JOB_FAMILY;
        }
    }
}
