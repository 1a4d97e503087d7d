package io.kubetriage.phase.rollback;

import java.util.ArrayList;
import java.util.List;

import io.kubetriage.core.diagnosis.Detector;
import io.kubetriage.core.diagnosis.DiagnosisInput;
import io.kubetriage.core.diagnosis.Evidence;
import io.kubetriage.core.diagnosis.Finding;
import io.kubetriage.core.diagnosis.FindingCatalog;
import io.kubetriage.core.etcd.section.EtcdSection;

/** KT-ROLLBACK-001: the store serves a lower revision than clients were shown, or than a backup of it holds. */
public final class RevisionBackwardsDetector implements Detector {

    @Override
    public String phase() {
        return RollbackCodes.PHASE;
    }

    @Override
    public List<String> codes() {
        return List.of(RollbackCodes.REVISION_BACKWARDS);
    }

    @Override
    public List<FindingCatalog.Entry> catalog() {
        return List.of(RollbackCodes.REVISION_BACKWARDS_ENTRY);
    }

    @Override
    public List<Finding> detect(DiagnosisInput input) {
        StoreRevisions r = StoreRevisions.of(input);
        EtcdSection backup = input.backup();
        boolean behindBackup = backup != null && r.current() >= 0 && backup.revision() > r.current();
        if (!r.wentBackwards() && !behindBackup) {
            return List.of();
        }
        List<Evidence> evidence = new ArrayList<>();
        StringBuilder why = new StringBuilder();
        if (r.wentBackwards()) {
            long drop = r.seen() - r.current();
            evidence.add(Evidence.revision("revision seen before", r.seen() + " (" + r.seenSource() + ")", r.seen()));
            evidence.add(Evidence.revision("revision now", r.current() + " (" + r.currentSource() + ")", r.current()));
            evidence.add(Evidence.revision("drop", r.seen() + " -> " + r.current() + ": " + drop + " revisions lower",
                    r.seen(), r.current()));
            why.append("etcd serves revision ").append(r.current()).append(", yet clients were already shown revision ")
                    .append(r.seen()).append(": the store went back ").append(drop).append(" revisions. ");
        }
        if (backup != null) {
            evidence.add(Evidence.revision("backup revision", backup.revision() + " (" + backup.source() + ")",
                    backup.revision()));
            if (behindBackup) {
                why.append("A backup of this store already holds revision ").append(backup.revision())
                        .append(", higher than the ").append(r.current()).append(" it serves now. ");
            } else if (r.wentBackwards() && backup.revision() <= r.current()) {
                why.append("The backup's revision ").append(backup.revision())
                        .append(" is not above the store's: it fits a restore of this backup. ");
            }
        }
        why.append("This is what restoring an old etcd backup without --bump-revision does: every object goes back "
                + "in time while controllers, kubelets and the API server's watch cache remember newer resource "
                + "versions, so watches fail, deleted objects come back and new changes may be lost.");
        String cluster = input.snapshot().manifest().clusterName();
        return List.of(new Finding(Finding.id(RollbackCodes.REVISION_BACKWARDS, cluster == null ? "" : cluster),
                RollbackCodes.REVISION_BACKWARDS, RollbackCodes.REVISION_BACKWARDS_ENTRY.severity(),
                RollbackCodes.REVISION_BACKWARDS_ENTRY.title(), why.toString(), evidence, List.of(), null,
                RollbackCodes.REVISION_BACKWARDS_ENTRY.fixes()));
    }
}
