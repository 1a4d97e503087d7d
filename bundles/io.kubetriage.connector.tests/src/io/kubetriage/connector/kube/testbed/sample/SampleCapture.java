package io.kubetriage.connector.kube.testbed.sample;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.core.runtime.NullProgressMonitor;

import io.kubetriage.connector.etcd.EtcdStatusReader;
import io.kubetriage.connector.etcd.keys.EtcdKeyReader;
import io.kubetriage.connector.kube.capture.ApiSnapshotCollector;
import io.kubetriage.connector.kube.capture.CaptureOptions;
import io.kubetriage.core.etcd.EtcdClusterStatus;
import io.kubetriage.core.etcd.EtcdEndpoints;
import io.kubetriage.core.etcd.section.EtcdKeyInfo;
import io.kubetriage.core.etcd.section.EtcdSection;
import io.kubetriage.core.etcd.section.EtcdSectionCodec;
import io.kubetriage.core.kubeconfig.KubeContext;
import io.kubetriage.core.snapshot.Snapshot;
import io.kubetriage.core.snapshot.SnapshotManifest;
import io.kubetriage.core.snapshot.SourceStatus;
import io.kubetriage.test.support.testbed.KubeTestBed;

/**
 * Captures the sample cluster as {@code kubetriage-cli snapshot capture --etcd-endpoints} does: the
 * API objects and events (Secret values redacted), then the etcd keys under {@code /registry/}
 * with their values (Secrets' left out) and the member's status.
 */
final class SampleCapture {

    /** The cluster name the sample snapshots carry. */
    static final String CLUSTER_NAME = "kubetriage-sample";
    /** The API server as the sample's kubeconfig would name it (the node's address). */
    static final String SERVER_URL = "https://" + StandInKubelet.NODE_IP + ":6443";
    private static final String SECRETS_PREFIX = "/registry/secrets/";

    private SampleCapture() {
    }

    static Snapshot capture(KubeTestBed bed, KubeContext ctx, String name) throws Exception {
        NullProgressMonitor monitor = new NullProgressMonitor();
        Snapshot api = new ApiSnapshotCollector().capture(ctx, CaptureOptions.defaults().withName(name), monitor);
        EtcdEndpoints endpoints = new EtcdEndpoints(List.of(bed.etcd().endpoint()), null, null, null, null, null,
                false);
        EtcdClusterStatus status = new EtcdStatusReader().read(endpoints, null, monitor);
        EtcdSection keys = new EtcdKeyReader().readKeys(endpoints, null, EtcdKeyReader.DEFAULT_PREFIX, true, monitor);
        List<EtcdKeyInfo> kept = keys.keys().stream()
                .map(k -> k.key().startsWith(SECRETS_PREFIX) ? k.withoutValue() : k).toList();
        EtcdSection section = new EtcdSection(keys.source(), keys.revision(), keys.compactRevision(), status, kept);

        Map<String, byte[]> sections = new LinkedHashMap<>();
        api.sectionNames().forEach(n -> sections.put(n, api.section(n).orElseThrow()));
        sections.putAll(EtcdSectionCodec.toSections(section));
        List<SourceStatus> sources = new ArrayList<>(api.manifest().sources());
        sources.add(SourceStatus.complete("etcd", kept.size()));
        SnapshotManifest m = api.manifest();
        SnapshotManifest manifest = new SnapshotManifest(m.formatVersion(), m.id(), m.name(), m.clusterName(),
                m.serverUrl(), m.serverVersion(), m.captureStart(), m.captureEnd(), m.toolVersion(),
                m.secretsRedacted(), sources);
        return new Snapshot(manifest, api.objects(), api.events(), sections);
    }

    /**
     * The snapshot under the sample's name, cluster and API server URL, with an id derived from
     * {@code role}, so that a regenerated sample keeps its ids.
     */
    static Snapshot asSample(Snapshot s, String role, String name) {
        SnapshotManifest m = s.manifest();
        String id = UUID.nameUUIDFromBytes(("io.kubetriage.sample/" + role).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString();
        SnapshotManifest manifest = new SnapshotManifest(m.formatVersion(), id, name, CLUSTER_NAME, SERVER_URL,
                m.serverVersion(), m.captureStart(), m.captureEnd(), m.toolVersion(), m.secretsRedacted(), m.sources());
        Map<String, byte[]> sections = new LinkedHashMap<>();
        s.sectionNames().forEach(n -> sections.put(n, s.section(n).orElseThrow()));
        return new Snapshot(manifest, s.objects(), s.events(), sections);
    }
}
