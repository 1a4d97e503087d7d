package io.kubetriage.ui.internal.etcd;

import io.kubetriage.connector.etcd.decode.DecodedValue;
import io.kubetriage.connector.etcd.decode.KubernetesValueDecoder;

/** Stored values as the user reads them: the object as YAML with its resourceVersion, or why it is not one. */
final class KeyValues {

    private static final KubernetesValueDecoder DECODER = new KubernetesValueDecoder();

    private KeyValues() {
    }

    /**
     * The value as YAML, {@code metadata.resourceVersion} set from the mod revision as the API
     * server shows it; for a value that is no Kubernetes object, or cannot be decoded, its text (or
     * hex dump) after a comment line saying why.
     */
    static String yaml(String key, byte[] value, long modRevision) {
        if (value == null) {
            return "# The value was not read.\n";
        }
        DecodedValue decoded;
        try {
            decoded = DECODER.decode(key, value);
        } catch (RuntimeException e) {
            return "# The value could not be decoded: " + e.getMessage() + "\n";
        }
        if (decoded.isDecoded()) {
            String yaml = decoded.withResourceVersion(modRevision).toYaml();
            String note = decoded.problem() == null ? "" : "# Decoded in part: " + decoded.problem() + "\n";
            return note + yaml;
        }
        String why = switch (decoded.encoding()) {
            case ENCRYPTED -> "Encrypted at rest: only the API server can decrypt it.";
            case UNKNOWN_PROTOBUF_TYPE -> "A protobuf object of a type Kubetriage does not know.";
            case NOT_KUBERNETES -> "Not a Kubernetes object.";
            default -> decoded.problem() == null ? "Not decoded." : decoded.problem();
        };
        return "# " + why + "\n" + (decoded.raw() == null ? "" : decoded.raw()) + "\n";
    }

    /** How the value is stored, for the value pane's title: {@code JSON}, {@code protobuf}. */
    static String encoding(String key, byte[] value) {
        if (value == null) {
            return "not read";
        }
        try {
            return switch (DECODER.decode(key, value).encoding()) {
                case JSON -> "JSON";
                case PROTOBUF -> "protobuf";
                case ENCRYPTED -> "encrypted";
                case UNKNOWN_PROTOBUF_TYPE -> "protobuf of an unknown type";
                case NOT_KUBERNETES -> "not a Kubernetes object";
            };
        } catch (RuntimeException e) {
            return "undecodable";
        }
    }
}
