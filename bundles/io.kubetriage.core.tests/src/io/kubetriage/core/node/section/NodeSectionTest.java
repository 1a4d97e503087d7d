package io.kubetriage.core.node.section;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.kubetriage.core.diagnosis.DerivedData;
import io.kubetriage.core.diagnosis.DiagnosisInput;
import io.kubetriage.core.node.model.DiagnosisNodeData;
import io.kubetriage.core.node.model.ParsedNode;

import io.kubetriage.core.node.section.NodeFiles.State;
import io.kubetriage.core.node.section.NodeFiles.Status;
import io.kubetriage.core.snapshot.Snapshot;
import io.kubetriage.core.snapshot.SnapshotManifest;
import io.kubetriage.core.snapshot.SourceState;
import io.kubetriage.core.snapshot.SourceStatus;

/** Node data in snapshot sections and in the directory layout of docs/node-data.md. */
class NodeSectionTest {

    private static final String CONFIGMAP = """
            apiVersion: v1
            kind: ConfigMap
            data:
              config.conf: |
                mode: "ipvs"
            """;

    @TempDir
    Path tmp;

    @Test
    void sectionsRoundTripFilesStatusesAndTheConfigMap() throws Exception {
        NodeData data = sample();

        Map<String, byte[]> sections = NodeSectionCodec.encode(data);

        assertEquals(List.of("nodes/kube-proxy-configmap.yaml", "nodes/worker-1/cni/10-calico.conflist",
                "nodes/worker-1/ip-addr.txt", "nodes/worker-1/iptables-save.txt",
                "nodes/worker-1/manifests/kube-apiserver.yaml", "nodes/worker-1/status.json",
                "nodes/worker-2/status.json"), List.copyOf(sections.keySet()));
        String status = new String(sections.get("nodes/worker-1/status.json"), StandardCharsets.UTF_8);
        assertTrue(status.contains("\"ipvsadm-save.txt\" : {"), status);
        assertTrue(status.contains("ipvsadm not found in the agent image"), status);
        assertEquals(data, NodeSectionCodec.decode(sections));
    }

    @Test
    void addsNodesToASnapshotReplacingThoseOfTheSameName() throws Exception {
        Snapshot before = new Snapshot(manifest(List.of(SourceStatus.complete("api:v1/pods", 3),
                SourceStatus.complete("node:worker-2", 9), SourceStatus.complete("node:old", 1))), List.of(),
                List.of(), Map.of("etcd/status.json", "{}".getBytes(StandardCharsets.UTF_8),
                        "nodes/worker-2/iptables-save.txt", "stale".getBytes(StandardCharsets.UTF_8),
                        "nodes/worker-2/status.json", "{\"state\":\"OK\"}".getBytes(StandardCharsets.UTF_8),
                        "nodes/old/status.json", "{\"state\":\"OK\"}".getBytes(StandardCharsets.UTF_8)));

        Snapshot after = NodeSectionCodec.withNodes(before, sample());

        assertTrue(after.section("etcd/status.json").isPresent());
        assertFalse(after.section("nodes/worker-2/iptables-save.txt").isPresent(), "replaced node's files go");
        assertTrue(after.section("nodes/old/status.json").isPresent(), "other nodes stay");
        NodeData read = NodeSectionCodec.decode(after);
        assertEquals(List.of("old", "worker-1", "worker-2"), read.nodeNames());
        assertEquals(sample().node("worker-1"), read.node("worker-1"));
        assertEquals(CONFIGMAP, read.kubeProxyConfigMap());

        List<SourceStatus> sources = after.manifest().sources();
        assertEquals(List.of("api:v1/pods", "node:old", "node:worker-1", "node:worker-2"),
                sources.stream().map(SourceStatus::source).toList());
        assertEquals(new SourceStatus("node:worker-1", SourceState.PARTIAL, 4,
                "ipvsadm-save.txt: ipvsadm not found in the agent image"), sources.get(2));
        assertEquals(new SourceStatus("node:worker-2", SourceState.FAILED, 0,
                "the agent Pod did not run within 60s"), sources.get(3));
    }

    @Test
    void directoryRoundTripKeepsTheTextsAndWritesErrFiles() throws Exception {
        Path dir = tmp.resolve("out");

        NodeDirectory.write(sample(), dir);

        assertEquals(CONFIGMAP, Files.readString(dir.resolve("kube-proxy-configmap.yaml")));
        assertEquals("*filter\r\nCOMMIT\n", Files.readString(dir.resolve("worker-1/iptables-save.txt")));
        assertEquals("ipvsadm not found in the agent image\n",
                Files.readString(dir.resolve("worker-1/ipvsadm-save.txt.err")));
        assertTrue(Files.isRegularFile(dir.resolve("worker-1/cni/10-calico.conflist")));
        assertFalse(Files.exists(dir.resolve("worker-2")), "nothing collected, no folder");

        NodeData read = NodeDirectory.read(dir);

        assertEquals(List.of("worker-1"), read.nodeNames());
        NodeFiles w1 = read.node("worker-1").orElseThrow();
        assertEquals(sample().node("worker-1").orElseThrow().files(), w1.files());
        assertEquals(Status.failed("ipvsadm not found in the agent image"), w1.commands().get("ipvsadm-save.txt"));
        assertEquals(Status.OK, w1.commands().get("iptables-save.txt"));
        assertEquals(CONFIGMAP, read.kubeProxyConfigMap());

        NodeDataException notEmpty = assertThrows(NodeDataException.class, () -> NodeDirectory.write(sample(), dir));
        assertTrue(notEmpty.getMessage().contains("not empty"), notEmpty.getMessage());
    }

    @Test
    void readingSkipsUnknownFilesAndSubFoldersOfCni() throws Exception {
        Path node = Files.createDirectories(tmp.resolve("worker-1"));
        Files.writeString(node.resolve("iptables-save.txt"), "");
        Files.writeString(node.resolve("notes.md"), "hand notes");
        Files.createDirectories(node.resolve("cni/calico-tls"));
        Files.writeString(node.resolve("cni/calico-tls/key.pem"), "secret");
        Files.writeString(node.resolve("cni/calico-kubeconfig"), "apiVersion: v1\n");
        Files.writeString(tmp.resolve("README"), "top-level notes");

        NodeFiles read = NodeDirectory.read(tmp).node("worker-1").orElseThrow();

        assertEquals(Map.of("iptables-save.txt", "", "cni/calico-kubeconfig", "apiVersion: v1\n"), read.files());
        assertEquals(State.OK, read.status().state());
    }

    @Test
    void badDirectoriesAreRefusedNamingTheFile() throws Exception {
        assertThrows(java.nio.file.NoSuchFileException.class, () -> NodeDirectory.read(tmp.resolve("missing")));

        Path empty = Files.createDirectories(tmp.resolve("empty"));
        NodeDataException none = assertThrows(NodeDataException.class, () -> NodeDirectory.read(empty));
        assertTrue(none.getMessage().contains("holds no node folder"), none.getMessage());

        Path badName = Files.createDirectories(tmp.resolve("bad-name/worker 1"));
        NodeDataException name = assertThrows(NodeDataException.class,
                () -> NodeDirectory.read(badName.getParent()));
        assertTrue(name.getMessage().contains("worker 1") && name.getMessage().contains("not a node name"),
                name.getMessage());

        Path binary = Files.createDirectories(tmp.resolve("binary/worker-1"));
        Files.write(binary.resolve("ip-addr.txt"), new byte[] {(byte) 0xff, (byte) 0xfe, 0});
        NodeDataException utf8 = assertThrows(NodeDataException.class,
                () -> NodeDirectory.read(binary.getParent()));
        assertEquals(binary.resolve("ip-addr.txt") + ": not UTF-8 text", utf8.getMessage());

        Path linked = Files.createDirectories(tmp.resolve("linked/worker-1/cni"));
        Path target = Files.writeString(tmp.resolve("outside.txt"), "outside the folder");
        Files.createSymbolicLink(linked.resolve("10-calico.conflist"), target);
        NodeDataException link = assertThrows(NodeDataException.class,
                () -> NodeDirectory.read(linked.getParent().getParent()));
        assertTrue(link.getMessage().startsWith(linked.resolve("10-calico.conflist") + ": a symbolic link"),
                link.getMessage());
    }

    @Test
    void pathTraversalIsRejectedEverywhere() {
        for (String node : List.of("..", ".", "a/b", "../etc", "", "-x", "kube-proxy-configmap.yaml", "a:b")) {
            assertThrows(IllegalArgumentException.class, () -> NodeFiles.failed(node, Status.failed("x")), node);
        }
        for (String path : List.of("../x", "cni/../../x", "cni/..", "/etc/passwd", "etc/passwd", "cni/a/b",
                "status.json", "a\\b", "cni/a:b", "x\u0000y", "")) {
            assertThrows(IllegalArgumentException.class,
                    () -> new NodeFiles("worker-1", Map.of(path, "x"), Map.of(), Status.OK), path);
        }

        for (String section : List.of("nodes/../status.json", "nodes/worker-1/cni/../../x", "nodes/worker-1/x/y/z",
                "nodes/stray", "nodes/w:1/status.json")) {
            Map<String, byte[]> sections = new LinkedHashMap<>();
            sections.put(section, "{\"state\":\"OK\"}".getBytes(StandardCharsets.UTF_8));
            NodeDataException e = assertThrows(NodeDataException.class, () -> NodeSectionCodec.decode(sections),
                    section);
            assertTrue(e.getMessage().startsWith(section + ": "), e.getMessage());
        }
    }

    @Test
    void aDiagnosisAndAViewOfTheSameSnapshotParseEachNodeOnce() throws Exception {
        Snapshot snapshot = NodeSectionCodec.withNodes(new Snapshot(manifest(List.of()), List.of(), List.of(), Map.of()),
                sample());
        DerivedData derived = new DerivedData();
        ParsedNode worker1 = DiagnosisNodeData.node(derived, snapshot, "worker-1");
        List<ParsedNode> nodes = DiagnosisNodeData.nodes(new DiagnosisInput(snapshot, null, null, null, derived));
        assertEquals(List.of("worker-1", "worker-2"), nodes.stream().map(ParsedNode::name).toList());
        assertSame(worker1, nodes.get(0), "the node the view parsed is the diagnosis's");
        assertTrue(worker1.data().iptables() != null, "its iptables-save was parsed");
        assertSame(DiagnosisNodeData.sections(derived, snapshot), DiagnosisNodeData.sections(derived, snapshot));
        assertNotSame(worker1, DiagnosisNodeData.node(new DerivedData(), snapshot, "worker-1"), "other derived data parse afresh");
        assertThrows(IllegalArgumentException.class, () -> DiagnosisNodeData.node(derived, snapshot, "worker-9"));

        // node sections that cannot be read fail every time they are asked for
        Snapshot broken = new Snapshot(manifest(List.of()), List.of(), List.of(),
                Map.of("nodes/w1/status.json", "{\"state\":\"MAYBE\"}".getBytes(StandardCharsets.UTF_8)));
        DerivedData brokenDerived = new DerivedData();
        assertThrows(NodeDataException.class, () -> DiagnosisNodeData.nodes(brokenDerived, broken));
        assertThrows(NodeDataException.class, () -> DiagnosisNodeData.node(brokenDerived, broken, "w1"));
    }

    @Test
    void malformedStatusesNameTheirSection() {
        Map<String, byte[]> noStatus = Map.of("nodes/w1/iptables-save.txt", new byte[0]);
        NodeDataException missing = assertThrows(NodeDataException.class, () -> NodeSectionCodec.decode(noStatus));
        assertTrue(missing.getMessage().startsWith("nodes/w1/status.json: missing"), missing.getMessage());

        Map<String, byte[]> bad = Map.of("nodes/w1/status.json", "{\"state\":\"MAYBE\"}".getBytes(StandardCharsets.UTF_8));
        NodeDataException state = assertThrows(NodeDataException.class, () -> NodeSectionCodec.decode(bad));
        assertEquals("nodes/w1/status.json: unknown state 'MAYBE'", state.getMessage());
    }

    private static NodeData sample() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("iptables-save.txt", "*filter\r\nCOMMIT\n");
        files.put("ip-addr.txt", "1: lo    inet 127.0.0.1/8 scope host lo\n");
        files.put("cni/10-calico.conflist", "{\"name\":\"k8s-pod-network\"}");
        files.put("manifests/kube-apiserver.yaml", "kind: Pod\n# \u00e9t\u00e9\n");
        Map<String, Status> commands = new LinkedHashMap<>();
        commands.put("iptables-save.txt", Status.OK);
        commands.put("ip-addr.txt", Status.OK);
        commands.put("ipvsadm-save.txt", Status.failed("ipvsadm not found in the agent image"));
        commands.put("cni", Status.OK);
        commands.put("manifests", Status.OK);
        return new NodeData(List.of(new NodeFiles("worker-1", files, commands, Status.OK),
                NodeFiles.failed("worker-2", Status.timedOut("the agent Pod did not run within 60s"))), CONFIGMAP);
    }

    private static SnapshotManifest manifest(List<SourceStatus> sources) {
        Instant now = Instant.parse("2024-05-01T10:00:00Z");
        return new SnapshotManifest(1, "id-1", "snap", "ctx", null, null, now, now, "dev", true, sources);
    }
}
