package io.kubetriage.sample.tests;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kubetriage.core.node.model.NodeParsing;
import io.kubetriage.core.node.model.ParsedNode;
import io.kubetriage.core.node.section.NodeDataException;
import io.kubetriage.core.snapshot.ApiObject;
import io.kubetriage.core.snapshot.ObjectKey;
import io.kubetriage.core.snapshot.Snapshot;
import io.kubetriage.sample.SampleIncident;

/** The sample's two snapshots, read once for all tests, and small helpers to look into them. */
final class SamplePair {

    static final Snapshot BEFORE = SampleIncident.before();
    static final Snapshot AFTER = SampleIncident.after();
    private static final ObjectMapper JSON = new ObjectMapper();

    private SamplePair() {
    }

    /** Node master-1 of a snapshot, parsed. */
    static ParsedNode master(Snapshot s) throws NodeDataException {
        List<ParsedNode> nodes = NodeParsing.of(s);
        return nodes.stream().filter(n -> n.name().equals(SampleIncident.NODE)).findFirst()
                .orElseThrow(() -> new AssertionError("no node " + SampleIncident.NODE + " in " + s.manifest().name()
                        + ": " + nodes.stream().map(ParsedNode::name).toList()));
    }

    static JsonNode json(ApiObject o) {
        try {
            return JSON.readTree(o.json());
        } catch (JsonProcessingException e) {
            throw new AssertionError(o.key() + " is not JSON", e);
        }
    }

    static JsonNode object(Snapshot s, String group, String kind, String namespace, String name) {
        return json(s.object(new ObjectKey(group, kind, namespace, name))
                .orElseThrow(() -> new AssertionError(kind + " " + namespace + "/" + name + " is not in "
                        + s.manifest().name())));
    }

    /** The Pods of a namespace with a label. */
    static List<JsonNode> pods(Snapshot s, String namespace, String label, String value) {
        return s.objects().stream()
                .filter(o -> o.key().kind().equals("Pod") && o.key().group().isEmpty()
                        && o.key().namespace().equals(namespace))
                .map(SamplePair::json)
                .filter(p -> value.equals(p.path("metadata").path("labels").path(label).asText(null)))
                .toList();
    }

    /** The status of a Pod's condition of a type, or null. */
    static String condition(JsonNode pod, String type) {
        for (JsonNode c : pod.path("status").path("conditions")) {
            if (type.equals(c.path("type").asText())) {
                return c.path("status").asText();
            }
        }
        return null;
    }
}
