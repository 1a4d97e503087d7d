package io.kubetriage.ui.internal.clusters;

/**
 * A cluster row in the Clusters view, identified by the registry id only, so that the row stays
 * the same element while its descriptor and status change.
 */
public record ClusterNode(String id) {
}
