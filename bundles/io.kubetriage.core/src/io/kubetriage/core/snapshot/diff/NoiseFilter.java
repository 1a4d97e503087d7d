package io.kubetriage.core.snapshot.diff;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Removes the fields {@link DiffOptions} leave out from a parsed object, in place. */
final class NoiseFilter {

    static final Set<String> TIMESTAMPS = Set.of("lastTransitionTime", "lastUpdateTime", "lastHeartbeatTime",
            "lastProbeTime", "lastTimestamp", "firstTimestamp", "eventTime");

    private NoiseFilter() {
    }

    static void apply(ObjectNode root, DiffOptions options) {
        if (options.isExact()) {
            return;
        }
        JsonNode metadata = root.get("metadata");
        if (options.ignoreStatus()) {
            root.remove("status");
        }
        if (metadata instanceof ObjectNode m) {
            if (options.ignoreResourceVersion()) {
                m.remove("resourceVersion");
            }
            if (options.ignoreTimestamps()) {
                m.remove("managedFields");
            }
            if (options.ignoreGeneration()) {
                m.remove("generation");
            }
        }
        if (options.ignoreGeneration() && root.get("status") instanceof ObjectNode status) {
            removeEverywhere(status, Set.of("observedGeneration"));
        }
        if (options.ignoreTimestamps()) {
            String kind = root.path("kind").asText();
            boolean values = kind.equals("ConfigMap") || kind.equals("Secret");
            for (Iterator<Map.Entry<String, JsonNode>> it = root.properties().iterator(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                String field = e.getKey();
                if (TIMESTAMPS.contains(field)) {
                    it.remove();
                } else if (field.equals("metadata") && e.getValue() instanceof ObjectNode m) {
                    for (Iterator<Map.Entry<String, JsonNode>> mi = m.properties().iterator(); mi.hasNext();) {
                        Map.Entry<String, JsonNode> me = mi.next();
                        if (TIMESTAMPS.contains(me.getKey())) {
                            mi.remove();
                        } else if (!me.getKey().equals("labels") && !me.getKey().equals("annotations")) {
                            removeEverywhere(me.getValue(), TIMESTAMPS);
                        }
                    }
                } else if (!(values && (field.equals("data") || field.equals("binaryData")
                        || field.equals("stringData")))) {
                    removeEverywhere(e.getValue(), TIMESTAMPS);
                }
            }
        }
    }

    private static void removeEverywhere(JsonNode node, Set<String> names) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.properties().iterator(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                if (names.contains(e.getKey())) {
                    it.remove();
                } else {
                    removeEverywhere(e.getValue(), names);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (JsonNode element : array) {
                removeEverywhere(element, names);
            }
        }
    }
}
