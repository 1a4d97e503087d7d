package io.kubetriage.ui.internal.findings;

import java.util.Locale;
import java.util.Optional;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;

import io.kubetriage.connector.etcd.decode.RegistryKey;
import io.kubetriage.core.diagnosis.DiagnosisInput;
import io.kubetriage.core.diagnosis.Evidence;
import io.kubetriage.core.diagnosis.Finding;
import io.kubetriage.core.etcd.section.EtcdKeyInfo;
import io.kubetriage.core.etcd.section.EtcdSection;
import io.kubetriage.core.node.section.NodeDataException;
import io.kubetriage.core.snapshot.ObjectKey;
import io.kubetriage.core.snapshot.Snapshot;
import io.kubetriage.ui.internal.etcd.EtcdIds;
import io.kubetriage.ui.internal.etcd.EtcdRevisionsView;
import io.kubetriage.ui.internal.etcd.EtcdSource;
import io.kubetriage.ui.internal.nodes.CniConfigEditor;
import io.kubetriage.ui.internal.nodes.CniEditorInput;
import io.kubetriage.ui.internal.nodes.NodeFindings;
import io.kubetriage.ui.internal.nodes.NodeIds;
import io.kubetriage.ui.internal.nodes.NodeNetworkingView;
import io.kubetriage.ui.internal.nodes.NodeSnapshot;
import io.kubetriage.ui.internal.snapshots.SnapshotEntry;

/**
 * Where a finding's evidence leads, and opening it: what double-click, Enter and Open do on a row
 * of the Findings view's evidence table.
 *
 * <ul>
 * <li>A node location: the CNI Config editor at that line for a file under {@code cni/}, else the
 * Node Networking view on that node, the file's row selected.</li>
 * <li>An etcd key: the etcd Revisions view on the etcd keys the snapshot captured (else the
 * baseline's), the key selected.</li>
 * <li>An object: the compare editor, baseline ↔ snapshot, when the diagnosis had a baseline;
 * without one, the object's etcd key in the etcd Revisions view when the snapshot captured it,
 * else the compare editor with the snapshot's YAML alone.</li>
 * </ul>
 */
public final class EvidenceLinks {

    /** How often, and how far apart, a key is looked for in a view that is still filling. */
    private static final int SELECT_ATTEMPTS = 300;
    private static final int SELECT_RETRY_MS = 100;


    /** Where a piece of evidence leads. */
    public enum Target {
        COMPARE, ETCD_KEY, NODE_NETWORKING, CNI_CONFIG, NONE
    }

    private EvidenceLinks() {
    }

    /** Where the evidence leads in a diagnosis, without opening anything. */
    public static Target targetOf(DiagnosisRun run, Evidence evidence) {
        boolean etcdKind = evidence.kind() == Evidence.Kind.ETCD_KEY || evidence.kind() == Evidence.Kind.ETCD_REVISION;
        if (evidence.location() != null && !etcdKind) {
            return NodeFindings.cniFileName(evidence.location().file()) != null ? Target.CNI_CONFIG
                    : Target.NODE_NETWORKING;
        }
        if (evidence.etcdKey() != null && (etcdKind || evidence.object() == null)) {
            return Target.ETCD_KEY;
        }
        if (evidence.object() != null) {
            if (run.baseline() == null && etcdKeyOf(run.input().snapshot(), evidence.object()).isPresent()) {
                return Target.ETCD_KEY;
            }
            return Target.COMPARE;
        }
        return evidence.location() != null ? Target.NODE_NETWORKING : Target.NONE;
    }

    /**
     * Opens what the evidence leads to.
     *
     * @return null when it was opened; else why nothing could be (for the status line)
     */
    public static String open(IWorkbenchPage page, DiagnosisRun run, Finding finding, Evidence evidence) {
        try {
            return switch (targetOf(run, evidence)) {
                case CNI_CONFIG -> openCni(page, run, evidence.location());
                case NODE_NETWORKING -> {
                    Evidence.NodeLocation at = evidence.location();
                    NodeNetworkingView.open(page, run.snapshot().file(), at.node(), at.file(), at.line());
                    yield null;
                }
                case ETCD_KEY -> openEtcdKey(page, run, evidence.etcdKey() != null ? evidence.etcdKey()
                        : etcdKeyOf(run.input().snapshot(), evidence.object()).orElseThrow());
                case COMPARE -> {
                    FindingsView.openCompare(page, new AffectedObject(run, finding, evidence.object()));
                    yield null;
                }
                case NONE -> "This evidence (" + evidence.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                        + ") names no object, etcd key or node file to open.";
            };
        } catch (PartInitException e) {
            return "Could not open the evidence: " + e.getMessage();
        }
    }

    private static String openCni(IWorkbenchPage page, DiagnosisRun run, Evidence.NodeLocation at)
            throws PartInitException {
        NodeSnapshot nodes;
        try {
            nodes = NodeSnapshot.of(run.input().snapshot(), NodeSnapshot.preferredServiceCidr(), run.input().derived())
                    .withFindings(NodeFindings.of(run.findings()));
        } catch (NodeDataException e) {
            return "The node data of " + run.snapshot().name() + " cannot be read: " + e.getMessage();
        }
        if (!nodes.nodeNames().contains(at.node())) {
            return "Snapshot " + run.snapshot().name() + " holds no node data of " + at.node() + ".";
        }
        if (!page.isEditorAreaVisible()) {
            page.setEditorAreaVisible(true);
        }
        CniConfigEditor editor = (CniConfigEditor) page.openEditor(
                new CniEditorInput(run.snapshot().file(), nodes, at.node()), NodeIds.CNI_EDITOR_ID);
        editor.reveal(NodeFindings.cniFileName(at.file()), at.line());
        return null;
    }

    private static String openEtcdKey(IWorkbenchPage page, DiagnosisRun run, String key) throws PartInitException {
        SnapshotEntry entry = run.snapshot();
        Optional<EtcdSection> etcd = DiagnosisInput.etcdOf(run.input().snapshot());
        if (etcd.isEmpty() && run.baseline() != null) {
            etcd = DiagnosisInput.etcdOf(run.input().baseline());
            entry = run.baseline();
        }
        if (etcd.isEmpty()) {
            return "Neither the snapshot nor its baseline captured etcd keys: " + key + " cannot be shown.";
        }
        EtcdRevisionsView view = (EtcdRevisionsView) page.showView(EtcdIds.VIEW_ID);
        if (view.source() instanceof EtcdSource.Captured shown && shown.file().equals(entry.file().toAbsolutePath()
                .normalize()) && view.selectKey(key)) {
            return null;
        }
        Job reading = view.showSnapshot(entry.file(), entry.name(), entry.clusterName());
        Display display = page.getWorkbenchWindow().getShell().getDisplay();
        // The reading job may end before a listener could be added, and the view fills its tree
        // from the UI thread after the job: poll from the UI thread until the job has ended and the
        // key is listed.
        display.asyncExec(() -> selectWhenShown(display, view, reading, key, SELECT_ATTEMPTS));
        boolean listed = etcd.get().keys().stream().map(EtcdKeyInfo::key).anyMatch(key::equals);
        return listed ? null : key + " is not among the etcd keys " + entry.name() + " captured.";
    }

    /**
     * Selects the key once the view lists it: after the reading job has ended (its result is set)
     * and the view has filled its tree from the UI thread.
     */
    private static void selectWhenShown(Display display, EtcdRevisionsView view, Job reading, String key,
            int attempts) {
        if (display.isDisposed() || view.viewer().getControl().isDisposed() || attempts <= 0) {
            return;
        }
        if (reading.getResult() != null && view.selectKey(key)) {
            return;
        }
        display.timerExec(SELECT_RETRY_MS, () -> selectWhenShown(display, view, reading, key, attempts - 1));
    }

    /** The etcd key the API server keeps the object under, when the snapshot captured it. */
    static Optional<String> etcdKeyOf(Snapshot snapshot, ObjectKey object) {
        if (snapshot == null || object == null) {
            return Optional.empty();
        }
        Optional<EtcdSection> etcd = DiagnosisInput.etcdOf(snapshot);
        if (etcd.isEmpty()) {
            return Optional.empty();
        }
        for (EtcdKeyInfo info : etcd.get().keys()) {
            Optional<RegistryKey> parsed = RegistryKey.parse(info.key());
            if (parsed.isPresent() && names(parsed.get(), object)) {
                return Optional.of(info.key());
            }
        }
        return Optional.empty();
    }

    private static boolean names(RegistryKey key, ObjectKey object) {
        String namespace = key.namespace() == null ? "" : key.namespace();
        if (!object.name().equals(key.name()) || !object.namespace().equals(namespace)
                || key.group() != null && !key.group().equals(object.group())) {
            return false;
        }
        String kind = object.kind().toLowerCase(Locale.ROOT);
        String resource = key.resource();
        return resource.equals(kind) || resource.equals(kind + "s") || resource.equals(kind + "es")
                || kind.endsWith("y") && resource.equals(kind.substring(0, kind.length() - 1) + "ies");
    }
}
