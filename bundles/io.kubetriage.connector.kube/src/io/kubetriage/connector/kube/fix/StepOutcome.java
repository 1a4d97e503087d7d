package io.kubetriage.connector.kube.fix;

import java.util.Objects;

import io.kubetriage.core.diagnosis.FixStep;

/**
 * What became of one API step of a plan, in a dry run or when applied.
 *
 * @param index   1-based position of the step in the plan
 * @param step    the step
 * @param status  ok, rejected by the server, failed to get an answer, or not run
 * @param code    the HTTP status of the server's answer; 0 when none
 * @param message a plain line: what the server said, or why the step did not run
 */
public record StepOutcome(int index, FixStep.ApiStep step, Status status, int code, String message) {

    /** What became of a step. */
    public enum Status {
        /** The server accepted it. */
        OK,
        /** The server refused it (a 4xx or 5xx answer). */
        REJECTED,
        /** No answer: the server could not be reached or did not answer in time. */
        FAILED,
        /** Not sent, because a step before it failed, or the run was cancelled. */
        NOT_RUN
    }

    public StepOutcome {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(status, "status");
        message = message == null ? "" : message;
    }

    public boolean ok() {
        return status == Status.OK;
    }

    /** Whether the server answered 409 Conflict: the object changed since the preview. */
    public boolean conflict() {
        return status == Status.REJECTED && code == 409;
    }

    /** e.g. {@code step 2 PATCH ConfigMap team-a/b: rejected (409): ...} */
    @Override
    public String toString() {
        return "step " + index + " " + step.operation() + " " + step.target() + ": " + status.name().toLowerCase()
                + (code > 0 ? " (" + code + ")" : "") + (message.isEmpty() ? "" : ": " + message);
    }
}
