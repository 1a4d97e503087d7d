package io.kubetriage.core.diagnosis;

import java.util.List;
import java.util.Objects;

import io.kubetriage.core.snapshot.ObjectKey;

/** One step of a {@link FixPlan}: a request to the API server, or commands a person runs on a node. */
public sealed interface FixStep permits FixStep.ApiStep, FixStep.RunbookStep {

    /** What the step does, in one line. */
    String summary();

    /** What an API step does to its object. */
    enum Operation {
        CREATE, PATCH, DELETE
    }

    /**
     * A request to the API server, previewed as the object before and after.
     *
     * @param operation       create, patch or delete
     * @param target          the object
     * @param beforeJson      the object as it is (null for CREATE)
     * @param afterJson       the object as it will be (null for DELETE)
     * @param patch           the request body sent for a PATCH (e.g. a JSON patch), else null
     * @param patchType       its content type, e.g. {@code application/json-patch+json}; null when no patch
     * @param resourceVersion the precondition: the resourceVersion the object must still have, or null
     * @param summary         what it does, in one line
     */
    record ApiStep(Operation operation, ObjectKey target, String beforeJson, String afterJson, String patch,
            String patchType, String resourceVersion, String summary) implements FixStep {

        public ApiStep {
            Objects.requireNonNull(operation, "operation");
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(summary, "summary");
            if (operation != Operation.CREATE && beforeJson == null) {
                throw new IllegalArgumentException(operation + " needs the object before");
            }
            if (operation != Operation.DELETE && afterJson == null) {
                throw new IllegalArgumentException(operation + " needs the object after");
            }
        }
    }

    /**
     * Commands a person runs on a node, with why and how to check they worked.
     *
     * @param node     the node to run them on (a name, or a description such as "each control-plane node")
     * @param commands the shell commands, in order
     * @param why      why they are needed
     * @param verify   how to check they worked
     * @param summary  what it does, in one line
     */
    record RunbookStep(String node, List<String> commands, String why, String verify, String summary)
            implements FixStep {

        public RunbookStep {
            Objects.requireNonNull(node, "node");
            commands = List.copyOf(commands);
            Objects.requireNonNull(summary, "summary");
            why = why == null ? "" : why;
            verify = verify == null ? "" : verify;
        }
    }
}
