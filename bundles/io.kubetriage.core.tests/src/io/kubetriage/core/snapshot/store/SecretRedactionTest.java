package io.kubetriage.core.snapshot.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class SecretRedactionTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void dataValuesBecomeDigestsOfTheDecodedBytes() throws Exception {
        String secret = "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"db\",\"namespace\":\"prod\"},"
                + "\"type\":\"Opaque\",\"data\":{\"password\":\"" + b64("hunter2") + "\",\"empty\":\"\"},"
                + "\"stringData\":{\"token\":\"s3cr\u00e9t\"}}";

        String redacted = SecretRedaction.redactSecretJson(secret);
        JsonNode root = MAPPER.readTree(redacted);

        assertFalse(redacted.contains(b64("hunter2")), redacted);
        assertFalse(redacted.contains("s3cr"), redacted);
        assertEquals("<redacted sha256:" + sha256("hunter2".getBytes(StandardCharsets.UTF_8)) + " len:7>",
                root.at("/data/password").asText());
        assertEquals("<redacted sha256:" + sha256(new byte[0]) + " len:0>", root.at("/data/empty").asText());
        byte[] token = "s3cr\u00e9t".getBytes(StandardCharsets.UTF_8);
        assertEquals("<redacted sha256:" + sha256(token) + " len:" + token.length + ">",
                root.at("/stringData/token").asText());
        assertEquals(7, token.length);
        assertEquals("Opaque", root.get("type").asText());
        assertEquals("db", root.at("/metadata/name").asText());
        assertTrue(redacted.startsWith("{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\""), "order kept");
    }

    @Test
    void redactionIsIdempotent() {
        String secret = "{\"kind\":\"Secret\",\"metadata\":{\"name\":\"a\"},\"data\":{\"k\":\"" + b64("v") + "\"}}";
        String once = SecretRedaction.redactSecretJson(secret);
        assertEquals(once, SecretRedaction.redactSecretJson(once));
    }

    @Test
    void lastAppliedConfigurationIsRedactedToo() throws Exception {
        String applied = "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"a\"},"
                + "\"data\":{\"k\":\"" + b64("topsecret") + "\"}}";
        String secret = "{\"kind\":\"Secret\",\"metadata\":{\"name\":\"a\",\"annotations\":{\""
                + SecretRedaction.LAST_APPLIED + "\":" + MAPPER.writeValueAsString(applied) + ",\"team\":\"x\"}},"
                + "\"data\":{\"k\":\"" + b64("topsecret") + "\"}}";

        String redacted = SecretRedaction.redactSecretJson(secret);

        assertFalse(redacted.contains(b64("topsecret")), redacted);
        JsonNode annotation = MAPPER.readTree(MAPPER.readTree(redacted).at("/metadata/annotations")
                .get(SecretRedaction.LAST_APPLIED).asText());
        assertTrue(SecretRedaction.isRedacted(annotation.at("/data/k").asText()));
        assertEquals("x", MAPPER.readTree(redacted).at("/metadata/annotations/team").asText());
    }

    @Test
    void otherObjectsAreUntouched() {
        String configMap = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"Secret\"},"
                + "\"data\":{\"password\":\"plain\"}}";
        String pod = "{ \"kind\" : \"Pod\", \"metadata\" : {\"name\":\"p\"} }";

        assertSame(configMap, SecretRedaction.redactSecretJson(configMap));
        assertSame(pod, SecretRedaction.redactSecretJson(pod));
    }

    @Test
    void notJsonIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> SecretRedaction.redactSecretJson("\"Secret\" ["));
    }
}
