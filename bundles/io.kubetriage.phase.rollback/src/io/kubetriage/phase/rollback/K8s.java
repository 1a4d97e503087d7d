package io.kubetriage.phase.rollback;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kubetriage.core.snapshot.ApiObject;
import io.kubetriage.core.snapshot.KubeObjects;
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

    static String text(JsonNode n, String... path) {
        JsonNode v = KubeObjects.at(n, path);
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

    static List<ApiObject> pods(Snapshot s) {
        return KubeObjects.ofKind(s, "", "Pod");
    }

    /** Whether the object's ownerReferences name the owner's kind and UID. */
    static boolean ownedBy(JsonNode n, String ownerKind, String ownerUid) {
        if (ownerUid == null) {
            return false;
        }
        for (JsonNode ref : KubeObjects.at(n, "metadata", "ownerReferences")) {
            if (ownerKind.equals(ref.path("kind").asText()) && ownerUid.equals(ref.path("uid").asText())) {
                return true;
            }
        }
        return false;
    }

    static boolean hasOwner(JsonNode n) {
        return KubeObjects.at(n, "metadata", "ownerReferences").size() > 0;
    }

    static String ownerKind(JsonNode n) {
        for (JsonNode ref : KubeObjects.at(n, "metadata", "ownerReferences")) {
            if (ref.path("controller").asBoolean(false)) {
                return ref.path("kind").asText();
            }
        }
        JsonNode first = KubeObjects.at(n, "metadata", "ownerReferences").path(0);
        return first.isMissingNode() ? null : first.path("kind").asText();
    }

    /** A copy of a pod template without the {@code pod-template-hash} label. */
    static JsonNode templateWithoutHash(JsonNode template) {
        if (!(template instanceof ObjectNode t)) {
            return template;
        }
        ObjectNode copy = t.deepCopy();
        JsonNode labels = KubeObjects.at(copy, "metadata", "labels");
        if (labels instanceof ObjectNode l) {
            l.remove(POD_TEMPLATE_HASH);
        }
        return copy;
    }

    /** The images of a pod template's containers (init containers first). */
    static List<String> images(JsonNode template) {
        List<String> images = new ArrayList<>();
        for (String field : new String[] {"initContainers", "containers"}) {
            for (JsonNode c : KubeObjects.at(template, "spec", field)) {
                if (c.hasNonNull("image")) {
                    images.add(c.get("image").asText());
                }
            }
        }
        return images;
    }

    static boolean matchLabelsEqual(JsonNode a, JsonNode b) {
        Map<String, String> x = KubeObjects.stringMap(a);
        Map<String, String> y = KubeObjects.stringMap(b);
        x.remove(POD_TEMPLATE_HASH);
        y.remove(POD_TEMPLATE_HASH);
        return !x.isEmpty() && x.equals(y);
    }

    static String compact(JsonNode n) {
        return n.toString();
    }
}
