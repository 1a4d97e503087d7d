package io.kubetriage.core.snapshot.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Replaces the values of a Secret by digests, so that a snapshot shows whether a value changed
 * without holding it. Each value of {@code data} and {@code stringData} becomes the string
 * {@code <redacted sha256:HEX len:N>}: the SHA-256 and length of the value's bytes (for
 * {@code data} the base64-decoded bytes, for {@code stringData} the UTF-8 bytes). The copy of the
 * object kept in the annotation {@code kubectl.kubernetes.io/last-applied-configuration} is
 * redacted the same way, since it holds the values too.
 */
public final class SecretRedaction {

    /** The annotation in which {@code kubectl apply} keeps a copy of the object. */
    public static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    private static final Pattern REDACTED = Pattern.compile("<redacted sha256:[0-9a-f]{64} len:[0-9]+>");

    private SecretRedaction() {
    }

    /**
     * The Secret with its values redacted, as compact JSON. Text that is not a Secret (another kind)
     * is returned as it is, and so is a Secret without values.
     *
     * @throws IllegalArgumentException when the text is not a JSON object
     */
    public static String redactSecretJson(String secretJson) {
        if (!secretJson.contains("\"Secret\"")) {
            return secretJson;
        }
        ObjectNode root = ObjectJson.parseObject(secretJson);
        if (!"Secret".equals(root.path("kind").asText()) || !redact(root)) {
            return secretJson;
        }
        return ObjectJson.write(root);
    }

    /** The redacted form of a value of the given bytes. */
    public static String redactedValue(byte[] value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value);
            return "<redacted sha256:" + HexFormat.of().formatHex(digest) + " len:" + value.length + ">";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Whether a value is already in the redacted form. */
    public static boolean isRedacted(String value) {
        return REDACTED.matcher(value).matches();
    }

    /** Redacts the values of a Secret in place; true when something changed. */
    private static boolean redact(ObjectNode secret) {
        boolean changed = redactMap(secret.get("data"), true);
        changed |= redactMap(secret.get("stringData"), false);
        if (secret.get("metadata") instanceof ObjectNode metadata
                && metadata.get("annotations") instanceof ObjectNode annotations
                && annotations.get(LAST_APPLIED) instanceof TextNode applied) {
            String redacted = redactLastApplied(applied.asText());
            if (!redacted.equals(applied.asText())) {
                annotations.put(LAST_APPLIED, redacted);
                changed = true;
            }
        }
        return changed;
    }

    private static String redactLastApplied(String text) {
        ObjectNode applied;
        try {
            applied = ObjectJson.parseObject(text);
        } catch (IllegalArgumentException e) {
            // Not JSON: it cannot be shown safely in part, so none of it is kept.
            return redactedValue(text.getBytes(StandardCharsets.UTF_8));
        }
        return redact(applied) ? ObjectJson.write(applied) : text;
    }

    private static boolean redactMap(JsonNode node, boolean base64) {
        if (!(node instanceof ObjectNode map)) {
            return false;
        }
        boolean changed = false;
        for (Map.Entry<String, JsonNode> e : map.properties()) {
            JsonNode value = e.getValue();
            if (value.isTextual() && isRedacted(value.asText())) {
                continue;
            }
            String text = value.isValueNode() ? value.asText() : ObjectJson.write(value);
            e.setValue(TextNode.valueOf(redactedValue(bytes(text, base64))));
            changed = true;
        }
        return changed;
    }

    private static byte[] bytes(String text, boolean base64) {
        if (base64) {
            try {
                return Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException notBase64) {
                // The API server never returns this; hash what is there rather than keep it.
            }
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
