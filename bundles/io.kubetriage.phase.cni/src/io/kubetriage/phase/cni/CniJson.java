package io.kubetriage.phase.cni;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubetriage.core.snapshot.KubeObjects;

/** Reading the fields of captured objects; malformed JSON reads as an empty object. */
final class CniJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private CniJson() {
    }

    /** A text value at a path, or null when absent or not a value. */
    static String text(JsonNode n, String... path) {
        JsonNode v = KubeObjects.at(n, path);
        return v.isValueNode() && !v.isNull() ? v.asText() : null;
    }
}
