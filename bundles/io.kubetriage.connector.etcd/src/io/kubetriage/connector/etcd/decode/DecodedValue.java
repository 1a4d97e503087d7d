package io.kubetriage.connector.etcd.decode;

import java.util.Objects;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A value read from the API server's etcd keyspace, decoded as far as possible.
 *
 * @param encoding   how the value was stored
 * @param apiVersion the object's apiVersion ({@code v1}, {@code apps/v1}), or {@code null} when unknown
 * @param kind       the object's kind, or {@code null} when unknown
 * @param json       the object as the API would show it, compact JSON with keys sorted like
 *                   {@code kubectl get -o json}; {@code null} when the value could not be decoded
 * @param raw        the stored bytes as text when they are valid UTF-8, else as a hex dump; set when
 *                   {@code json} is {@code null} or the decoding was partial, else {@code null}
 * @param problem    why the value was not (fully) decoded, or {@code null}
 */
public record DecodedValue(Encoding encoding, String apiVersion, String kind, String json, String raw,
        String problem) {

    /** How a value is stored in etcd. */
    public enum Encoding {
        /** JSON: custom resources, or an API server started with {@code --storage-media-type=application/json}. */
        JSON,
        /** The {@code k8s\0} protobuf envelope around a built-in type. */
        PROTOBUF,
        /** Encrypted at rest ({@code k8s:enc:} prefix); only the API server can decrypt it. */
        ENCRYPTED,
        /** A protobuf envelope whose apiVersion/kind the type library does not know. */
        UNKNOWN_PROTOBUF_TYPE,
        /** Not a Kubernetes object: plain text or binary. */
        NOT_KUBERNETES
    }

    public DecodedValue {
        Objects.requireNonNull(encoding, "encoding");
    }

    /** Whether {@link #json()} holds the object. */
    public boolean isDecoded() {
        return json != null;
    }

    /** The object as indented JSON, or {@code null} when not decoded. */
    public String prettyJson() {
        return json == null ? null : JsonText.pretty(JsonText.parse(json));
    }

    /**
     * The object as block-style YAML, or {@code null} when not decoded. Keys keep the order of
     * {@link #json()}.
     */
    public String toYaml() {
        return json == null ? null : JsonText.yaml(JsonText.parse(json));
    }

    /**
     * This value with {@code metadata.resourceVersion} set as the API shows it: etcd keeps no
     * resourceVersion in the stored object, the API server fills it from the key's mod_revision
     * when it reads the object.
     *
     * @param modRevision the etcd mod_revision of the key
     */
    public DecodedValue withResourceVersion(long modRevision) {
        if (json == null) {
            return this;
        }
        JsonNode root = JsonText.parse(json);
        if (!(root instanceof ObjectNode object) || !(object.get("metadata") instanceof ObjectNode metadata)) {
            return this;
        }
        metadata.put("resourceVersion", Long.toString(modRevision));
        return new DecodedValue(encoding, apiVersion, kind, JsonText.compact(JsonText.sorted(object)), raw, problem);
    }
}
