package io.kubetriage.phase.rollback;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kubetriage.core.snapshot.ApiObject;
import io.kubetriage.core.snapshot.ObjectKey;
import io.kubetriage.core.snapshot.Snapshot;

/** Reading the fields of captured objects. */
final class K8s {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String REVISION = "deployment.kubernetes.io/revision";
    static final String CHANGE_CAUSE = "kubernetes.io/change-cause";
    static final String POD_TEMPLATE_HASH = "pod-template-hash";
    static final String KUBE_SYSTEM = "kube-system";

    private K8s() {
    }

    /** The object's JSON as a tree; an empty object when it cannot be parsed. */
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

    /** The node at a path of field names; a missing node when any is absent. */
    static JsonNode at(JsonNode n, String... path) {
        JsonNode cur = n;
        for (String p : path) {
            cur = cur == null ? MissingNode.getInstance() : cur.path(p);
        }
        return cur;
    }

    static String text(JsonNode n, String... path) {
        JsonNode v = at(n, path);
        return v.isValueNode() ? v.asText() : null;
    }

    static String annotation(JsonNode n, String name) {
        return text(n, "metadata", "annotations", name);
    }

    static String label(JsonNode n, String name) {
        return text(n, "metadata", "labels", name);
    }

    /** A numeric annotation, or -1. */
    static long longAnnotation(JsonNode n, String name) {
        String v = annotation(n, name);
        try {
            return v == null ? -1 : Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
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

    static List<ApiObject> pods(Snapshot s) {
        return ofKind(s, "", "Pod");
    }

    /** Whether the object's ownerReferences name the owner's kind and UID. */
    static boolean ownedBy(JsonNode n, String ownerKind, String ownerUid) {
        if (ownerUid == null) {
            return false;
        }
        for (JsonNode ref : at(n, "metadata", "ownerReferences")) {
            if (ownerKind.equals(ref.path("kind").asText()) && ownerUid.equals(ref.path("uid").asText())) {
                return true;
            }
        }
        return false;
    }

    static boolean hasOwner(JsonNode n) {
        return at(n, "metadata", "ownerReferences").size() > 0;
    }

    static String ownerKind(JsonNode n) {
        for (JsonNode ref : at(n, "metadata", "ownerReferences")) {
            if (ref.path("controller").asBoolean(false)) {
                return ref.path("kind").asText();
            }
        }
        JsonNode first = at(n, "metadata", "ownerReferences").path(0);
        return first.isMissingNode() ? null : first.path("kind").asText();
    }

    /** A copy of a pod template without the {@code pod-template-hash} label. */
    static JsonNode templateWithoutHash(JsonNode template) {
        if (!(template instanceof ObjectNode t)) {
            return template;
        }
        ObjectNode copy = t.deepCopy();
        JsonNode labels = at(copy, "metadata", "labels");
        if (labels instanceof ObjectNode l) {
            l.remove(POD_TEMPLATE_HASH);
        }
        return copy;
    }

    /** The images of a pod template's containers (init containers first). */
    static List<String> images(JsonNode template) {
        List<String> images = new ArrayList<>();
        for (String field : new String[] {"initContainers", "containers"}) {
            for (JsonNode c : at(template, "spec", field)) {
                if (c.hasNonNull("image")) {
                    images.add(c.get("image").asText());
                }
            }
        }
        return images;
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

    static boolean matchLabelsEqual(JsonNode a, JsonNode b) {
        Map<String, String> x = stringMap(a);
        Map<String, String> y = stringMap(b);
        x.remove(POD_TEMPLATE_HASH);
        y.remove(POD_TEMPLATE_HASH);
        return !x.isEmpty() && x.equals(y);
    }

    static Map<String, String> stringMap(JsonNode n) {
        Map<String, String> m = new java.util.TreeMap<>();
        if (n != null) {
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                m.put(e.getKey(), e.getValue().asText());
            }
        }
        return m;
    }

    static String pretty(JsonNode n) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(n);
        } catch (IOException e) {
            return n.toString();
        }
    }

    static String compact(JsonNode n) {
        return n.toString();
    }
}
