package io.kubetriage.connector.kube.fix;

import java.util.List;
import java.util.Objects;

import io.kubetriage.core.diagnosis.FixStep;

/**
 * What applying a plan did.
 *
 * @param fixId       the plan's fix
 * @param ok          every API step was applied
 * @param message     one plain paragraph: what was done, or which step failed, why, and that nothing
 *                    after it ran
 * @param dryRun      the dry run that preceded it
 * @param steps       the outcome of each API step when applied, in order ({@code NOT_RUN} for the
 *                    steps after a failure, and for all when the dry run was not ok)
 * @param failedStep  1-based index in the plan of the step that failed, or -1
 * @param byHand      the runbook steps, still to do by hand: Kubetriage never runs them
 * @param undo        how to undo the steps that were applied; null when none was
 * @param auditProblem why the audit log could not record the result, or null
 */
public record ApplyResult(String fixId, boolean ok, String message, DryRunResult dryRun, List<StepOutcome> steps,
        int failedStep, List<FixStep.RunbookStep> byHand, UndoRecord undo, String auditProblem) {

    public ApplyResult {
        Objects.requireNonNull(fixId, "fixId");
        Objects.requireNonNull(message, "message");
        steps = List.copyOf(steps);
        byHand = List.copyOf(byHand);
    }

    /** The outcomes of the steps that were applied. */
    public List<StepOutcome> applied() {
        return steps.stream().filter(StepOutcome::ok).toList();
    }
}
