package io.kubetriage.core.diagnosis;

import java.util.List;
import java.util.Objects;

/**
 * A quick fix spelled out before anything is done: ordered steps, each previewable, whether it
 * changes the cluster, what the user confirms and how to undo it.
 *
 * @param fixId          e.g. {@code rollback.rollout-undo}
 * @param title          one line
 * @param findingId      the finding it repairs
 * @param steps          in order
 * @param mutatesCluster whether carrying it out changes the cluster
 * @param confirmation   what the user is asked to confirm
 * @param undo           how to undo it
 */
public record FixPlan(String fixId, String title, String findingId, List<FixStep> steps, boolean mutatesCluster,
        String confirmation, String undo) {

    public FixPlan {
        Objects.requireNonNull(fixId, "fixId");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(findingId, "findingId");
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a fix plan needs a step");
        }
        confirmation = confirmation == null ? "" : confirmation;
        undo = undo == null ? "" : undo;
    }
}
