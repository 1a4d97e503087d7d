package io.kubetriage.core.snapshot;

import java.util.Objects;

/**
 * The completeness of one source of a snapshot: a resource type of the API
 * ({@code api:apps/v1/deployments}), the etcd store ({@code etcd}), a node ({@code node:worker-1}).
 *
 * @param source what was read
 * @param state  how completely
 * @param count  how many items were captured from it
 * @param reason why it is not complete; null when it is
 */
public record SourceStatus(String source, SourceState state, long count, String reason) {

    public SourceStatus {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(state, "state");
    }

    public static SourceStatus complete(String source, long count) {
        return new SourceStatus(source, SourceState.COMPLETE, count, null);
    }
}
