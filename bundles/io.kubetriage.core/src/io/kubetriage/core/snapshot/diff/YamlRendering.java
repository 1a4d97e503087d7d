package io.kubetriage.core.snapshot.diff;

import java.io.IOException;
import java.util.Map;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Renders an object's JSON as YAML the way {@code kubectl get -o yaml} shows it: block style, the
 * fields in the order of the JSON, sequences not indented under their key, multi-line strings as
 * literal blocks.
 */
public final class YamlRendering {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private YamlRendering() {
    }

    /**
     * The JSON as YAML.
     *
     * @throws IllegalArgumentException when the text is not a JSON object
     */
    public static String toYaml(String json) {
        return toYaml(json, DiffOptions.EXACT);
    }

    /**
     * The JSON as YAML without the fields the options leave out: what the compare view shows when
     * noise is hidden.
     *
     * @throws IllegalArgumentException when the text is not a JSON object
     */
    public static String toYaml(String json, DiffOptions options) {
        ObjectNode root = SnapshotDiff.parse(json);
        if (root == null) {
            throw new IllegalArgumentException("not a JSON object");
        }
        NoiseFilter.apply(root, options);
        return dump(root);
    }

    private static String dump(JsonNode node) {
        Map<?, ?> value;
        try {
            value = MAPPER.treeToValue(node, Map.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(0);
        options.setWidth(Integer.MAX_VALUE);
        options.setSplitLines(false);
        options.setLineBreak(DumperOptions.LineBreak.UNIX);
        return new Yaml(options).dump(value);
    }
}
