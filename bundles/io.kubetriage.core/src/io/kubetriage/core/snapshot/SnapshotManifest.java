package io.kubetriage.core.snapshot;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a snapshot is: which cluster, when, by which tool, in which format, and how complete each
 * of its sources is.
 *
 * @param formatVersion the snapshot file format (see docs/snapshot-format.md)
 * @param id            a unique id of this snapshot (a UUID)
 * @param name          the name the user sees; can be renamed
 * @param clusterName   the kubeconfig context (or a name given by the user for etcd or backup captures)
 * @param serverUrl     the API server URL; may be null (etcd-only captures)
 * @param serverVersion the API server version, e.g. {@code v1.20.2}; may be null
 * @param captureStart  when capturing began
 * @param captureEnd    when it ended
 * @param toolVersion   the Kubetriage version that captured it
 * @param secretsRedacted whether Secret values were replaced by digests (the default)
 * @param sources       completeness per source
 */
public record SnapshotManifest(int formatVersion, String id, String name, String clusterName, String serverUrl,
        String serverVersion, Instant captureStart, Instant captureEnd, String toolVersion, boolean secretsRedacted,
        List<SourceStatus> sources) {

    public SnapshotManifest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(captureStart, "captureStart");
        Objects.requireNonNull(captureEnd, "captureEnd");
        sources = List.copyOf(sources);
    }

    /** Whether every source that was asked for was captured whole. */
    public boolean isComplete() {
        return sources.stream().allMatch(s -> s.state() == SourceState.COMPLETE || s.state() == SourceState.SKIPPED);
    }

    public SnapshotManifest withName(String newName) {
        return new SnapshotManifest(formatVersion, id, newName, clusterName, serverUrl, serverVersion, captureStart,
                captureEnd, toolVersion, secretsRedacted, sources);
    }
}
