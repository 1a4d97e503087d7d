package io.kubetriage.connector.etcd.decode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageLite;
import com.google.protobuf.WireFormat;

import io.kubetriage.connector.etcd.decode.DecodedValue.Encoding;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Decodes the values the Kubernetes API server stores in etcd into the JSON the API shows
 * ({@code kubectl get -o json}). Values are JSON (custom resources, or an API server with
 * {@code --storage-media-type=application/json}), or the protobuf envelope: the magic
 * {@code k8s\0} followed by a {@code runtime.Unknown} whose raw bytes are the typed message.
 * Encrypted values ({@code k8s:enc:}) are reported, not decrypted.
 * <p>
 * Never throws for a bad value: what cannot be decoded is reported in {@link DecodedValue#problem()}
 * with the bytes in {@link DecodedValue#raw()}. Thread-safe.
 */
public final class KubernetesValueDecoder {

    private static final byte[] PROTOBUF_MAGIC = {'k', '8', 's', 0};
    private static final byte[] ENCRYPTED_PREFIX = "k8s:enc:".getBytes(StandardCharsets.US_ASCII);
    /** Tags of the length-delimited fields 1 and 2 of {@code runtime.TypeMeta}. */
    private static final int TYPE_META_API_VERSION = 1 << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;
    private static final int TYPE_META_KIND = 2 << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;
    private static final String PROTOBUF_CONTENT_TYPE = "application/vnd.kubernetes.protobuf";

    private final KubernetesTypeRegistry registry;

    /** A decoder using the shared type registry. */
    public KubernetesValueDecoder() {
        this(KubernetesTypeRegistry.shared());
    }

    public KubernetesValueDecoder(KubernetesTypeRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * Decodes one value.
     *
     * @param etcdKey the key the value was read from, used in messages; may be {@code null}
     * @param value   the stored bytes
     */
    public DecodedValue decode(String etcdKey, byte[] value) {
        Objects.requireNonNull(value, "value");
        if (startsWith(value, ENCRYPTED_PREFIX)) {
            return encrypted(etcdKey, value);
        }
        if (isProtobufEnvelope(value)) {
            return protobuf(value);
        }
        String text = JsonText.utf8Text(value);
        if (text != null && text.stripLeading().startsWith("{")) {
            return json(text);
        }
        if (value.length == 0) {
            return new DecodedValue(Encoding.NOT_KUBERNETES, null, null, null, "", "empty value");
        }
        if (value.length >= 3 && (value[0] & 0xff) == 0xd9 && (value[1] & 0xff) == 0xd9 && (value[2] & 0xff) == 0xf7) {
            return new DecodedValue(Encoding.NOT_KUBERNETES, null, null, null, JsonText.hexDump(value),
                    "CBOR-encoded value (API server storage media type application/cbor); not decoded");
        }
        return new DecodedValue(Encoding.NOT_KUBERNETES, null, null, null, JsonText.rawText(value), null);
    }

    /** Whether the bytes start with the protobuf magic {@code k8s\0}. */
    static boolean isProtobufEnvelope(byte[] value) {
        return startsWith(value, PROTOBUF_MAGIC);
    }

    private static DecodedValue encrypted(String etcdKey, byte[] value) {
        // k8s:enc:<provider>:v1:<key name>:<ciphertext>, kms v2: k8s:enc:kms:v2:<provider name>:<protobuf>
        String header = new String(value, 0, Math.min(value.length, 256), StandardCharsets.ISO_8859_1);
        String[] parts = header.split(":", 6);
        StringBuilder problem = new StringBuilder("encrypted at rest");
        if (parts.length >= 5) {
            problem.append(" by the ").append(parts[2]).append(' ').append(parts[3]).append(" provider '")
                    .append(parts[4]).append('\'');
        }
        problem.append("; only the API server can decrypt it");
        if (etcdKey != null) {
            RegistryKey.parse(etcdKey).ifPresent(key -> problem.append(" (").append(key.resource()).append(')'));
        }
        return new DecodedValue(Encoding.ENCRYPTED, null, null, null, JsonText.hexDump(value), problem.toString());
    }

    private static DecodedValue json(String text) {
        JsonNode tree;
        try {
            tree = JsonText.parse(text);
        } catch (JacksonException e) {
            return new DecodedValue(Encoding.JSON, null, null, null, text,
                    "invalid JSON: " + e.getOriginalMessage());
        }
        String apiVersion = tree.path("apiVersion").isString() ? tree.path("apiVersion").asString() : null;
        String kind = tree.path("kind").isString() ? tree.path("kind").asString() : null;
        String problem = apiVersion == null || kind == null ? "JSON without apiVersion/kind" : null;
        return new DecodedValue(Encoding.JSON, apiVersion, kind, JsonText.compact(JsonText.sorted(tree)),
                problem == null ? null : text, problem);
    }

    private DecodedValue protobuf(byte[] value) {
        List<String> problems = new ArrayList<>();
        Envelope envelope = envelope(value, problems);
        if (envelope == null) {
            return new DecodedValue(Encoding.PROTOBUF, null, null, null, JsonText.hexDump(value), join(problems));
        }
        Optional<Message> prototype = registry.prototype(envelope.apiVersion(), envelope.kind());
        if (prototype.isEmpty()) {
            return new DecodedValue(Encoding.UNKNOWN_PROTOBUF_TYPE, envelope.apiVersion(), envelope.kind(), null,
                    JsonText.hexDump(value), "no protobuf type for apiVersion '" + envelope.apiVersion()
                            + "' kind '" + envelope.kind() + "' in the Kubernetes protobuf type library");
        }
        ObjectNode object = typed(prototype.get(), envelope, "", problems, 0);
        if (object == null) {
            return new DecodedValue(Encoding.PROTOBUF, envelope.apiVersion(), envelope.kind(), null,
                    JsonText.hexDump(value), join(problems));
        }
        String json = JsonText.compact(JsonText.sorted(object));
        return new DecodedValue(Encoding.PROTOBUF, envelope.apiVersion(), envelope.kind(), json,
                problems.isEmpty() ? null : JsonText.hexDump(value), join(problems));
    }

    private record Envelope(String apiVersion, String kind, byte[] raw) {
    }

    /**
     * Reads the {@code runtime.Unknown} after the magic; {@code null} (with a problem) when it has no
     * kind. A value cut short keeps the raw bytes that are there, so the fields before the cut can
     * still be shown.
     */
    private static Envelope envelope(byte[] value, List<String> problems) {
        CodedInputStream in = CodedInputStream.newInstance(value, 4, value.length - 4);
        TypeMeta typeMeta = new TypeMeta("", "");
        byte[] raw = new byte[0];
        String contentEncoding = "";
        String contentType = "";
        try {
            reading: while (true) {
                int tag = in.readTag();
                if (tag == 0) {
                    break;
                }
                if (WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                    in.skipField(tag);
                    continue;
                }
                switch (WireFormat.getTagFieldNumber(tag)) {
                    case 1 -> typeMeta = typeMeta(in.readBytes());
                    case 2 -> {
                        int length = in.readRawVarint32();
                        int remaining = value.length - 4 - in.getTotalBytesRead();
                        if (length < 0 || length > remaining) {
                            raw = in.readRawBytes(remaining);
                            problems.add("value truncated: the envelope announces " + length
                                    + " bytes of object data, only " + remaining + " are present");
                            break reading;
                        }
                        raw = in.readRawBytes(length);
                    }
                    case 3 -> contentEncoding = in.readString();
                    case 4 -> contentType = in.readString();
                    default -> in.skipField(tag);
                }
            }
        } catch (IOException e) {
            problems.add("corrupt or truncated protobuf envelope (" + value.length + " bytes): " + e.getMessage());
        }
        String apiVersion = typeMeta.apiVersion();
        String kind = typeMeta.kind();
        if (kind.isEmpty()) {
            problems.add("protobuf envelope without kind");
            return null;
        }
        if (!contentEncoding.isEmpty()) {
            problems.add("unsupported content encoding '" + contentEncoding + "'");
            return null;
        }
        if (!contentType.isEmpty() && !contentType.startsWith(PROTOBUF_CONTENT_TYPE)) {
            problems.add("unexpected content type '" + contentType + "'");
        }
        return new Envelope(apiVersion, kind, raw);
    }

    private record TypeMeta(String apiVersion, String kind) {
    }

    /** {@code runtime.TypeMeta}: 1 apiVersion, 2 kind. */
    private static TypeMeta typeMeta(ByteString bytes) throws IOException {
        CodedInputStream in = bytes.newCodedInput();
        String apiVersion = "";
        String kind = "";
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (tag == TYPE_META_API_VERSION) {
                apiVersion = in.readString();
            } else if (tag == TYPE_META_KIND) {
                kind = in.readString();
            } else {
                in.skipField(tag);
            }
        }
        return new TypeMeta(apiVersion, kind);
    }

    /** The JSON object of the typed message, with apiVersion and kind; {@code null} when nothing could be parsed. */
    private ObjectNode typed(Message prototype, Envelope envelope, String path, List<String> problems, int depth) {
        Message message;
        try {
            // Parsed as a DynamicMessage of the generated descriptor: the generated parsers of
            // client-java-proto predate protobuf 22 and log a warning on every parse.
            message = DynamicMessage.getDefaultInstance(prototype.getDescriptorForType()).getParserForType()
                    .parseFrom(envelope.raw());
        } catch (InvalidProtocolBufferException e) {
            MessageLite partial = e.getUnfinishedMessage();
            String where = path.isEmpty() ? "" : path + ": ";
            if (partial instanceof Message partialMessage && !partialMessage.getAllFields().isEmpty()) {
                problems.add(where + "truncated or corrupt " + envelope.kind() + " (" + envelope.raw().length
                        + " bytes), showing the fields read before the error: " + e.getMessage());
                message = partialMessage;
            } else {
                problems.add(where + "truncated or corrupt " + envelope.kind() + " (" + envelope.raw().length
                        + " bytes): " + e.getMessage());
                return null;
            }
        }
        JsonNode body = new ProtoJson(this::nested, problems, depth).message(message, path);
        ObjectNode object = JsonText.NODES.objectNode();
        object.put("apiVersion", envelope.apiVersion());
        object.put("kind", envelope.kind());
        if (body instanceof ObjectNode fields) {
            fields.remove("apiVersion");
            fields.remove("kind");
            object.setAll(fields);
        }
        return object;
    }

    /** A {@code k8s\0} envelope inside a raw extension. */
    private JsonNode nested(byte[] value, String path, List<String> problems, int depth) {
        Envelope envelope = envelope(value, problems);
        if (envelope != null) {
            Optional<Message> prototype = registry.prototype(envelope.apiVersion(), envelope.kind());
            if (prototype.isPresent()) {
                ObjectNode object = typed(prototype.get(), envelope, path, problems, depth);
                if (object != null) {
                    return object;
                }
            } else {
                problems.add(path + ": no protobuf type for apiVersion '" + envelope.apiVersion() + "' kind '"
                        + envelope.kind() + "'");
            }
        }
        return JsonText.NODES.stringNode(java.util.Base64.getEncoder().encodeToString(value));
    }

    private static String join(List<String> problems) {
        return problems.isEmpty() ? null : String.join("; ", problems);
    }

    private static boolean startsWith(byte[] value, byte[] prefix) {
        if (value.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (value[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
