package io.kubetriage.core.snapshot.store;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kubetriage.core.snapshot.ApiObject;
import io.kubetriage.core.snapshot.ObjectKey;

/**
 * Turns the JSON of a Kubernetes object into an {@link ApiObject}: the key, apiVersion, uid and
 * resourceVersion come from {@code apiVersion}, {@code kind} and {@code metadata}.
 */
public final class ObjectJson {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final JsonFactory FACTORY = MAPPER.getFactory();

    private ObjectJson() {
    }

    /**
     * The object as captured: {@code metadata.managedFields} dropped, the rest kept as it is.
     *
     * @throws IllegalArgumentException when the text is not a JSON object with a kind and a name
     */
    public static ApiObject fromJson(String json) {
        return wrap(stripManagedFields(json));
    }

    /**
     * The object with its text kept exactly as given (no field dropped).
     *
     * @throws IllegalArgumentException when the text is not a JSON object with a kind and a name
     */
    public static ApiObject wrap(String json) {
        try {
            return describe(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The JSON without {@code metadata.managedFields}; the same text when it has none. When a field
     * is dropped, the result is compact JSON with the other fields in their order.
     *
     * @throws IllegalArgumentException when the text is not a JSON object
     */
    public static String stripManagedFields(String json) {
        if (!json.contains("\"managedFields\"")) {
            return json;
        }
        ObjectNode root = parseObject(json);
        if (root.get("metadata") instanceof ObjectNode metadata && metadata.remove("managedFields") != null) {
            return write(root);
        }
        return json;
    }

    static ObjectNode parseObject(String json) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getMessage(), e);
        }
        if (!(node instanceof ObjectNode object)) {
            throw new IllegalArgumentException("not a JSON object");
        }
        return object;
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads the whole text with the streaming parser (so that malformed JSON anywhere is found) and
     * picks the identifying fields.
     *
     * @throws IOException              when the text is not well-formed JSON
     * @throws IllegalArgumentException when it is not an object, or lacks a kind or a name
     */
    static ApiObject describe(String json) throws IOException {
        String apiVersion = null;
        String kind = null;
        String namespace = null;
        String name = null;
        String uid = null;
        String resourceVersion = null;
        try (JsonParser p = FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "apiVersion" -> apiVersion = text(p, value);
                    case "kind" -> kind = text(p, value);
                    case "metadata" -> {
                        if (value == JsonToken.START_OBJECT) {
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String m = p.currentName();
                                JsonToken v = p.nextToken();
                                switch (m) {
                                    case "namespace" -> namespace = text(p, v);
                                    case "name" -> name = text(p, v);
                                    case "uid" -> uid = text(p, v);
                                    case "resourceVersion" -> resourceVersion = text(p, v);
                                    default -> p.skipChildren();
                                }
                            }
                        } else {
                            p.skipChildren();
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("text after the JSON object");
            }
        }
        if (kind == null || kind.isEmpty()) {
            throw new IllegalArgumentException("the object has no kind");
        }
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("the object has no metadata.name");
        }
        return new ApiObject(new ObjectKey(ObjectKey.groupOf(apiVersion), kind, namespace, name), apiVersion, uid,
                resourceVersion, json);
    }

    private static String text(JsonParser p, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        p.skipChildren();
        return null;
    }
}
