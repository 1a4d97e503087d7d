package io.kubetriage.connector.etcd.decode;

import io.kubetriage.core.etcd.GoDuration;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.UnknownFieldSet;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Renders a Kubernetes protobuf message as the JSON the API shows: API field names, zero values of
 * {@code omitempty} fields left out, times as RFC 3339 strings, quantities and int-or-strings as
 * their JSON forms, raw extensions inlined, bytes as base64.
 */
final class ProtoJson {

    /** Decodes a {@code k8s\0} envelope found inside a raw extension. */
    interface NestedEnvelopes {
        JsonNode decode(byte[] envelope, String path, List<String> problems, int depth);
    }

    static final int MAX_DEPTH = 16;

    private static final String META = "k8s.io.apimachinery.pkg.apis.meta.v1.";
    private static final String TIME = META + "Time";
    private static final String MICRO_TIME = META + "MicroTime";
    private static final String DURATION = META + "Duration";
    private static final String FIELDS_V1 = META + "FieldsV1";
    private static final String RAW_EXTENSION = "k8s.io.apimachinery.pkg.runtime.RawExtension";
    private static final String RUNTIME_UNKNOWN = "k8s.io.apimachinery.pkg.runtime.Unknown";
    private static final String INT_OR_STRING = "k8s.io.apimachinery.pkg.util.intstr.IntOrString";
    private static final String QUANTITY = "k8s.io.apimachinery.pkg.api.resource.Quantity";
    private static final String QUANTITY_VALUE = "k8s.io.apimachinery.pkg.api.resource.QuantityValue";
    private static final String APIEXTENSIONS = "k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.";

    private static final DateTimeFormatter RFC3339 =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter RFC3339_MICRO =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final BigDecimal MAX_PLAIN_FLOAT = new BigDecimal("1e21");

    private final NestedEnvelopes nested;
    private final List<String> problems;
    private final int depth;

    ProtoJson(NestedEnvelopes nested, List<String> problems, int depth) {
        this.nested = nested;
        this.problems = problems;
        this.depth = depth;
    }

    /** The JSON of a message; {@code path} names it in problem messages. */
    JsonNode message(Message message, String path) {
        Descriptor type = message.getDescriptorForType();
        String name = type.getFullName();
        if (!message.getUnknownFields().asMap().isEmpty()) {
            reportUnknownFields(message.getUnknownFields(), type, path);
        }
        switch (name) {
            case TIME:
                return time(message, RFC3339);
            case MICRO_TIME:
                return time(message, RFC3339_MICRO);
            case DURATION:
                return JsonText.NODES.stringNode(GoDuration.format(java.time.Duration.ofNanos(longField(message, "duration"))));
            case INT_OR_STRING:
                return intOrString(message);
            case QUANTITY:
            case QUANTITY_VALUE: {
                String quantity = stringField(message, "string");
                return JsonText.NODES.stringNode(quantity.isEmpty() ? "0" : quantity);
            }
            case RAW_EXTENSION:
                return inline(bytesField(message, "raw"), path);
            case FIELDS_V1:
                return inline(bytesField(message, "Raw"), path);
            case RUNTIME_UNKNOWN:
                return inline(bytesField(message, "raw"), path);
            default:
                break;
        }
        if (name.startsWith(APIEXTENSIONS)) {
            JsonNode special = apiextensions(message, type.getName(), path);
            if (special != null) {
                return special;
            }
        }
        if (isItemsWrapper(type)) {
            return array(message, type.getFields().get(0), path);
        }
        return object(message, path);
    }

    private ObjectNode object(Message message, String path) {
        Descriptor type = message.getDescriptorForType();
        ObjectNode object = JsonText.NODES.objectNode();
        for (Map.Entry<FieldDescriptor, Object> entry : message.getAllFields().entrySet()) {
            FieldDescriptor field = entry.getKey();
            String jsonName = ApiFieldFacts.jsonName(type.getFullName(), field.getName());
            String fieldPath = path.isEmpty() ? jsonName : path + "." + jsonName;
            if (field.isMapField()) {
                ObjectNode map = map(field, entry.getValue(), fieldPath);
                if (!map.isEmpty()) {
                    object.set(jsonName, map);
                }
            } else if (field.isRepeated()) {
                ArrayNode array = array(message, field, fieldPath);
                if (!array.isEmpty()) {
                    object.set(jsonName, array);
                }
            } else if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                JsonNode child = message((Message) entry.getValue(), jsonName.isEmpty() ? path : fieldPath);
                if (jsonName.isEmpty() && child instanceof ObjectNode inline) {
                    object.setAll(inline);
                } else {
                    object.set(jsonName.isEmpty() ? field.getName() : jsonName, child);
                }
            } else if (!isZero(entry.getValue()) || ApiFieldFacts.showsZero(type.getFullName(), field.getName())) {
                object.set(jsonName, scalar(field, entry.getValue()));
            }
        }
        return object;
    }

    private ArrayNode array(Message message, FieldDescriptor field, String path) {
        int count = message.getRepeatedFieldCount(field);
        ArrayNode array = JsonText.NODES.arrayNode(count);
        for (int i = 0; i < count; i++) {
            Object element = message.getRepeatedField(field, i);
            if (element instanceof Message child) {
                array.add(message(child, path + "[" + i + "]"));
            } else {
                array.add(scalar(field, element));
            }
        }
        return array;
    }

    private ObjectNode map(FieldDescriptor field, Object value, String path) {
        Descriptor entryType = field.getMessageType();
        FieldDescriptor keyField = entryType.findFieldByNumber(1);
        FieldDescriptor valueField = entryType.findFieldByNumber(2);
        ObjectNode map = JsonText.NODES.objectNode();
        for (Object element : (List<?>) value) {
            Message entry = (Message) element;
            String key = String.valueOf(entry.getField(keyField));
            Object entryValue = entry.getField(valueField);
            if (entryValue instanceof Message child) {
                map.set(key, message(child, path + "[" + key + "]"));
            } else {
                map.set(key, scalar(valueField, entryValue));
            }
        }
        return map;
    }

    private static JsonNode scalar(FieldDescriptor field, Object value) {
        return switch (field.getType()) {
            case STRING -> JsonText.NODES.stringNode((String) value);
            case BYTES -> JsonText.NODES.stringNode(Base64.getEncoder().encodeToString(((ByteString) value).toByteArray()));
            case BOOL -> JsonText.NODES.booleanNode((Boolean) value);
            case INT32, SINT32, SFIXED32 -> JsonText.NODES.numberNode((Integer) value);
            case INT64, SINT64, SFIXED64 -> JsonText.NODES.numberNode((Long) value);
            case UINT32, FIXED32 -> JsonText.NODES.numberNode(Integer.toUnsignedLong((Integer) value));
            case UINT64, FIXED64 -> JsonText.NODES.numberNode(new BigInteger(Long.toUnsignedString((Long) value)));
            case DOUBLE -> goFloat((Double) value);
            case FLOAT -> goFloat(((Float) value).doubleValue());
            case ENUM -> JsonText.NODES.stringNode(((EnumValueDescriptor) value).getName());
            default -> JsonText.NODES.stringNode(String.valueOf(value));
        };
    }

    private static boolean isZero(Object value) {
        return switch (value) {
            case String s -> s.isEmpty();
            case ByteString b -> b.isEmpty();
            case Boolean b -> !b;
            case Integer i -> i == 0;
            case Long l -> l == 0L;
            case Double d -> d == 0.0;
            case Float f -> f == 0.0f;
            case EnumValueDescriptor e -> e.getNumber() == 0;
            default -> false;
        };
    }

    /** A float64 as Go's encoding/json writes it: integral values without a fraction. */
    private static JsonNode goFloat(double value) {
        if (Double.isFinite(value) && value == Math.rint(value)) {
            BigDecimal decimal = BigDecimal.valueOf(value);
            if (decimal.abs().compareTo(MAX_PLAIN_FLOAT) < 0) {
                return JsonText.NODES.numberNode(decimal.toBigInteger());
            }
        }
        return JsonText.NODES.numberNode(value);
    }

    /** {@code meta.v1.Time}/{@code MicroTime}: the zero time is stored as an empty message and shown as null. */
    private static JsonNode time(Message message, DateTimeFormatter format) {
        if (message.getAllFields().isEmpty()) {
            return JsonText.NODES.nullNode();
        }
        Instant instant = Instant.ofEpochSecond(longField(message, "seconds"), intField(message, "nanos"));
        return JsonText.NODES.stringNode(format.format(instant));
    }

    private static JsonNode intOrString(Message message) {
        if (longField(message, "type") == 1) {
            return JsonText.NODES.stringNode(stringField(message, "strVal"));
        }
        return JsonText.NODES.numberNode(intField(message, "intVal"));
    }

    /** Raw bytes that hold JSON (or a nested protobuf envelope), shown inline. */
    private JsonNode inline(byte[] raw, String path) {
        if (raw.length == 0) {
            return JsonText.NODES.nullNode();
        }
        if (KubernetesValueDecoder.isProtobufEnvelope(raw)) {
            if (depth >= MAX_DEPTH) {
                problems.add(path + ": nested objects deeper than " + MAX_DEPTH + " levels, shown as base64");
                return JsonText.NODES.stringNode(Base64.getEncoder().encodeToString(raw));
            }
            return nested.decode(raw, path, problems, depth + 1);
        }
        try {
            return JsonText.parse(raw);
        } catch (JacksonException e) {
            problems.add(path + ": embedded value is neither JSON nor a protobuf object, shown as base64");
            return JsonText.NODES.stringNode(Base64.getEncoder().encodeToString(raw));
        }
    }

    /** The apiextensions types with custom JSON forms; {@code null} for the plain ones. */
    private JsonNode apiextensions(Message message, String typeName, String path) {
        switch (typeName) {
            case "JSON":
                return inline(bytesField(message, "raw"), path);
            case "JSONSchemaPropsOrBool": {
                Message schema = messageField(message, "schema");
                if (schema != null) {
                    return message(schema, path);
                }
                return JsonText.NODES.booleanNode(message.getField(field(message, "allows")) == Boolean.TRUE);
            }
            case "JSONSchemaPropsOrArray": {
                FieldDescriptor schemas = field(message, "jSONSchemas");
                if (message.getRepeatedFieldCount(schemas) > 0) {
                    return array(message, schemas, path);
                }
                Message schema = messageField(message, "schema");
                return schema == null ? JsonText.NODES.nullNode() : message(schema, path);
            }
            case "JSONSchemaPropsOrStringArray": {
                FieldDescriptor property = field(message, "property");
                if (message.getRepeatedFieldCount(property) > 0) {
                    return array(message, property, path);
                }
                Message schema = messageField(message, "schema");
                return schema == null ? JsonText.NODES.nullNode() : message(schema, path);
            }
            default:
                return null;
        }
    }

    /** Named slice types ({@code ExtraValue}, {@code Verbs}) are messages with one repeated {@code items} field. */
    private static boolean isItemsWrapper(Descriptor type) {
        if (type.getFields().size() != 1 || type.getName().endsWith("List")) {
            return false;
        }
        FieldDescriptor only = type.getFields().get(0);
        return only.getName().equals("items") && only.isRepeated()
                && only.getJavaType() != FieldDescriptor.JavaType.MESSAGE;
    }

    private void reportUnknownFields(UnknownFieldSet unknown, Descriptor type, String path) {
        List<Integer> numbers = new ArrayList<>(unknown.asMap().keySet());
        problems.add((path.isEmpty() ? type.getName() : path) + ": field number(s) " + numbers
                + " of " + type.getFullName() + " are unknown to the protobuf type library and not shown");
    }

    private static String fraction(long value, int precision) {
        if (value == 0 || precision == 0) {
            return "";
        }
        String digits = String.format("%0" + precision + "d", value);
        int end = digits.length();
        while (end > 0 && digits.charAt(end - 1) == '0') {
            end--;
        }
        return "." + digits.substring(0, end);
    }

    private static FieldDescriptor field(Message message, String name) {
        FieldDescriptor field = message.getDescriptorForType().findFieldByName(name);
        if (field == null) {
            throw new IllegalStateException(message.getDescriptorForType().getFullName() + " has no field " + name);
        }
        return field;
    }

    private static Message messageField(Message message, String name) {
        FieldDescriptor field = field(message, name);
        return message.hasField(field) ? (Message) message.getField(field) : null;
    }

    private static long longField(Message message, String name) {
        return ((Number) message.getField(field(message, name))).longValue();
    }

    private static int intField(Message message, String name) {
        return ((Number) message.getField(field(message, name))).intValue();
    }

    private static String stringField(Message message, String name) {
        return (String) message.getField(field(message, name));
    }

    private static byte[] bytesField(Message message, String name) {
        return ((ByteString) message.getField(field(message, name))).toByteArray();
    }
}
