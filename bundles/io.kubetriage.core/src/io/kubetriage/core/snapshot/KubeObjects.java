package io.kubetriage.core.snapshot;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reading captured Kubernetes objects as JSON trees, the way the diagnosis phases do: malformed
 * JSON reads as an empty object and absent fields read as missing nodes, so a detector never fails
 * on an odd object.
 */
public final class KubeObjects {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private KubeObjects() {
    }

    /** The object's JSON as a tree; an empty object when it cannot be parsed. */
    public static JsonNode tree(ApiObject o) {
        try {
            JsonNode n = MAPPER.readTree(o.json());
            return n == null ? MAPPER.createObjectNode() : n;
        } catch (IOException e) {
            return MAPPER.createObjectNode();
        }
    }

    /** A copy of the object's JSON that may be changed; an empty object when it is not an object. */
    public static ObjectNode mutableTree(ApiObject o) {
        JsonNode n = tree(o);
        return n instanceof ObjectNode on ? on.deepCopy() : MAPPER.createObjectNode();
    }

    /** The node at a path of field names; a missing node when any is absent. */
    public static JsonNode at(JsonNode n, String... path) {
        JsonNode cur = n;
        for (String p : path) {
            cur = cur == null ? MissingNode.getInstance() : cur.path(p);
        }
        return cur;
    }

    /** The snapshot's objects of a kind, in snapshot order. */
    public static List<ApiObject> ofKind(Snapshot s, String group, String kind) {
        List<ApiObject> result = new ArrayList<>();
        for (ApiObject o : s.objects()) {
            if (o.key().kind().equals(kind) && o.key().group().equals(group)) {
                result.add(o);
            }
        }
        return result;
    }

    /** The fields of a JSON object as texts, sorted by name (labels, a selector); empty for anything else. */
    public static Map<String, String> stringMap(JsonNode n) {
        Map<String, String> m = new TreeMap<>();
        if (n != null && n.isObject()) {
            n.properties().forEach(e -> m.put(e.getKey(), e.getValue().asText()));
        }
        return m;
    }

    /** The key of the object an event is about (core/v1 or events.k8s.io/v1), or null. */
    public static ObjectKey involved(JsonNode event) {
        JsonNode io = event.has("involvedObject") ? event.path("involvedObject") : event.path("regarding");
        String kind = io.path("kind").asText(null);
        String name = io.path("name").asText(null);
        if (kind == null || name == null) {
            return null;
        }
        return new ObjectKey(ObjectKey.groupOf(io.path("apiVersion").asText(null)), kind,
                io.path("namespace").asText(""), name);
    }

    /** The tree as indented JSON. */
    public static String pretty(JsonNode n) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(n);
        } catch (IOException e) {
            return n.toString();
        }
    }
}
