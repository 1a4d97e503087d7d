package io.kubetriage.core.cluster;

/** Where a cluster's connection stands. */
public enum ConnectionState {
    DISCONNECTED,
    CONNECTING,
    CONNECTED,
    /** The last attempt failed; the status carries the reason. */
    FAILED,
    /** The user stopped the last attempt. */
    CANCELLED
}
