package io.kubetriage.ui.internal.nodes;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.compare.CompareEditorInput;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.Bullet;
import org.eclipse.swt.custom.CTabFolder;
import org.eclipse.swt.custom.CTabItem;
import org.eclipse.swt.custom.ST;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.GlyphMetrics;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IEditorSite;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.part.EditorPart;

import io.kubetriage.core.node.cni.CalicoSettings;
import io.kubetriage.core.node.cni.CniConfig;
import io.kubetriage.core.node.cni.CniConfigParser;
import io.kubetriage.core.node.cni.CniPlugin;
import io.kubetriage.core.node.cni.CniProblem;
import io.kubetriage.core.node.cni.CniValidation;
import io.kubetriage.ui.internal.compare.TextCompareInput;
import io.kubetriage.ui.internal.TestIds;
import io.kubetriage.ui.internal.nodes.NodeFindings.Mark;

/**
 * A node's {@code /etc/cni/net.d} in a snapshot, read-only: a form with the configuration the
 * container runtime uses (network name, CNI version, plugins with their key settings, Calico's
 * kubeconfig, datastore, IPAM and API server) and the problems the checks found; and the source of
 * every file with line numbers, problem lines highlighted. The lines the findings of the snapshot's
 * diagnosis point at carry an error underline, a red line number and the findings as a tooltip,
 * and the form lists those findings. The same file of another node opens in a compare editor.
 */
public final class CniConfigEditor extends EditorPart {

    public static final String ID = NodeIds.CNI_EDITOR_ID;

    private static final Color PROBLEM_LINE = new Color(255, 215, 215);
    private static final Color FINDING_MARK = new Color(200, 30, 30);

    private CniEditorInput input;
    private CniValidation validation;
    private Map<String, String> files;
    private CTabFolder tabs;
    private CTabItem sourceTab;
    private Combo fileCombo;
    private StyledText source;
    private Combo compareNode;
    private Table problemTable;
    private List<Mark> marks;
    private String fileShown;

    @Override
    public void init(IEditorSite site, IEditorInput editorInput) throws PartInitException {
        if (!(editorInput instanceof CniEditorInput cni)) {
            throw new PartInitException("The CNI Config editor opens the CNI files of a node in a snapshot");
        }
        setSite(site);
        setInput(editorInput);
        input = cni;
        setPartName(cni.getName());
        setTitleToolTip(cni.getToolTipText());
        files = cni.snapshot().cniFiles(cni.node());
        validation = new CniConfigParser().validate(files, cni.snapshot().serviceCidr().cidr());
        marks = cni.snapshot().findings().onCniFiles(cni.node());
    }

    @Override
    public void createPartControl(Composite parent) {
        tabs = new CTabFolder(parent, SWT.BOTTOM | SWT.FLAT);
        tabs.setData(TestIds.KEY, NodeIds.CNI_TABS);
        CTabItem formTab = new CTabItem(tabs, SWT.NONE);
        formTab.setText(NodeIds.TAB_FORM);
        formTab.setControl(createForm(tabs));
        sourceTab = new CTabItem(tabs, SWT.NONE);
        sourceTab.setText(NodeIds.TAB_SOURCE);
        sourceTab.setControl(createSource(tabs));
        tabs.setSelection(formTab);
        CniConfig active = validation.active();
        if (active != null) {
            showFile(active.fileName(), 0);
        } else if (!files.isEmpty()) {
            showFile(files.keySet().iterator().next(), 0);
        }
    }

    private Composite createForm(Composite parent) {
        Composite form = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().margins(6, 6).spacing(4, 6).applyTo(form);
        CniConfig active = validation.active();

        Label summary = new Label(form, SWT.WRAP);
        summary.setData(TestIds.KEY, NodeIds.CNI_SUMMARY);
        StringBuilder s = new StringBuilder("Node ").append(input.node()).append(" in snapshot '")
                .append(input.snapshot().snapshotName()).append("': ");
        if (files.isEmpty()) {
            s.append("no file of /etc/cni/net.d was collected.");
        } else if (active == null) {
            s.append(files.size()).append(" files, none of them a readable network configuration.");
        } else {
            s.append("the container runtime uses ").append(active.fileName())
                    .append(" (the first configuration in name order) — network '").append(nonNull(active.name()))
                    .append("', cniVersion ").append(nonNull(active.cniVersion())).append(", ")
                    .append(active.plugins().size()).append(active.plugins().size() == 1 ? " plugin." : " plugins.");
        }
        summary.setText(s.toString());
        GridDataFactory.fillDefaults().grab(true, false).hint(400, SWT.DEFAULT).applyTo(summary);

        Table plugins = table(form, NodeIds.CNI_PLUGINS, new String[] { "Plugin type", "Key settings", "Line" },
                new int[] { 130, 560, 50 });
        GridDataFactory.fillDefaults().grab(true, true).hint(SWT.DEFAULT, 110).applyTo(plugins);
        if (active != null) {
            for (CniPlugin p : active.plugins()) {
                TableItem item = new TableItem(plugins, SWT.NONE);
                item.setText(new String[] { p.type(), settings(p), p.line() > 0 ? Integer.toString(p.line()) : "" });
            }
        }

        Label calico = new Label(form, SWT.WRAP);
        calico.setData(TestIds.KEY, NodeIds.CNI_CALICO);
        calico.setText(calicoText(active));
        GridDataFactory.fillDefaults().grab(true, false).hint(400, SWT.DEFAULT).applyTo(calico);

        Label cidr = new Label(form, SWT.WRAP);
        cidr.setData(TestIds.KEY, NodeIds.CNI_SERVICE_CIDR);
        cidr.setText("Service CIDR used for the ClusterIP check: " + input.snapshot().serviceCidr().source());
        GridDataFactory.fillDefaults().grab(true, false).hint(400, SWT.DEFAULT).applyTo(cidr);

        Composite compareRow = new Composite(form, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(3).applyTo(compareRow);
        new Label(compareRow, SWT.NONE).setText("Compare across nodes: the file shown on the Source page with node");
        compareNode = new Combo(compareRow, SWT.READ_ONLY | SWT.DROP_DOWN);
        compareNode.setData(TestIds.KEY, NodeIds.CNI_COMPARE_NODE);
        List<String> others = new ArrayList<>(input.snapshot().nodeNames());
        others.remove(input.node());
        compareNode.setItems(others.toArray(String[]::new));
        if (!others.isEmpty()) {
            compareNode.select(0);
        }
        Button compare = new Button(compareRow, SWT.PUSH);
        compare.setText("&Compare");
        compare.setData(TestIds.KEY, NodeIds.CNI_COMPARE);
        compare.setEnabled(!others.isEmpty());
        compare.addListener(SWT.Selection, e -> {
            int i = compareNode.getSelectionIndex();
            if (i >= 0) {
                compareWith(compareNode.getItem(i));
            }
        });

        Label findings = new Label(form, SWT.WRAP);
        findings.setData(TestIds.KEY, NodeIds.CNI_FINDINGS);
        findings.setText(findingsText());
        if (!marks.isEmpty()) {
            findings.setForeground(FINDING_MARK);
        }
        GridDataFactory.fillDefaults().grab(true, false).hint(400, SWT.DEFAULT).applyTo(findings);

        Label problemsTitle = new Label(form, SWT.NONE);
        problemsTitle.setText(validation.problems().isEmpty() ? "Problems: none found."
                : "Problems (" + validation.problems().size() + "; double-click to show the line):");
        problemTable = table(form, NodeIds.CNI_PROBLEMS, new String[] { "File", "Line", "Kind", "Problem" },
                new int[] { 150, 50, 170, 600 });
        GridDataFactory.fillDefaults().grab(true, true).hint(SWT.DEFAULT, 110).applyTo(problemTable);
        for (CniProblem p : validation.problems()) {
            TableItem item = new TableItem(problemTable, SWT.NONE);
            item.setText(new String[] { p.file(), p.line() > 0 ? Integer.toString(p.line()) : "", kind(p.kind()),
                    p.message() + (p.pointer() == null || p.pointer().isEmpty() ? "" : " (" + p.pointer() + ")") });
            item.setData(p);
        }
        for (Mark m : marks) {
            TableItem item = new TableItem(problemTable, SWT.NONE);
            int line = m.location().line();
            item.setText(new String[] { NodeFindings.cniFileName(m.location().file()), line > 0 ? Integer.toString(line) : "",
                    m.finding().code(), m.finding().title() + (m.evidence().detail().isEmpty() ? ""
                            : " (" + m.evidence().detail() + ")") });
            item.setData(m);
        }
        problemTable.addListener(SWT.DefaultSelection, e -> {
            int i = problemTable.getSelectionIndex();
            if (i < 0) {
                return;
            }
            Object data = problemTable.getItem(i).getData();
            if (data instanceof CniProblem p) {
                reveal(p.file(), p.line());
            } else if (data instanceof Mark m) {
                reveal(NodeFindings.cniFileName(m.location().file()), m.location().line());
            }
        });
        return form;
    }

    private Composite createSource(Composite parent) {
        Composite area = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().margins(4, 4).spacing(4, 4).numColumns(2).applyTo(area);
        new Label(area, SWT.NONE).setText("&File:");
        fileCombo = new Combo(area, SWT.READ_ONLY | SWT.DROP_DOWN);
        fileCombo.setData(TestIds.KEY, NodeIds.CNI_FILE);
        fileCombo.setItems(files.keySet().toArray(String[]::new));
        fileCombo.addListener(SWT.Selection, e -> {
            int i = fileCombo.getSelectionIndex();
            if (i >= 0) {
                showFile(fileCombo.getItem(i), 0);
            }
        });
        source = new StyledText(area, SWT.READ_ONLY | SWT.MULTI | SWT.V_SCROLL | SWT.H_SCROLL | SWT.BORDER);
        source.setData(TestIds.KEY, NodeIds.CNI_SOURCE);
        source.setFont(JFaceResources.getTextFont());
        GridDataFactory.fillDefaults().grab(true, true).span(2, 1).applyTo(source);
        source.addLineStyleListener(e -> {
            StyleRange style = new StyleRange();
            style.foreground = source.getDisplay().getSystemColor(SWT.COLOR_DARK_GRAY);
            style.metrics = new GlyphMetrics(0, 0, gutterWidth());
            int line = source.getLineAtOffset(e.lineOffset);
            StyleRange mark = findingStyle(line, e.lineOffset, e.lineText.length());
            if (mark != null) {
                style.foreground = FINDING_MARK;
                style.fontStyle = SWT.BOLD;
                e.styles = new StyleRange[] { mark };
            }
            e.bullet = new Bullet(ST.BULLET_NUMBER, style);
            e.bulletIndex = line;
        });
        source.addListener(SWT.MouseHover, e -> {
            int offset = source.getOffsetAtPoint(new Point(e.x, e.y));
            List<Mark> at = offset < 0 ? List.of() : marksAt(source.getLineAtOffset(offset) + 1);
            source.setToolTipText(at.isEmpty() ? null : NodeFindings.titles(at));
        });
        return area;
    }

    private int gutterWidth() {
        int digits = Integer.toString(Math.max(1, source.getLineCount())).length() + 2;
        GC gc = new GC(source);
        try {
            return digits * (int) Math.ceil(gc.getFontMetrics().getAverageCharacterWidth());
        } finally {
            gc.dispose();
        }
    }

    /**
     * Shows a file on the Source page, its problem lines highlighted, and scrolls to a line.
     *
     * @param line a 1-based line to reveal, or 0
     */
    public void showFile(String fileName, int line) {
        String text = files.get(fileName);
        if (text == null) {
            return;
        }
        fileCombo.select(fileCombo.indexOf(fileName));
        fileShown = fileName;
        source.setText(text);
        for (CniProblem p : validation.problems()) {
            if (p.file().equals(fileName) && p.line() > 0 && p.line() <= source.getLineCount()) {
                source.setLineBackground(p.line() - 1, 1, PROBLEM_LINE);
            }
        }

        if (line > 0 && line <= source.getLineCount()) {
            source.setTopIndex(Math.max(0, line - 4));
            source.setCaretOffset(source.getOffsetAtLine(line - 1));
        }
    }

    /** Shows a file on the Source page at a line (1-based, or 0), and turns to that page. */
    public void reveal(String fileName, int line) {
        if (fileName != null && files.containsKey(fileName)) {
            showFile(fileName, line);
            tabs.setSelection(sourceTab);
        }
    }

    /** The 0-based lines of the file shown that carry the mark of a finding. */
    public List<Integer> findingLines() {
        List<Integer> lines = new ArrayList<>();
        for (int i = 0; i < source.getLineCount(); i++) {
            StyleRange r = findingStyle(i, source.getOffsetAtLine(i), source.getLine(i).length());
            if (r != null && r.underline && r.underlineStyle == SWT.UNDERLINE_ERROR) {
                lines.add(i);
            }
        }
        return lines;
    }

    /** The error underline of a 0-based line of the Source page that a finding points at, else null. */
    private StyleRange findingStyle(int line, int offset, int length) {
        if (marksAt(line + 1).isEmpty()) {
            return null;
        }
        StyleRange mark = new StyleRange(offset, length, null, null);
        mark.underline = true;
        mark.underlineStyle = SWT.UNDERLINE_ERROR;
        mark.underlineColor = FINDING_MARK;
        return mark;
    }

    /** The node data the editor shows, with the findings it marks. */
    public NodeSnapshot nodeSnapshot() {
        return input.snapshot();
    }

    /**
     * Marks the findings of a diagnosis that ended after the editor opened (the Node Networking
     * view shows rows before their diagnosis is done): the form's findings and the Source page's
     * underlines follow; the page shown and the file stay.
     */
    public void updateFindings(NodeSnapshot diagnosed) {
        input = new CniEditorInput(input.snapshotFile(), diagnosed, input.node());
        setInputWithNotify(input);
        marks = diagnosed.findings().onCniFiles(input.node());
        CTabItem formTab = tabs.getItem(0);
        Control old = formTab.getControl();
        formTab.setControl(createForm(tabs));
        old.dispose();
        source.redraw();
    }

    /** The findings the editor marks: their evidence on this node's CNI files. */
    public List<Mark> findingMarks() {
        return marks;
    }

    /** The marks on a line (1-based) of the file shown. */
    private List<Mark> marksAt(int line) {
        if (fileShown == null) {
            return List.of();
        }
        return input.snapshot().findings().at(input.node(), NodeFindings.cniPath(fileShown), line);
    }

    private String findingsText() {
        if (input.snapshot().findings().problem() != null) {
            return "Findings: none marked (" + input.snapshot().findings().problem() + ").";
        }
        if (marks.isEmpty()) {
            return "Findings: none of the diagnosis points at these files.";
        }
        StringBuilder s = new StringBuilder("Findings on these files (marked in the Source page):");
        Set<String> seen = new LinkedHashSet<>();
        for (Mark m : marks) {
            int line = m.location().line();
            seen.add("\n" + m.finding().code() + " on " + NodeFindings.cniFileName(m.location().file())
                    + (line > 0 ? " line " + line : "") + ": " + m.finding().title());
        }
        seen.forEach(s::append);
        return s.toString();
    }

    /** The file shown on the Source page, or null. */
    public String shownFile() {
        int i = fileCombo.getSelectionIndex();
        return i < 0 ? null : fileCombo.getItem(i);
    }

    /** The 0-based lines of the Source page highlighted as problems. */
    public List<Integer> highlightedLines() {
        List<Integer> lines = new ArrayList<>();
        for (int i = 0; i < source.getLineCount(); i++) {
            if (PROBLEM_LINE.equals(source.getLineBackground(i))) {
                lines.add(i);
            }
        }
        return lines;
    }

    public CniValidation validation() {
        return validation;
    }

    /**
     * Opens a compare editor with the file shown on the Source page, this node on the left and the
     * other node on the right.
     */
    public CompareEditorInput compareWith(String otherNode) {
        String file = shownFile();
        if (file == null) {
            return null;
        }
        String mine = files.get(file);
        String theirs = input.snapshot().cniFiles(otherNode).get(file);
        return TextCompareInput.open(getSite().getPage(), file + ": " + input.node() + " ↔ " + otherNode, null,
                new TextCompareInput.Side(input.node() + ": /etc/cni/net.d/" + file, mine),
                new TextCompareInput.Side(otherNode + ": /etc/cni/net.d/" + file,
                        theirs == null ? "(node " + otherNode + " has no file " + file + " in this snapshot)\n" : theirs));
    }

    // ---------------------------------------------------------------- texts

    private String calicoText(CniConfig active) {
        CniPlugin calicoPlugin = active == null ? null : active.plugin("calico");
        if (calicoPlugin == null || calicoPlugin.calico() == null) {
            return "Calico: not among the plugins of the active configuration.";
        }
        CalicoSettings c = calicoPlugin.calico();
        StringBuilder s = new StringBuilder("Calico: kubeconfig ")
                .append(c.kubeconfigPath() == null ? "(none)" : c.kubeconfigPath())
                .append(c.kubeconfigLine() > 0 ? " (line " + c.kubeconfigLine() + ")" : "")
                .append(" · datastore ").append(c.datastoreType() == null ? "(not set)" : c.datastoreType())
                .append(" · IPAM ").append(c.ipamType() == null ? "(not set)" : c.ipamType());
        if (validation.apiServers().isEmpty()) {
            s.append(" · API server: none read");
        }
        for (CniValidation.ApiServer server : validation.apiServers()) {
            s.append("\nAPI server ").append(server.server()).append(" (").append(server.kubeconfigFile())
                    .append(server.line() > 0 ? " line " + server.line() : "").append(")")
                    .append(server.clusterIp() ? ": a ClusterIP — reachable only while kube-proxy's rules for the"
                            + " kubernetes Service work on this node" : "");
        }
        return s.toString();
    }

    /** The plugin's settings other than its type, {@code key=value}, nested objects flattened one level. */
    static String settings(CniPlugin plugin) {
        Object json;
        try {
            json = MiniJson.parse(plugin.rawJson());
        } catch (RuntimeException e) {
            return plugin.rawJson();
        }
        List<String> parts = new ArrayList<>();
        if (json instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if ("type".equals(e.getKey())) {
                    continue;
                }
                if (e.getValue() instanceof Map<?, ?> nested) {
                    for (Map.Entry<?, ?> n : nested.entrySet()) {
                        parts.add(e.getKey() + "." + n.getKey() + "=" + scalar(n.getValue()));
                    }
                } else {
                    parts.add(e.getKey() + "=" + scalar(e.getValue()));
                }
            }
        }
        return String.join("  ", parts);
    }

    private static String scalar(Object v) {
        if (v instanceof Map<?, ?> || v instanceof List<?>) {
            return v instanceof Map<?, ?> m ? "{" + String.join(",", m.keySet().stream().map(String::valueOf).toList()) + "}"
                    : "[" + ((List<?>) v).size() + "]";
        }
        return String.valueOf(v);
    }

    private static String kind(CniProblem.Kind kind) {
        return switch (kind) {
            case UNREADABLE_FILE -> "unreadable file";
            case UNKNOWN_PLUGIN_TYPE -> "unknown plugin type";
            case KUBECONFIG_MISSING -> "kubeconfig missing";
            case KUBECONFIG_UNREADABLE -> "kubeconfig unreadable";
            case SERVER_IS_CLUSTER_IP -> "server is a ClusterIP";
            case NO_NETWORK_CONFIG -> "no network configuration";
        };
    }

    private static Table table(Composite parent, String id, String[] titles, int[] widths) {
        Table table = new Table(parent, SWT.SINGLE | SWT.FULL_SELECTION | SWT.BORDER | SWT.V_SCROLL | SWT.H_SCROLL);
        table.setData(TestIds.KEY, id);
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        for (int i = 0; i < titles.length; i++) {
            TableColumn c = new TableColumn(table, SWT.LEFT);
            c.setText(titles[i]);
            c.setWidth(widths[i]);
        }
        return table;
    }

    private static String nonNull(String s) {
        return s == null ? "?" : s;
    }

    @Override
    public void setFocus() {
        tabs.setFocus();
    }

    @Override
    public void doSave(IProgressMonitor monitor) {
        // read-only: the files are evidence from the node
    }

    @Override
    public void doSaveAs() {
        // read-only
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
