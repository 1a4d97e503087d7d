package io.kubetriage.core.cluster;

import java.time.Instant;
import java.util.Objects;

/**
 * A cluster's connection state and what goes with it.
 *
 * @param state the state
 * @param info  what was learned on connecting, or null when not connected
 * @param error plain-language reason of a failure, or null
 * @param since when the cluster entered this state
 */
public record ClusterConnectionStatus(ConnectionState state, ClusterInfo info, String error,
        Instant since) {

    public ClusterConnectionStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(since, "since");
    }

    public static ClusterConnectionStatus disconnected(Instant since) {
        return new ClusterConnectionStatus(ConnectionState.DISCONNECTED, null, null, since);
    }

    public static ClusterConnectionStatus connecting(Instant since) {
        return new ClusterConnectionStatus(ConnectionState.CONNECTING, null, null, since);
    }

    public static ClusterConnectionStatus connected(ClusterInfo info, Instant since) {
        return new ClusterConnectionStatus(ConnectionState.CONNECTED,
                Objects.requireNonNull(info, "info"), null, since);
    }

    public static ClusterConnectionStatus failed(String error, Instant since) {
        return new ClusterConnectionStatus(ConnectionState.FAILED, null,
                Objects.requireNonNull(error, "error"), since);
    }

    public static ClusterConnectionStatus cancelled(Instant since) {
        return new ClusterConnectionStatus(ConnectionState.CANCELLED, null, null, since);
    }
}
