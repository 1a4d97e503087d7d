package io.kubetriage.core.etcd.section;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kubetriage.core.etcd.EtcdClusterStatus;
import io.kubetriage.core.etcd.EtcdMemberStatus;
import io.kubetriage.core.snapshot.Snapshot;

/**
 * Stores an {@link EtcdSection} in a snapshot as two raw sections (see docs/snapshot-format.md):
 * {@value #SUMMARY}, what was read from where at which revision and the members' status, and
 * {@value #KEYS}, one line per key with its metadata and, where kept, its value in base64.
 *
 * <p>Reading never throws an unchecked exception for a damaged section: every problem is an
 * {@link EtcdSectionFormatException} naming the entry and, for {@value #KEYS}, the line.
 */
public final class EtcdSectionCodec {

    /** The section with the source, revisions, key count and members' status. */
    public static final String SUMMARY = "etcd/summary.json";
    /** The section with one key per line. */
    public static final String KEYS = "etcd/keys.ndjson";

    private static final int FORMAT = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private EtcdSectionCodec() {
    }

    /** The two raw sections ({@value #SUMMARY}, {@value #KEYS}) to put into a snapshot. */
    public static Map<String, byte[]> toSections(EtcdSection section) {
        Map<String, byte[]> sections = new LinkedHashMap<>();
        sections.put(SUMMARY, summary(section));
        sections.put(KEYS, keys(section.keys()));
        return sections;
    }

    /**
     * The etcd section of a snapshot, or empty when the snapshot has none (no {@value #SUMMARY}).
     *
     * @throws EtcdSectionFormatException when {@value #SUMMARY} is there but it or {@value #KEYS} is
     *                                    missing or malformed, or the key count does not match
     */
    public static Optional<EtcdSection> fromSnapshot(Snapshot snapshot) throws EtcdSectionFormatException {
        Optional<byte[]> summaryBytes = snapshot.section(SUMMARY);
        if (summaryBytes.isEmpty()) {
            return Optional.empty();
        }
        byte[] keysBytes = snapshot.section(KEYS)
                .orElseThrow(() -> new EtcdSectionFormatException(KEYS, 0, "missing; " + SUMMARY + " is there", null));
        return Optional.of(fromBytes(summaryBytes.get(), keysBytes));
    }

    /** Reads the two sections' bytes; see {@link #fromSnapshot(Snapshot)}. */
    public static EtcdSection fromBytes(byte[] summary, byte[] keys) throws EtcdSectionFormatException {
        JsonNode root;
        try {
            root = MAPPER.readTree(summary);
        } catch (IOException e) {
            throw new EtcdSectionFormatException(SUMMARY, 0, "not valid JSON: " + message(e), e);
        }
        if (!(root instanceof ObjectNode)) {
            throw new EtcdSectionFormatException(SUMMARY, 0, "not a JSON object", null);
        }
        int format = root.path("formatVersion").asInt(0);
        if (format > FORMAT) {
            throw new EtcdSectionFormatException(SUMMARY, 0, "written by a newer Kubetriage (etcd section format "
                    + format + "); this version reads up to " + FORMAT, null);
        }
        String source = root.path("source").isTextual() ? root.path("source").asText() : null;
        if (source == null) {
            throw new EtcdSectionFormatException(SUMMARY, 0, "no source", null);
        }
        EtcdClusterStatus status;
        try {
            status = root.hasNonNull("status") ? status(root.get("status")) : null;
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new EtcdSectionFormatException(SUMMARY, 0, "malformed status: " + e.getMessage(), e);
        }
        List<EtcdKeyInfo> list = readKeys(keys);
        long expected = root.path("keyCount").asLong(-1);
        if (expected >= 0 && expected != list.size()) {
            throw new EtcdSectionFormatException(KEYS, 0, "has " + list.size() + " keys, " + SUMMARY + " says "
                    + expected + ": the section is incomplete", null);
        }
        try {
            return new EtcdSection(source, root.path("revision").asLong(), root.path("compactRevision").asLong(),
                    status, list);
        } catch (IllegalArgumentException e) {
            throw new EtcdSectionFormatException(KEYS, 0, e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- writing

    private static byte[] summary(EtcdSection section) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("formatVersion", FORMAT);
        root.put("source", section.source());
        root.put("revision", section.revision());
        root.put("compactRevision", section.compactRevision());
        root.put("keyCount", section.keys().size());
        root.put("valueCount", section.valueCount());
        root.put("valueBytes", section.totalValueBytes());
        if (section.status() == null) {
            root.putNull("status");
        } else {
            ObjectNode status = root.putObject("status");
            ArrayNode members = status.putArray("members");
            for (EtcdMemberStatus m : section.status().members()) {
                ObjectNode j = members.addObject();
                j.put("endpoint", m.endpoint().toString());
                j.put("memberId", m.memberIdHex());
                j.put("name", m.name());
                j.put("version", m.version());
                j.put("dbSize", m.dbSize());
                j.put("dbSizeInUse", m.dbSizeInUse());
                j.put("leaderId", EtcdMemberStatus.formatId(m.leaderId()));
                j.put("raftIndex", m.raftIndex());
                j.put("raftTerm", m.raftTerm());
                j.put("raftAppliedIndex", m.raftAppliedIndex());
                j.put("revision", m.revision());
                ArrayNode errors = j.putArray("errors");
                m.errors().forEach(errors::add);
            }
            ArrayNode failures = status.putArray("failures");
            section.status().failures().forEach((endpoint, reason) -> {
                ObjectNode f = failures.addObject();
                f.put("endpoint", endpoint.toString());
                f.put("reason", reason);
            });
        }
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] keys(List<EtcdKeyInfo> keys) {
        long size = 0;
        for (EtcdKeyInfo k : keys) {
            size += 160 + k.key().length() + (k.value() == null ? 0 : k.value().length * 4L / 3);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(size, Integer.MAX_VALUE - 16));
        Base64.Encoder base64 = Base64.getEncoder();
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.setRootValueSeparator(null);
            for (EtcdKeyInfo k : keys) {
                g.writeStartObject();
                g.writeStringField("key", k.key());
                g.writeNumberField("createRevision", k.createRevision());
                g.writeNumberField("modRevision", k.modRevision());
                g.writeNumberField("version", k.version());
                g.writeNumberField("lease", k.lease());
                g.writeNumberField("valueSize", k.valueSize());
                if (k.value() != null) {
                    g.writeStringField("value", base64.encodeToString(k.value()));
                }
                g.writeEndObject();
                g.flush();
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    // ---------------------------------------------------------------- reading

    private static EtcdClusterStatus status(JsonNode node) {
        List<EtcdMemberStatus> members = new ArrayList<>();
        for (JsonNode m : node.path("members")) {
            List<String> errors = new ArrayList<>();
            m.path("errors").forEach(e -> errors.add(e.asText()));
            members.add(new EtcdMemberStatus(URI.create(m.get("endpoint").asText()),
                    Long.parseUnsignedLong(m.path("memberId").asText("0"), 16), text(m, "name"), text(m, "version"),
                    m.path("dbSize").asLong(), m.path("dbSizeInUse").asLong(),
                    Long.parseUnsignedLong(m.path("leaderId").asText("0"), 16), m.path("raftIndex").asLong(),
                    m.path("raftTerm").asLong(), m.path("raftAppliedIndex").asLong(), m.path("revision").asLong(),
                    errors));
        }
        Map<URI, String> failures = new LinkedHashMap<>();
        for (JsonNode f : node.path("failures")) {
            failures.put(URI.create(f.get("endpoint").asText()), f.path("reason").asText());
        }
        return new EtcdClusterStatus(members, failures);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static List<EtcdKeyInfo> readKeys(byte[] bytes) throws EtcdSectionFormatException {
        List<EtcdKeyInfo> keys = new ArrayList<>();
        Base64.Decoder base64 = Base64.getDecoder();
        long line = 0;
        int start = 0;
        while (start < bytes.length) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            line++;
            if (end > start) {
                keys.add(readKey(bytes, start, end - start, line, base64));
            }
            start = end + 1;
        }
        return keys;
    }

    private static EtcdKeyInfo readKey(byte[] bytes, int offset, int length, long line, Base64.Decoder base64)
            throws EtcdSectionFormatException {
        String key = null;
        long create = -1;
        long mod = -1;
        long version = -1;
        long lease = 0;
        int valueSize = Integer.MIN_VALUE;
        byte[] value = null;
        try (JsonParser p = FACTORY.createParser(bytes, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new EtcdSectionFormatException(KEYS, line, "not a JSON object", null);
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken token = p.nextToken();
                switch (field) {
                    case "key" -> key = token == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "createRevision" -> create = number(p, token, field, line);
                    case "modRevision" -> mod = number(p, token, field, line);
                    case "version" -> version = number(p, token, field, line);
                    case "lease" -> lease = number(p, token, field, line);
                    case "valueSize" -> valueSize = (int) number(p, token, field, line);
                    case "value" -> {
                        if (token == JsonToken.VALUE_STRING) {
                            value = base64.decode(p.getText());
                        } else if (token != JsonToken.VALUE_NULL) {
                            throw new EtcdSectionFormatException(KEYS, line, "value is not a base64 string", null);
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new EtcdSectionFormatException(KEYS, line, "text after the JSON object", null);
            }
        } catch (JsonProcessingException e) {
            throw new EtcdSectionFormatException(KEYS, line, "malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (IllegalArgumentException e) {
            throw new EtcdSectionFormatException(KEYS, line, "value is not valid base64: " + e.getMessage(), e);
        }
        if (key == null) {
            throw new EtcdSectionFormatException(KEYS, line, "no key", null);
        }
        if (create < 0 || mod < 0 || version < 0) {
            throw new EtcdSectionFormatException(KEYS, line, "no createRevision, modRevision or version", null);
        }
        if (valueSize == Integer.MIN_VALUE) {
            valueSize = value == null ? -1 : value.length;
        }
        try {
            return new EtcdKeyInfo(key, create, mod, version, lease, valueSize, value);
        } catch (IllegalArgumentException e) {
            throw new EtcdSectionFormatException(KEYS, line, e.getMessage(), e);
        }
    }

    private static long number(JsonParser p, JsonToken token, String field, long line)
            throws IOException, EtcdSectionFormatException {
        if (token != JsonToken.VALUE_NUMBER_INT) {
            throw new EtcdSectionFormatException(KEYS, line, field + " is not an integer", null);
        }
        return p.getLongValue();
    }

    private static String message(IOException e) {
        return e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    }
}
