package io.kubetriage.connector.kube.fix;

import java.util.List;
import java.util.Objects;

import io.kubetriage.core.diagnosis.FixStep;

/**
 * The server-side dry run of a plan ({@code ?dryRun=All}): each API step sent as it would be
 * applied, nothing persisted.
 *
 * @param fixId  the plan's fix
 * @param steps  the outcome of each API step, in order
 * @param byHand the runbook steps: never sent, listed for the person doing them
 */
public record DryRunResult(String fixId, List<StepOutcome> steps, List<FixStep.RunbookStep> byHand) {

    public DryRunResult {
        Objects.requireNonNull(fixId, "fixId");
        steps = List.copyOf(steps);
        byHand = List.copyOf(byHand);
    }

    /** Whether the server accepted every API step. */
    public boolean ok() {
        return steps.stream().allMatch(StepOutcome::ok);
    }

    /** The first step the server did not accept, or null. */
    public StepOutcome firstProblem() {
        return steps.stream().filter(s -> !s.ok()).findFirst().orElse(null);
    }

    /** One line: ok, or the first problem. */
    public String summary() {
        StepOutcome problem = firstProblem();
        return problem == null ? "dry run ok: the server accepts all " + steps.size() + " API steps"
                : "dry run: " + problem;
    }
}
