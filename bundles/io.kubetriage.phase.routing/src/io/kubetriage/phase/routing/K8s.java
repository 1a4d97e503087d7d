package io.kubetriage.phase.routing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kubetriage.core.snapshot.ApiObject;
import io.kubetriage.core.snapshot.ObjectKey;
import io.kubetriage.core.snapshot.Snapshot;

/** Reading the fields of captured objects. */
final class K8s {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String KUBE_SYSTEM = "kube-system";

    private K8s() {
    }

    /** The object's JSON as a tree; an empty object when it cannot be parsed. */
    static JsonNode tree(ApiObject o) {
        try {
            JsonNode n = MAPPER.readTree(o.json());
            return n == null || !n.isObject() ? MAPPER.createObjectNode() : n;
        } catch (IOException e) {
            return MAPPER.createObjectNode();
        }
    }

    static ObjectNode mutableTree(ApiObject o) {
        return ((ObjectNode) tree(o)).deepCopy();
    }

    static String text(JsonNode n, String... path) {
        JsonNode cur = n;
        for (String p : path) {
            cur = cur.path(p);
        }
        return cur.isValueNode() ? cur.asText() : null;
    }

    static List<ApiObject> ofKind(Snapshot s, String group, String kind) {
        List<ApiObject> result = new ArrayList<>();
        for (ApiObject o : s.objects()) {
            if (o.key().kind().equals(kind) && o.key().group().equals(group)) {
                result.add(o);
            }
        }
        return result;
    }

    /** Whether the snapshot holds any object of the kind, i.e. the kind was captured. */
    static boolean captured(Snapshot s, String group, String kind) {
        for (ApiObject o : s.objects()) {
            if (o.key().kind().equals(kind) && o.key().group().equals(group)) {
                return true;
            }
        }
        return false;
    }

    static Map<String, String> stringMap(JsonNode n) {
        Map<String, String> m = new TreeMap<>();
        if (n != null && n.isObject()) {
            n.properties().forEach(e -> m.put(e.getKey(), e.getValue().asText()));
        }
        return m;
    }

    /** Whether a Pod's Ready condition is True. */
    static boolean ready(JsonNode pod) {
        for (JsonNode c : pod.path("status").path("conditions")) {
            if ("Ready".equals(c.path("type").asText())) {
                return "True".equals(c.path("status").asText());
            }
        }
        return false;
    }

    /** {@code namespace/name} of a key. */
    static String name(ObjectKey k) {
        return k.namespace().isEmpty() ? k.name() : k.namespace() + "/" + k.name();
    }

    static String pretty(JsonNode n) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(n);
        } catch (IOException e) {
            return n.toString();
        }
    }

    /** The key of the object an event is about, or null. */
    static ObjectKey involved(JsonNode event) {
        JsonNode io = event.has("involvedObject") ? event.path("involvedObject") : event.path("regarding");
        String kind = io.path("kind").asText(null);
        String name = io.path("name").asText(null);
        if (kind == null || name == null) {
            return null;
        }
        return new ObjectKey(ObjectKey.groupOf(io.path("apiVersion").asText(null)), kind,
                io.path("namespace").asText(""), name);
    }
}
