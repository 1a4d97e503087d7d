package io.kubetriage.core.node.model;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kubetriage.core.node.ProxyMode;
import io.kubetriage.core.node.section.NodeData;
import io.kubetriage.core.node.section.NodeDataException;
import io.kubetriage.core.node.section.NodeSectionCodec;
import io.kubetriage.core.snapshot.ObjectKey;
import io.kubetriage.core.snapshot.Snapshot;

/**
 * The mode kube-proxy's configuration asks for, from the {@code kube-system/kube-proxy} ConfigMap
 * (its {@code config.conf} key, a KubeProxyConfiguration).
 *
 * @param mode   the mode; {@link ProxyMode#IPTABLES} when {@code mode:} is empty or absent
 * @param raw    the {@code mode:} value as written ("" when absent)
 * @param source where it was read, in words
 */
public record KubeProxyConfig(ProxyMode mode, String raw, String source) {

    /** The ConfigMap's key in the API. */
    public static final ObjectKey CONFIG_MAP = new ObjectKey("", "ConfigMap", "kube-system", "kube-proxy");

    private static final Pattern MODE = Pattern.compile("(?m)^[ \\t]*mode:[ \\t]*[\"']?([A-Za-z]*)[\"']?[ \\t]*(#.*)?$");
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The configuration of a snapshot: the ConfigMap collected with the node data, else the
     * ConfigMap among the API objects; empty when neither is there.
     */
    public static Optional<KubeProxyConfig> of(Snapshot snapshot) {
        try {
            NodeData data = NodeSectionCodec.decode(snapshot);
            if (data.kubeProxyConfigMap() != null) {
                return Optional.of(fromText(data.kubeProxyConfigMap(), "the kube-proxy ConfigMap collected with the node data"));
            }
        } catch (NodeDataException e) {
            // fall back to the API object
        }
        return snapshot.object(CONFIG_MAP).flatMap(o -> {
            try {
                JsonNode conf = JSON.readTree(o.json()).path("data").path("config.conf");
                return conf.isTextual() ? Optional.of(fromText(conf.asText(), "ConfigMap kube-system/kube-proxy"))
                        : Optional.empty();
            } catch (JsonProcessingException e) {
                return Optional.empty();
            }
        });
    }

    /** The mode in a KubeProxyConfiguration, or a ConfigMap's YAML holding one. */
    public static KubeProxyConfig fromText(String text, String source) {
        Matcher m = MODE.matcher(text == null ? "" : text);
        String raw = m.find() ? m.group(1) : "";
        return new KubeProxyConfig(ProxyMode.fromConfig(raw), raw, source);
    }
}
