package io.kubetriage.core.node.cni;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One plugin of a CNI configuration: an element of {@code plugins[]} of a {@code .conflist}, or the
 * whole object of a single {@code .conf}.
 *
 * @param index   the position in {@code plugins[]} (0 for a single {@code .conf})
 * @param type    the {@code type}: the plugin binary's name
 * @param pointer the JSON pointer of the plugin object ({@code /plugins/0}, or empty for a {@code .conf})
 * @param line    the line where the plugin object starts
 * @param json    the plugin object as written
 * @param calico  Calico's settings when the type is {@code calico}, else null
 */
public record CniPlugin(int index, String type, String pointer, int line, JsonNode json, CalicoSettings calico) {

    /** The plugin object as compact JSON. */
    public String rawJson() {
        return json.toString();
    }
}
