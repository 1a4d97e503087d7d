package io.kubetriage.ui.internal.nodes;

import io.kubetriage.core.diagnosis.DiagnosisInput;
import io.kubetriage.core.snapshot.Snapshot;
import io.kubetriage.diagnosis.DiagnosisService;
import io.kubetriage.ui.internal.KubetriageUiPlugin;

/**
 * The diagnosis the node views mark their rows with: every contributed phase on the snapshot shown,
 * without a baseline (node findings need none). Headless; runs in the views' load jobs.
 */
public final class NodeDiagnosis {

    private static DiagnosisService service;

    private NodeDiagnosis() {
    }

    private static synchronized DiagnosisService service() {
        if (service == null) {
            service = new DiagnosisService();
        }
        return service;
    }

    /** The findings of the snapshot; a diagnosis that fails gives {@link NodeFindings#failed(String)}. */
    public static NodeFindings of(Snapshot snapshot) {
        return of(DiagnosisInput.of(snapshot));
    }

    /** The findings of the node data's snapshot, reusing what was parsed for it already. */
    public static NodeFindings of(NodeSnapshot nodes) {
        return of(new DiagnosisInput(nodes.snapshot(), null, null, null, nodes.derived()));
    }

    private static NodeFindings of(DiagnosisInput input) {
        Snapshot snapshot = input.snapshot();
        try {
            return NodeFindings.of(service().diagnose(input));
        } catch (RuntimeException | LinkageError e) {
            KubetriageUiPlugin.logError("Diagnosis of snapshot '" + snapshot.manifest().name() + "' failed", e);
            return NodeFindings.failed("the diagnosis failed: " + e);
        }
    }
}
