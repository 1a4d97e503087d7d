package io.kubetriage.connector.etcd.keys;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import io.kubetriage.connector.etcd.decode.DecodedValue;
import io.kubetriage.connector.etcd.decode.KubernetesValueDecoder;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Short descriptions of stored values, for lists of keys and of revisions. */
public final class KeyValueSummary {

    /** The annotation in which the Deployment controller numbers a Deployment's rollouts. */
    public static final String DEPLOYMENT_REVISION = "deployment.kubernetes.io/revision";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int TEXT_PREVIEW = 40;

    private KeyValueSummary() {
    }

    /**
     * One line about a value: for a Kubernetes object its kind, {@code generation=N} and, for a
     * Deployment, {@code revision=N} from its rollout annotation; for an encrypted value what
     * encrypted it; for other text the start of it; else the size of the binary value.
     */
    public static String of(KubernetesValueDecoder decoder, String key, byte[] value) {
        DecodedValue decoded = decoder.decode(key, value);
        if (decoded.encoding() == DecodedValue.Encoding.ENCRYPTED) {
            return decoded.problem();
        }
        if (decoded.isDecoded()) {
            List<String> parts = new ArrayList<>();
            parts.add(decoded.kind() == null ? "object" : decoded.kind());
            try {
                JsonNode metadata = JSON.readTree(decoded.json()).path("metadata");
                if (metadata.path("generation").asLong(0) > 0) {
                    parts.add("generation=" + metadata.path("generation").asLong());
                }
                JsonNode revision = metadata.path("annotations").path(DEPLOYMENT_REVISION);
                if (revision.isString()) {
                    parts.add("revision=" + revision.asString());
                }
            } catch (JacksonException e) {
                // The kind alone then.
            }
            return String.join(" ", parts);
        }
        if (decoded.kind() != null) {
            return decoded.kind() + " (not decoded: " + decoded.problem() + ")";
        }
        String text = text(value);
        if (text == null) {
            return value.length + " bytes binary";
        }
        String line = text.lines().findFirst().orElse("");
        return line.length() > TEXT_PREVIEW || text.contains("\n") ? "text: "
                + line.substring(0, Math.min(line.length(), TEXT_PREVIEW)) + "…" : "text: " + line;
    }

    /**
     * The value as it is stored: as text when it is UTF-8 without control characters other than
     * tab and line breaks, else as a hex dump of 16 bytes a line with their printable characters.
     */
    public static String raw(byte[] value) {
        String text = text(value);
        if (text != null) {
            return text;
        }
        StringBuilder dump = new StringBuilder();
        HexFormat hex = HexFormat.of();
        for (int offset = 0; offset < value.length; offset += 16) {
            int end = Math.min(value.length, offset + 16);
            dump.append(String.format("%08x  ", offset));
            for (int i = offset; i < offset + 16; i++) {
                dump.append(i < end ? hex.toHexDigits(value[i]) + " " : "   ");
            }
            dump.append(" |");
            for (int i = offset; i < end; i++) {
                char c = (char) (value[i] & 0xff);
                dump.append(c >= 0x20 && c < 0x7f ? c : '.');
            }
            dump.append("|\n");
        }
        return dump.toString();
    }

    /** The value as text, or null when it is not UTF-8 text. */
    static String text(byte[] value) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' || c == 0x7f) {
                return null;
            }
        }
        return text;
    }
}
