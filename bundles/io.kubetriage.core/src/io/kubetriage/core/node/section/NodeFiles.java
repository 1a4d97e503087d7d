package io.kubetriage.core.node.section;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The raw node data collected from one node: the text of each file by its path relative to the
 * node's folder (docs/node-data.md), how each command went, and how the node as a whole went.
 * Nothing here is parsed.
 *
 * @param node     the node's name, as the Node object names it
 * @param files    text by relative path: {@code iptables-save.txt}, {@code cni/10-calico.conflist};
 *                 a failed command has no file
 * @param commands how each step went, by the file it fills ({@code iptables-save.txt}) or the
 *                 folder of copied files ({@code cni}, {@code manifests}); a step not tried is
 *                 absent
 * @param status   how the node went: {@code OK} when the agent ran (commands may still have
 *                 failed), else why nothing, or not all, was collected
 */
public record NodeFiles(String node, Map<String, String> files, Map<String, Status> commands, Status status) {

    /** How a step, or a node, went. */
    public enum State {
        OK, FAILED, TIMED_OUT, CANCELLED
    }

    /**
     * @param state  how it went
     * @param reason why it did not go well; null for {@code OK}
     */
    public record Status(State state, String reason) {

        public static final Status OK = new Status(State.OK, null);

        public Status {
            Objects.requireNonNull(state, "state");
            if (state == State.OK) {
                reason = null;
            } else if (reason == null || reason.isBlank()) {
                reason = state.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
            }
        }

        public static Status failed(String reason) {
            return new Status(State.FAILED, reason);
        }

        public static Status timedOut(String reason) {
            return new Status(State.TIMED_OUT, reason);
        }

        public static Status cancelled(String reason) {
            return new Status(State.CANCELLED, reason);
        }

        public boolean ok() {
            return state == State.OK;
        }
    }

    /**
     * @throws IllegalArgumentException when the node name or a path is not allowed
     *                                  ({@link NodePaths})
     */
    public NodeFiles {
        String problem = NodePaths.nodeNameProblem(node);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        Objects.requireNonNull(status, "status");
        TreeMap<String, String> sortedFiles = new TreeMap<>();
        files.forEach((path, text) -> {
            String pathProblem = NodePaths.relativePathProblem(path);
            if (pathProblem != null) {
                throw new IllegalArgumentException("node " + node + ": " + pathProblem);
            }
            sortedFiles.put(path, Objects.requireNonNull(text, path));
        });
        TreeMap<String, Status> sortedCommands = new TreeMap<>();
        commands.forEach((step, s) -> {
            String stepProblem = NodePaths.fileNameProblem(step);
            if (stepProblem != null) {
                throw new IllegalArgumentException("node " + node + ": step " + stepProblem);
            }
            sortedCommands.put(step, Objects.requireNonNull(s, step));
        });
        files = Collections.unmodifiableSortedMap(sortedFiles);
        commands = Collections.unmodifiableSortedMap(sortedCommands);
    }

    /** A node from which nothing was collected. */
    public static NodeFiles failed(String node, Status status) {
        return new NodeFiles(node, Map.of(), Map.of(), status);
    }

    /** Whether the node and every step tried on it went well. */
    public boolean complete() {
        return status.ok() && commands.values().stream().allMatch(Status::ok);
    }

    /** The files under one of {@link NodePaths#FILE_DIRS}, by file name. */
    public Map<String, String> filesUnder(String dir) {
        TreeMap<String, String> under = new TreeMap<>();
        String prefix = dir + "/";
        files.forEach((path, text) -> {
            if (path.startsWith(prefix)) {
                under.put(path.substring(prefix.length()), text);
            }
        });
        return under;
    }
}
