package io.kubetriage.phase.cni;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kubetriage.core.snapshot.ApiObject;
import io.kubetriage.core.snapshot.ObjectKey;
import io.kubetriage.core.snapshot.Snapshot;

/** Reading the fields of captured objects; malformed JSON reads as an empty object. */
final class CniJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private CniJson() {
    }

    static JsonNode tree(ApiObject o) {
        try {
            JsonNode n = MAPPER.readTree(o.json());
            return n == null ? MAPPER.createObjectNode() : n;
        } catch (IOException e) {
            return MAPPER.createObjectNode();
        }
    }

    static ObjectNode mutableTree(ApiObject o) {
        JsonNode n = tree(o);
        return n instanceof ObjectNode on ? on.deepCopy() : MAPPER.createObjectNode();
    }

    static JsonNode at(JsonNode n, String... path) {
        JsonNode cur = n;
        for (String p : path) {
            cur = cur == null ? MissingNode.getInstance() : cur.path(p);
        }
        return cur;
    }

    /** A text value at a path, or null when absent or not a value. */
    static String text(JsonNode n, String... path) {
        JsonNode v = at(n, path);
        return v.isValueNode() && !v.isNull() ? v.asText() : null;
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

    static String pretty(JsonNode n) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(n);
        } catch (IOException e) {
            return n.toString();
        }
    }
}
