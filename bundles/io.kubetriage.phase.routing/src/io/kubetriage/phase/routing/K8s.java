package io.kubetriage.phase.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kubetriage.core.snapshot.ApiObject;
import io.kubetriage.core.snapshot.KubeObjects;
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
        JsonNode n = KubeObjects.tree(o);
        return n.isObject() ? n : MAPPER.createObjectNode();
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

    /** Whether the snapshot holds any object of the kind, i.e. the kind was captured. */
    static boolean captured(Snapshot s, String group, String kind) {
        for (ApiObject o : s.objects()) {
            if (o.key().kind().equals(kind) && o.key().group().equals(group)) {
                return true;
            }
        }
        return false;
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
}
