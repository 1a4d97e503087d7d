package io.kubetriage.connector.etcd.decode;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/** JSON and YAML text of decoded values, and the raw fallback text. */
final class JsonText {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Hex dumps stop after this many bytes. */
    static final int HEX_DUMP_LIMIT = 64 * 1024;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
            .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
            .enable(YAMLWriteFeature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .disable(YAMLWriteFeature.SPLIT_LINES)
            .build();

    private JsonText() {
    }

    /** Parses JSON text; throws {@link tools.jackson.core.JacksonException} when it is not JSON. */
    static JsonNode parse(String json) {
        return JSON.readTree(json);
    }

    static JsonNode parse(byte[] json) {
        return JSON.readTree(json);
    }

    static String compact(JsonNode node) {
        return JSON.writeValueAsString(node);
    }

    static String pretty(JsonNode node) {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    }

    static String yaml(JsonNode node) {
        return YAML.writeValueAsString(node);
    }

    /** A copy of the tree with the keys of every object sorted, as kubectl prints objects. */
    static JsonNode sorted(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<Map.Entry<String, JsonNode>> entries = new ArrayList<>(object.properties());
            entries.sort(Map.Entry.comparingByKey());
            ObjectNode copy = NODES.objectNode();
            for (Map.Entry<String, JsonNode> entry : entries) {
                copy.set(entry.getKey(), sorted(entry.getValue()));
            }
            return copy;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode copy = NODES.arrayNode(array.size());
            for (JsonNode element : array) {
                copy.add(sorted(element));
            }
            return copy;
        }
        return node;
    }

    /** The bytes as text when they are valid UTF-8 without control characters, else a hex dump. */
    static String rawText(byte[] value) {
        String text = utf8Text(value);
        return text != null ? text : hexDump(value);
    }

    /** The bytes as a string when they are printable UTF-8 text, else {@code null}. */
    static String utf8Text(byte[] value) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') {
                return null;
            }
        }
        return text;
    }

    /** Offset, 16 bytes in hex, and the printable ASCII, per line; stops after {@link #HEX_DUMP_LIMIT}. */
    static String hexDump(byte[] value) {
        int length = Math.min(value.length, HEX_DUMP_LIMIT);
        StringBuilder out = new StringBuilder(length * 4 + 64);
        for (int offset = 0; offset < length; offset += 16) {
            out.append(String.format("%08x ", offset));
            StringBuilder ascii = new StringBuilder(16);
            for (int i = 0; i < 16; i++) {
                if (i == 8) {
                    out.append(' ');
                }
                if (offset + i < length) {
                    int b = value[offset + i] & 0xff;
                    out.append(String.format(" %02x", b));
                    ascii.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
                } else {
                    out.append("   ");
                }
            }
            out.append("  |").append(ascii).append("|\n");
        }
        if (value.length > length) {
            out.append("... ").append(value.length - length).append(" more bytes\n");
        }
        return out.toString();
    }
}
