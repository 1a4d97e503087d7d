package io.kubetriage.connector.kube.fix;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.kubetriage.core.diagnosis.FixPlan;
import io.kubetriage.core.diagnosis.FixStep;
import io.kubetriage.core.snapshot.ObjectKey;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** JSON helpers shared by the fix classes: parsing, server-owned fields, Secret values. */
final class FixJson {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** Metadata fields the server owns: dropped before an object is created again. */
    private static final List<String> SERVER_METADATA = List.of("uid", "resourceVersion", "creationTimestamp",
            "generation", "managedFields", "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds");

    private FixJson() {
    }

    /** The JSON object in the text, or null when the text is null or not a JSON object. */
    static ObjectNode object(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(json) instanceof ObjectNode o ? o : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    static String compact(JsonNode node) {
        return JSON.writeValueAsString(node);
    }

    static String pretty(JsonNode node) {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    }

    static String text(JsonNode node, String... path) {
        JsonNode n = node;
        for (String p : path) {
            if (n == null) {
                return null;
            }
            n = n.get(p);
        }
        return n == null || n.isNull() || !n.isValueNode() ? null : n.asString();
    }

    /** The object as it can be sent in a CREATE: without server-owned metadata and without status. */
    static ObjectNode forCreate(ObjectNode object) {
        ObjectNode copy = object.deepCopy();
        copy.remove("status");
        if (copy.get("metadata") instanceof ObjectNode metadata) {
            SERVER_METADATA.forEach(metadata::remove);
        }
        return copy;
    }

    static boolean isSecret(ObjectKey key) {
        return key.group().isEmpty() && key.kind().equals("Secret");
    }

    /**
     * Every Secret value the plan carries, as written and base64-decoded (texts of at least 4
     * characters), so that a message from the server can be scrubbed of them.
     */
    static Set<String> secretValues(FixPlan plan) {
        Set<String> values = new LinkedHashSet<>();
        for (FixStep step : plan.steps()) {
            if (step instanceof FixStep.ApiStep api && isSecret(api.target())) {
                for (String json : new String[] {api.beforeJson(), api.afterJson(), api.patch()}) {
                    collectSecretValues(json, values);
                }
            }
        }
        return values;
    }

    static void collectSecretValues(String json, Set<String> values) {
        if (json == null) {
            return;
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            return;
        }
        List<JsonNode> maps = new ArrayList<>();
        collectMaps(root, maps);
        for (JsonNode map : maps) {
            for (Map.Entry<String, JsonNode> e : map.properties()) {
                String v = e.getValue().isValueNode() ? e.getValue().asString() : compact(e.getValue());
                if (v.length() >= 4) {
                    values.add(v);
                    try {
                        String decoded = new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8);
                        if (decoded.length() >= 4) {
                            values.add(decoded);
                        }
                    } catch (IllegalArgumentException notBase64) {
                        // stringData, or not base64: the text itself is the value
                    }
                }
            }
        }
    }

    /** The {@code data}/{@code stringData} maps anywhere in the tree (objects, patches, JSON patch values). */
    private static void collectMaps(JsonNode node, List<JsonNode> maps) {
        if (node instanceof ObjectNode o) {
            for (Map.Entry<String, JsonNode> e : o.properties()) {
                if ((e.getKey().equals("data") || e.getKey().equals("stringData")) && e.getValue().isObject()) {
                    maps.add(e.getValue());
                } else if (e.getKey().equals("value") && isValuePath(o.path("path").asString(""))) {
                    if (e.getValue().isObject()) {
                        maps.add(e.getValue());
                    } else if (e.getValue().isValueNode()) {
                        maps.add(JSON.createObjectNode().set("v", e.getValue()));
                    }
                }
                collectMaps(e.getValue(), maps);
            }
        } else if (node instanceof ArrayNode a) {
            for (JsonNode item : a) {
                collectMaps(item, maps);
            }
        }
    }

    /** Whether a JSON patch op's path is a Secret's values or one of them. */
    private static boolean isValuePath(String path) {
        return path.equals("/data") || path.startsWith("/data/") || path.equals("/stringData")
                || path.startsWith("/stringData/");
    }

    /** The text with every one of the values replaced by {@code <redacted>}. */
    static String scrub(String text, Set<String> secretValues) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String v : secretValues) {
            out = out.replace(v, "<redacted>");
        }
        return out;
    }

    /** JSON pointer escaping of one property name. */
    static String pointer(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
