package io.kubetriage.core.node.section;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kubetriage.core.node.section.NodeFiles.State;
import io.kubetriage.core.node.section.NodeFiles.Status;
import io.kubetriage.core.snapshot.Snapshot;
import io.kubetriage.core.snapshot.SnapshotManifest;
import io.kubetriage.core.snapshot.SourceState;
import io.kubetriage.core.snapshot.SourceStatus;

/**
 * Puts node data into a snapshot's raw sections and takes it out again (docs/snapshot-format.md):
 * each file of a node under {@code nodes/<node>/<path>}, the node's status under
 * {@code nodes/<node>/status.json}, and the kube-proxy ConfigMap under
 * {@code nodes/kube-proxy-configmap.yaml}. Texts are stored as UTF-8, byte for byte.
 */
public final class NodeSectionCodec {

    /** The prefix of every node section. */
    public static final String PREFIX = "nodes/";
    /** The section of the kube-proxy ConfigMap. */
    public static final String KUBE_PROXY_SECTION = PREFIX + NodePaths.KUBE_PROXY_CONFIGMAP;
    /** The name of a node's status inside its folder. */
    public static final String STATUS = "status.json";
    /** The prefix of a node's source in the snapshot manifest, as in {@code node:worker-1}. */
    public static final String SOURCE_PREFIX = "node:";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private NodeSectionCodec() {
    }

    /** The sections of node data, each node's files in path order followed by its status. */
    public static Map<String, byte[]> encode(NodeData data) {
        Map<String, byte[]> sections = new LinkedHashMap<>();
        if (data.kubeProxyConfigMap() != null) {
            sections.put(KUBE_PROXY_SECTION, data.kubeProxyConfigMap().getBytes(StandardCharsets.UTF_8));
        }
        for (NodeFiles node : data.nodes()) {
            String dir = PREFIX + node.node() + "/";
            node.files().forEach((path, text) -> sections.put(dir + path, text.getBytes(StandardCharsets.UTF_8)));
            sections.put(dir + STATUS, statusJson(node));
        }
        return sections;
    }

    /**
     * Reads the node data of a snapshot.
     *
     * @return the nodes in name order; no nodes and no ConfigMap when the snapshot has no node
     *         sections
     * @throws NodeDataException naming the section that cannot be read
     */
    public static NodeData decode(Snapshot snapshot) throws NodeDataException {
        Map<String, byte[]> sections = new LinkedHashMap<>();
        for (String name : snapshot.sectionNames()) {
            if (name.startsWith(PREFIX)) {
                sections.put(name, snapshot.section(name).orElseThrow());
            }
        }
        return decode(sections);
    }

    /**
     * Reads node data from sections; names that do not start with {@link #PREFIX} are ignored.
     *
     * @throws NodeDataException naming the section that cannot be read
     */
    public static NodeData decode(Map<String, byte[]> sections) throws NodeDataException {
        String configMap = null;
        Map<String, Map<String, String>> files = new java.util.TreeMap<>();
        Map<String, byte[]> statuses = new java.util.TreeMap<>();
        for (Map.Entry<String, byte[]> e : sections.entrySet()) {
            String name = e.getKey();
            if (!name.startsWith(PREFIX)) {
                continue;
            }
            if (name.equals(KUBE_PROXY_SECTION)) {
                configMap = text(name, e.getValue());
                continue;
            }
            String rest = name.substring(PREFIX.length());
            int slash = rest.indexOf('/');
            if (slash < 0) {
                throw new NodeDataException(name + ": not a node section (expected " + PREFIX
                        + "<node>/<file> or " + KUBE_PROXY_SECTION + ")");
            }
            String node = rest.substring(0, slash);
            String path = rest.substring(slash + 1);
            String problem = NodePaths.nodeNameProblem(node);
            if (problem != null) {
                throw new NodeDataException(name + ": " + problem);
            }
            if (path.equals(STATUS)) {
                statuses.put(node, e.getValue());
                continue;
            }
            problem = NodePaths.relativePathProblem(path);
            if (problem != null) {
                throw new NodeDataException(name + ": " + problem);
            }
            files.computeIfAbsent(node, k -> new LinkedHashMap<>()).put(path, text(name, e.getValue()));
        }
        for (String node : files.keySet()) {
            if (!statuses.containsKey(node)) {
                throw new NodeDataException(PREFIX + node + "/" + STATUS + ": missing, but the snapshot has files of node "
                        + node);
            }
        }
        List<NodeFiles> nodes = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : statuses.entrySet()) {
            nodes.add(readStatus(e.getKey(), e.getValue(), files.getOrDefault(e.getKey(), Map.of())));
        }
        return new NodeData(nodes, configMap);
    }

    /**
     * A copy of a snapshot with node data added: the nodes given replace the snapshot's nodes of the
     * same name (sections and {@code node:} sources), other nodes are kept, and the ConfigMap given,
     * when there is one, replaces the snapshot's.
     */
    public static Snapshot withNodes(Snapshot snapshot, NodeData data) {
        java.util.Set<String> replaced = new java.util.HashSet<>(data.nodeNames());
        Map<String, byte[]> sections = new LinkedHashMap<>();
        for (String name : snapshot.sectionNames()) {
            if (name.equals(KUBE_PROXY_SECTION) && data.kubeProxyConfigMap() != null) {
                continue;
            }
            if (name.startsWith(PREFIX)) {
                String rest = name.substring(PREFIX.length());
                int slash = rest.indexOf('/');
                if (slash > 0 && replaced.contains(rest.substring(0, slash))) {
                    continue;
                }
            }
            sections.put(name, snapshot.section(name).orElseThrow());
        }
        sections.putAll(encode(data));

        List<SourceStatus> sources = new ArrayList<>();
        for (SourceStatus s : snapshot.manifest().sources()) {
            if (!(s.source().startsWith(SOURCE_PREFIX)
                    && replaced.contains(s.source().substring(SOURCE_PREFIX.length())))) {
                sources.add(s);
            }
        }
        data.nodes().forEach(n -> sources.add(sourceStatus(n)));
        SnapshotManifest m = snapshot.manifest();
        SnapshotManifest manifest = new SnapshotManifest(m.formatVersion(), m.id(), m.name(), m.clusterName(),
                m.serverUrl(), m.serverVersion(), m.captureStart(), m.captureEnd(), m.toolVersion(),
                m.secretsRedacted(), sources);
        return new Snapshot(manifest, snapshot.objects(), snapshot.events(), sections);
    }

    /**
     * A node's line in the snapshot manifest, {@code node:<name>}: complete when the node and every
     * step went well, partial when some steps failed (the count is the number of files), failed or
     * cancelled when the agent did not run.
     */
    public static SourceStatus sourceStatus(NodeFiles node) {
        String source = SOURCE_PREFIX + node.node();
        long count = node.files().size();
        if (!node.status().ok()) {
            SourceState state = node.status().state() == State.CANCELLED ? SourceState.CANCELLED
                    : count > 0 ? SourceState.PARTIAL : SourceState.FAILED;
            return new SourceStatus(source, state, count, node.status().reason());
        }
        List<String> failed = new ArrayList<>();
        node.commands().forEach((step, s) -> {
            if (!s.ok()) {
                failed.add(step + ": " + s.reason());
            }
        });
        return failed.isEmpty() ? SourceStatus.complete(source, count)
                : new SourceStatus(source, SourceState.PARTIAL, count, String.join("; ", failed));
    }

    private static byte[] statusJson(NodeFiles node) {
        ObjectNode root = JSON.createObjectNode();
        root.put("node", node.node());
        root.put("state", node.status().state().name());
        root.put("reason", node.status().reason());
        ObjectNode commands = root.putObject("commands");
        node.commands().forEach((step, s) -> {
            ObjectNode c = commands.putObject(step);
            c.put("state", s.state().name());
            c.put("reason", s.reason());
        });
        try {
            return (JSON.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static NodeFiles readStatus(String node, byte[] bytes, Map<String, String> files)
            throws NodeDataException {
        String entry = PREFIX + node + "/" + STATUS;
        JsonNode root;
        try {
            root = JSON.readTree(text(entry, bytes));
        } catch (JsonProcessingException e) {
            throw new NodeDataException(entry + ": malformed JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new NodeDataException(entry + ": not a JSON object");
        }
        if (root.hasNonNull("node") && !node.equals(root.get("node").asText())) {
            throw new NodeDataException(entry + ": names node '" + root.get("node").asText() + "'");
        }
        Status status = status(entry, root);
        Map<String, Status> commands = new LinkedHashMap<>();
        JsonNode c = root.get("commands");
        if (c != null && !c.isNull()) {
            if (!c.isObject()) {
                throw new NodeDataException(entry + ": commands is not a JSON object");
            }
            for (Map.Entry<String, JsonNode> step : c.properties()) {
                String problem = NodePaths.fileNameProblem(step.getKey());
                if (problem != null) {
                    throw new NodeDataException(entry + ": command " + problem);
                }
                commands.put(step.getKey(), status(entry + " command " + step.getKey(), step.getValue()));
            }
        }
        return new NodeFiles(node, files, commands, status);
    }

    private static Status status(String where, JsonNode node) throws NodeDataException {
        if (node == null || !node.isObject()) {
            throw new NodeDataException(where + ": not a JSON object");
        }
        JsonNode state = node.get("state");
        if (state == null || !state.isTextual()) {
            throw new NodeDataException(where + ": no state");
        }
        State s;
        try {
            s = State.valueOf(state.asText());
        } catch (IllegalArgumentException e) {
            throw new NodeDataException(where + ": unknown state '" + state.asText() + "'", e);
        }
        JsonNode reason = node.get("reason");
        return new Status(s, reason == null || reason.isNull() ? null : reason.asText());
    }

    static String text(String where, byte[] bytes) throws NodeDataException {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new NodeDataException(where + ": not UTF-8 text", e);
        }
    }
}
