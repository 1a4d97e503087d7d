package io.kubetriage.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.kubetriage.cli.internal.ExitCode;
import io.kubetriage.core.snapshot.ApiObject;
import io.kubetriage.core.snapshot.Snapshot;
import io.kubetriage.core.snapshot.SnapshotManifest;
import io.kubetriage.core.snapshot.SourceStatus;
import io.kubetriage.core.snapshot.store.ObjectJson;
import io.kubetriage.core.snapshot.store.SnapshotStore;
import io.kubetriage.test.support.etcd.EtcdServerExtension;
import io.kubetriage.test.support.kube.MockKubeCluster;

/**
 * {@code diagnose --backup} with a real {@code etcdctl snapshot save} file of a real etcd, and
 * {@code diagnose --context} capturing fabric8's mock API server in CRUD mode (a stand-in for a live
 * cluster) against a baseline snapshot file.
 */
class DiagnoseLiveAndBackupTest {

    @RegisterExtension
    static final EtcdServerExtension ETCD = EtcdServerExtension.plain();

    @TempDir
    Path tmp;

    @Test
    void aStoreBehindItsOwnBackupIsTheRestoreOfAnOlderOne() throws Exception {
        for (int i = 0; i < 12; i++) {
            ETCD.etcdctl("put", "/registry/configmaps/shop/settings", "value-" + i);
        }
        Path backup = ETCD.workDir().resolve("later.db");
        ETCD.etcdctl("snapshot", "save", backup.toString());
        // the store the snapshot shows serves revision 5: below the 13 the backup already holds
        Path behind = snapshot("restored", configMap("settings", 5));
        Path ahead = snapshot("healthy", configMap("settings", 400));

        CliRun broken = CliRun.run(Map.of(), tmp, "diagnose", behind.toString(), "--backup", backup.toString(),
                "-o", "json");
        assertEquals(ExitCode.FINDINGS, broken.exitCode(), broken.out() + broken.err());
        assertTrue(broken.out().contains("\"code\": \"KT-ROLLBACK-001\""), broken.out());
        assertTrue(broken.out().contains("backup revision"), "the backup's revision is evidence: " + broken.out());
        assertTrue(broken.out().contains(backup.toString()), "the backup is named: " + broken.out());

        CliRun healthy = CliRun.run(Map.of(), tmp, "diagnose", ahead.toString(), "--backup", backup.toString());
        assertEquals(ExitCode.OK, healthy.exitCode(), healthy.out() + healthy.err());
        assertFalse(healthy.out().contains("KT-ROLLBACK-001"), healthy.out());
    }

    /**
     * A restore made as etcd recommends (--bump-revision): the live store's revision is above
     * everything clients saw, so no backwards revision, while the objects still went back. Without
     * the live revision the snapshots alone cannot tell, and KT-ROLLBACK-001 is raised.
     */
    @Test
    void theLiveRevisionTellsABumpedRestoreApart() throws Exception {
        for (int i = 0; i < 100; i++) {
            ETCD.etcdctl("put", "/registry/configmaps/shop/bump", "value-" + i);
        }
        Path baseline = snapshot("before-restore", configMap("settings", 80));
        Path restored = snapshot("after-restore", configMap("settings", 30));

        CliRun alone = CliRun.run(Map.of(), tmp, "diagnose", restored.toString(), "--baseline", baseline.toString());
        assertEquals(ExitCode.FINDINGS, alone.exitCode(), alone.out() + alone.err());
        assertTrue(alone.out().contains("KT-ROLLBACK-001"), "from snapshots alone: " + alone.out());

        CliRun live = CliRun.run(Map.of(), tmp, "diagnose", restored.toString(), "--baseline", baseline.toString(),
                "--etcd-endpoints", ETCD.clientEndpoint().toString());
        assertEquals(ExitCode.FINDINGS, live.exitCode(), live.out() + live.err());
        assertFalse(live.out().contains("KT-ROLLBACK-001"), "the store did not go back: " + live.out());
        assertTrue(live.out().contains("KT-ROLLBACK-002") && live.out().contains("settings"),
                "the object still went back: " + live.out());

        CliRun down = CliRun.run(Map.of(), tmp, "diagnose", restored.toString(), "--etcd-endpoints",
                "http://127.0.0.1:1", "--etcd-dial-timeout", "2s");
        assertEquals(ExitCode.FINDINGS, down.exitCode(), down.out() + down.err());
        assertTrue(down.err().startsWith("error:"), down.err());
        assertTrue(down.out().isEmpty(), "no diagnosis without the store's revision asked for: " + down.out());

        CliRun usage = CliRun.run(Map.of(), tmp, "diagnose", restored.toString(), "--etcd-cacert", "/ca.pem");
        assertEquals(ExitCode.USAGE, usage.exitCode(), usage.err());
    }

    @Test
    void aCorruptBackupIsAnErrorNamingTheFile() throws Exception {
        Path snap = snapshot("any", configMap("settings", 5));
        Path corrupt = tmp.resolve("corrupt.db");
        Files.write(corrupt, "this is not a bbolt file at all".repeat(200).getBytes(StandardCharsets.UTF_8));
        CliRun r = CliRun.run(Map.of(), tmp, "diagnose", snap.toString(), "--backup", corrupt.toString());
        assertEquals(ExitCode.FINDINGS, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains(corrupt.toString()), r.err());
        assertTrue(r.out().isEmpty(), "no findings printed for an input that could not be read: " + r.out());
    }

    @Test
    void aLiveCaptureBelowItsBaselineWentBackInTime() throws Exception {
        try (MockKubeCluster cluster = MockKubeCluster.start()) {
            KubernetesMockServer server = cluster.server();
            NamespacedKubernetesClient admin = cluster.admin();
            server.setVersionInfo(new VersionInfo.Builder().withMajor("1").withMinor("20").withGitVersion("v1.20.2")
                    .build());
            server.expect().get().withPath("/api")
                    .andReturn(200, "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"]}").always();
            server.expect().get().withPath("/api/v1").andReturn(200, """
                    {"kind":"APIResourceList","groupVersion":"v1","resources":[
                     {"name":"configmaps","namespaced":true,"kind":"ConfigMap","verbs":["get","list"]}]}
                    """).always();
            server.expect().get().withPath("/apis").andReturn(200, "{\"kind\":\"APIGroupList\",\"groups\":[]}")
                    .always();
            admin.configMaps().inNamespace("shop").resource(new ConfigMapBuilder().withNewMetadata()
                    .withName("settings").withNamespace("shop").endMetadata().addToData("mode", "old").build())
                    .create();
            Path kubeconfig = cluster.writeKubeconfig(tmp.resolve("kubeconfig.yaml"), "live");
            var live = admin.configMaps().inNamespace("shop").withName("settings").get().getMetadata();
            String liveVersion = live.getResourceVersion();
            long later = Long.parseLong(liveVersion) + 300;
            // the same object (same uid) three days earlier, at a higher resourceVersion
            Path baseline = snapshot("three-days-ago", configMap("settings", live.getUid(), later));

            CliRun r = CliRun.run(Map.of(), tmp, "diagnose", "--context", "live", "--kubeconfig", kubeconfig.toString(),
                    "--baseline", baseline.toString());
            assertEquals(ExitCode.FINDINGS, r.exitCode(), r.out() + r.err());
            int root = r.out().indexOf("KT-ROLLBACK-001");
            int objects = r.out().indexOf("KT-ROLLBACK-002");
            assertTrue(root >= 0 && objects > root, "the store's revision first, then the objects: " + r.out());
            assertTrue(r.out().contains(later + " -> " + liveVersion), "the drop is shown: " + r.out());

            CliRun missing = CliRun.run(Map.of(), tmp, "diagnose", "--context", "nowhere", "--kubeconfig",
                    kubeconfig.toString());
            assertEquals(ExitCode.FINDINGS, missing.exitCode());
            assertTrue(missing.err().contains("'nowhere' is not defined"), missing.err());
        }
    }

    private Path snapshot(String name, ApiObject... objects) throws Exception {
        Instant at = Instant.parse("2026-11-25T10:00:00Z");
        SnapshotManifest manifest = new SnapshotManifest(SnapshotStore.FORMAT_VERSION, java.util.UUID.randomUUID()
                .toString(), name, "prod", "https://10.0.0.1:6443", "v1.20.2", at, at.plusSeconds(5), "test", true,
                List.of(SourceStatus.complete("api:v1/configmaps", objects.length)));
        Path file = tmp.resolve(name + SnapshotStore.EXTENSION);
        SnapshotStore.write(new Snapshot(manifest, List.of(objects), List.of(), Map.of()), file);
        return file;
    }

    private static ApiObject configMap(String name, long resourceVersion) {
        return configMap(name, "uid-" + name, resourceVersion);
    }

    private static ApiObject configMap(String name, String uid, long resourceVersion) {
        return ObjectJson.fromJson("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name
                + "\",\"namespace\":\"shop\",\"uid\":\"" + uid + "\",\"resourceVersion\":\"" + resourceVersion
                + "\"},\"data\":{\"mode\":\"v" + resourceVersion + "\"}}");
    }
}
