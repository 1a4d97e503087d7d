package io.kubetriage.core.node.model;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import io.kubetriage.core.node.NodeNetworkData;
import io.kubetriage.core.node.section.NodeFiles;

/**
 * One node's collected files, parsed.
 *
 * @param files    the raw files (kept for evidence: line numbers point into them)
 * @param data     the parsed model; a file that was not collected or could not be read is null in it
 * @param problems why a collected file could not be read, by its path ({@code iptables-save.txt}),
 *                 as "line N: reason"
 */
public record ParsedNode(NodeFiles files, NodeNetworkData data, Map<String, String> problems) {

    public ParsedNode {
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(data, "data");
        problems = java.util.Collections.unmodifiableMap(new TreeMap<>(problems));
    }

    public String name() {
        return files.node();
    }

    /** Whether the agent ran on the node (some files may still be missing). */
    public boolean collected() {
        return files.status().ok();
    }

    /** The file behind the IPVS table: {@code ipvsadm-save.txt} when collected, else {@code ipvsadm-Ln.txt}; null when neither. */
    public String ipvsFile() {
        return NodeParsing.ipvsFile(files);
    }
}
