package io.kubetriage.cli.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.kubetriage.core.node.section.NodeData;
import io.kubetriage.core.node.section.NodeFiles;
import io.kubetriage.core.node.section.NodeFiles.Status;
import io.kubetriage.core.node.section.NodeSectionCodec;
import io.kubetriage.core.snapshot.Snapshot;
import io.kubetriage.core.snapshot.SnapshotManifest;
import io.kubetriage.core.snapshot.SourceState;
import io.kubetriage.core.snapshot.SourceStatus;
import io.kubetriage.core.snapshot.store.SnapshotStore;

/** {@code node collect} and {@code node import}, without a cluster. */
class NodeCommandsTest {

    @TempDir
    Path tmp;

    @Test
    void collectWithoutYesExplainsAndExits2() {
        Path out = tmp.resolve("out");

        CliRun run = CliRun.run(Map.of(), tmp, "node", "collect", "--context", "prod", "-o", out.toString());

        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("privileged Pod"), run.err());
        assertTrue(run.err().contains("on each node of context 'prod'"), run.err());
        assertTrue(run.err().contains("Add --yes to confirm."), run.err());
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void collectNeedsAContextAndAnOutput() {
        assertEquals(2, CliRun.run(Map.of(), tmp, "node", "collect", "--yes", "-o", "x").exitCode());
        assertEquals(2, CliRun.run(Map.of(), tmp, "node", "collect", "--context", "c", "--yes").exitCode());
        CliRun badTimeout = CliRun.run(Map.of(), tmp, "node", "collect", "--context", "c", "--yes", "-o", "x",
                "--timeout", "soon");
        assertEquals(2, badTimeout.exitCode());
        assertTrue(badTimeout.err().contains("--timeout takes a duration"), badTimeout.err());
    }

    @Test
    void importAddsTheNodesToTheSnapshot() throws Exception {
        Path snapshotFile = tmp.resolve("cluster.ktsnap");
        SnapshotStore.write(new Snapshot(manifest(), List.of(), List.of(), Map.of()), snapshotFile);
        Path dir = tmp.resolve("nodes");
        Files.createDirectories(dir.resolve("worker-1/cni"));
        Files.writeString(dir.resolve("worker-1/iptables-save.txt"), "*nat\nCOMMIT\n");
        Files.writeString(dir.resolve("worker-1/ipvsadm-save.txt.err"), "ipvsadm: not found\n");
        Files.writeString(dir.resolve("worker-1/cni/10-calico.conflist"), "{}");
        Files.writeString(dir.resolve("kube-proxy-configmap.yaml"), "kind: ConfigMap\n");

        CliRun run = CliRun.run(Map.of(), tmp, "node", "import", dir.toString(), "--into", snapshotFile.toString());

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("Imported 1 nodes (worker-1) and the kube-proxy ConfigMap into"), run.out());
        assertTrue(run.err().contains("warning: node worker-1: ipvsadm-save.txt: ipvsadm: not found"), run.err());
        Snapshot read = SnapshotStore.read(snapshotFile);
        NodeData data = NodeSectionCodec.decode(read);
        NodeFiles w1 = data.node("worker-1").orElseThrow();
        assertEquals(Map.of("iptables-save.txt", "*nat\nCOMMIT\n", "cni/10-calico.conflist", "{}"), w1.files());
        assertEquals(Status.failed("ipvsadm: not found"), w1.commands().get("ipvsadm-save.txt"));
        assertEquals("kind: ConfigMap\n", data.kubeProxyConfigMap());
        assertEquals(List.of("api:v1/pods", "node:worker-1"),
                read.manifest().sources().stream().map(SourceStatus::source).toList());
        assertEquals(SourceState.PARTIAL, read.manifest().sources().get(1).state());
        assertEquals("snap", read.manifest().name(), "the rest of the snapshot is kept");
    }

    @Test
    void aBadDirectoryExits1NamingTheFileAndLeavesTheSnapshot() throws Exception {
        Path snapshotFile = tmp.resolve("cluster.ktsnap");
        SnapshotStore.write(new Snapshot(manifest(), List.of(), List.of(), Map.of()), snapshotFile);
        byte[] before = Files.readAllBytes(snapshotFile);
        Path dir = tmp.resolve("nodes");
        Files.createDirectories(dir.resolve("worker-1"));
        Path binary = dir.resolve("worker-1/ip-addr.txt");
        Files.write(binary, new byte[] {(byte) 0xc3, 0x28});

        CliRun run = CliRun.run(Map.of(), tmp, "node", "import", dir.toString(), "--into", snapshotFile.toString());

        assertEquals(1, run.exitCode());
        assertEquals("error: " + binary + ": not UTF-8 text\n", run.err().replace("\r\n", "\n"));
        assertArrayEquals(before, Files.readAllBytes(snapshotFile));

        CliRun missing = CliRun.run(Map.of(), tmp, "node", "import", tmp.resolve("nope").toString(), "--into",
                snapshotFile.toString());
        assertEquals(1, missing.exitCode());
        assertTrue(missing.err().contains("nope: no such file or directory"), missing.err());

        CliRun noSnapshot = CliRun.run(Map.of(), tmp, "node", "import", dir.toString(), "--into", "x.ktsnap");
        assertEquals(1, noSnapshot.exitCode());
    }

    private static SnapshotManifest manifest() {
        Instant t = Instant.parse("2024-05-01T10:00:00Z");
        return new SnapshotManifest(1, "0b8f6a8e-2f0c-4c55-9b8e-3d1c1f6f7a10", "snap", "prod", null, "v1.20.2", t, t,
                "dev", true, List.of(SourceStatus.complete("api:v1/pods", 0)));
    }
}
