package io.kubetriage.core.node.cni;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kubetriage.core.kubeconfig.KubeconfigException;
import io.kubetriage.core.node.Cidr;
import io.kubetriage.core.node.NodeDataFormatException;

/**
 * Reads CNI network configuration files ({@code .conflist} with {@code plugins[]}, single
 * {@code .conf}/{@code .json} plugin objects) and checks a node's whole {@code /etc/cni/net.d}.
 * Instances hold no state and may be shared between threads.
 */
public final class CniConfigParser {

    /** Plugin types that are known; anything else is reported, as it is often a typo or a missing binary. */
    public static final Set<String> KNOWN_PLUGIN_TYPES = Set.of("calico", "calico-ipam", "host-local", "portmap",
            "bandwidth", "tuning", "bridge", "loopback", "flannel", "cilium-cni", "weave-net", "macvlan", "ipvlan",
            "ptp", "firewall", "sbr", "static", "dhcp", "vrf", "host-device", "aws-cni", "egress-v4-cni");

    /** Where the container runtime reads the files from. */
    public static final String CNI_CONF_DIR = "/etc/cni/net.d/";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    /** Whether a file name is one the container runtime reads as network configuration. */
    public static boolean isNetworkConfig(String fileName) {
        return fileName.endsWith(".conflist") || fileName.endsWith(".conf") || fileName.endsWith(".json");
    }

    /**
     * Reads one configuration file. A {@code .conflist} must have {@code plugins[]}; other files are
     * read as a list when they have {@code plugins}, else as a single plugin.
     */
    public CniConfig parse(String fileName, String text) throws NodeDataFormatException {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(text, "text");
        if (text.isBlank()) {
            throw new NodeDataFormatException(0, "the file is empty; expected a JSON object");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String message = e.getOriginalMessage();
            if (message != null) {
                // Jackson names a hidden source in nested locations; keep only line and column
                message = message.replaceAll("\\[Source: [^;]*; ", "[");
            }
            throw new NodeDataFormatException(at == null ? 0 : Math.max(0, at.getLineNr()),
                    "not valid JSON: " + (message == null ? e.getClass().getSimpleName() : message), e);
        }
        if (root == null || !root.isObject()) {
            throw new NodeDataFormatException(1, "expected a JSON object, found "
                    + (root == null ? "nothing" : root.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)));
        }
        Map<String, Integer> lines = lineIndex(text);
        String name = text(root, "name");
        String version = text(root, "cniVersion");
        boolean list = fileName.endsWith(".conflist") || root.has("plugins");
        List<CniPlugin> plugins = new ArrayList<>();
        if (list) {
            JsonNode array = root.get("plugins");
            if (array == null || !array.isArray()) {
                throw new NodeDataFormatException(lines.getOrDefault("", 1),
                        "a .conflist needs a \"plugins\" array (/plugins)");
            }
            if (array.isEmpty()) {
                throw new NodeDataFormatException(lines.getOrDefault("/plugins", 1), "\"plugins\" is empty (/plugins)");
            }
            for (int i = 0; i < array.size(); i++) {
                plugins.add(plugin(array.get(i), i, "/plugins/" + i, lines));
            }
        } else {
            plugins.add(plugin(root, 0, "", lines));
        }
        return new CniConfig(fileName, list, name, version, Collections.unmodifiableList(plugins), text);
    }

    private static CniPlugin plugin(JsonNode node, int index, String pointer, Map<String, Integer> lines)
            throws NodeDataFormatException {
        int line = lines.getOrDefault(pointer, 0);
        if (!node.isObject()) {
            throw new NodeDataFormatException(line, "expected a plugin object at " + display(pointer));
        }
        JsonNode type = node.get("type");
        if (type == null || !type.isTextual() || type.asText().isEmpty()) {
            throw new NodeDataFormatException(line, "the plugin at " + display(pointer) + " has no \"type\"");
        }
        CalicoSettings calico = null;
        if (type.asText().equals("calico")) {
            JsonNode kube = node.get("kubernetes");
            String kubeconfig = kube != null && kube.isObject() ? text(kube, "kubeconfig") : null;
            JsonNode ipam = node.get("ipam");
            calico = new CalicoSettings(kubeconfig, lines.getOrDefault(pointer + "/kubernetes/kubeconfig", 0),
                    text(node, "datastore_type"), ipam != null && ipam.isObject() ? text(ipam, "type") : null);
        }
        return new CniPlugin(index, type.asText(), pointer, line, node, calico);
    }

    /**
     * Checks a node's {@code /etc/cni/net.d}: every network configuration file is read, plugin types
     * are checked against {@link #KNOWN_PLUGIN_TYPES}, kubeconfig files named by plugins must be among
     * the files, and their API servers must not be ClusterIPs.
     *
     * @param files       the directory's files, name (or path) to text
     * @param serviceCidr the cluster's Service CIDR, or null when unknown (then no ClusterIP check)
     */
    public CniValidation validate(Map<String, String> files, Cidr serviceCidr) {
        Map<String, String> sorted = new TreeMap<>(files);
        List<CniConfig> configs = new ArrayList<>();
        List<CniProblem> problems = new ArrayList<>();
        List<CniValidation.ApiServer> servers = new ArrayList<>();
        Map<String, Boolean> kubeconfigsSeen = new HashMap<>();
        for (Map.Entry<String, String> file : sorted.entrySet()) {
            if (!isNetworkConfig(file.getKey())) {
                continue;
            }
            CniConfig config;
            try {
                config = parse(file.getKey(), file.getValue());
            } catch (NodeDataFormatException e) {
                problems.add(new CniProblem(file.getKey(), null, e.line(), CniProblem.Kind.UNREADABLE_FILE, e.reason()));
                continue;
            }
            configs.add(config);
            for (CniPlugin p : config.plugins()) {
                if (!KNOWN_PLUGIN_TYPES.contains(p.type())) {
                    String at = p.pointer() + "/type";
                    problems.add(new CniProblem(config.fileName(), at, lineIndex(config.text()).getOrDefault(at, p.line()),
                            CniProblem.Kind.UNKNOWN_PLUGIN_TYPE, "unknown plugin type '" + p.type()
                                    + "': the runtime looks for a binary of that name in /opt/cni/bin"));
                }
                CalicoSettings calico = p.calico();
                if (calico == null || calico.kubeconfigPath() == null) {
                    continue;
                }
                String path = calico.kubeconfigPath();
                String key = lookup(sorted, path);
                String pointer = p.pointer() + "/kubernetes/kubeconfig";
                if (key == null) {
                    String why = path.contains("__KUBECONFIG_FILEPATH__")
                            ? " (the placeholder was never replaced: Calico's install-cni did not finish)"
                            : "";
                    problems.add(new CniProblem(config.fileName(), pointer, calico.kubeconfigLine(),
                            CniProblem.Kind.KUBECONFIG_MISSING, "kubeconfig " + path
                                    + " is referenced but is not among the node's CNI files" + why));
                    continue;
                }
                if (kubeconfigsSeen.put(key, Boolean.TRUE) != null) {
                    continue;
                }
                String yaml = sorted.get(key);
                try {
                    for (String server : KubeconfigServers.servers(yaml, key)) {
                        String host = KubeconfigServers.host(server);
                        boolean clusterIp = KubeconfigServers.isInside(server, serviceCidr);
                        int line = KubeconfigServers.lineOf(yaml, server);
                        servers.add(new CniValidation.ApiServer(key, line, server, host, clusterIp));
                        if (clusterIp) {
                            problems.add(new CniProblem(key, null, line, CniProblem.Kind.SERVER_IS_CLUSTER_IP,
                                    "the API server " + server + " is a ClusterIP (inside the Service CIDR "
                                            + serviceCidr + "): " + p.type() + " reaches the API server only while "
                                            + "kube-proxy's rules for the kubernetes Service work on this node"));
                        }
                    }
                } catch (KubeconfigException e) {
                    problems.add(new CniProblem(key, null, e.line(), CniProblem.Kind.KUBECONFIG_UNREADABLE, e.reason()));
                }
            }
        }
        if (configs.isEmpty() && problems.isEmpty()) {
            problems.add(new CniProblem(CNI_CONF_DIR, null, 0, CniProblem.Kind.NO_NETWORK_CONFIG,
                    "no .conf, .conflist or .json file: the container runtime cannot set up pod networking"));
        }
        return new CniValidation(List.copyOf(configs), List.copyOf(servers), List.copyOf(problems));
    }

    /** The key of the files map that holds a path named in a configuration, or null. */
    private static String lookup(Map<String, String> files, String path) {
        if (files.containsKey(path)) {
            return path;
        }
        if (path.startsWith(CNI_CONF_DIR)) {
            String name = path.substring(CNI_CONF_DIR.length());
            if (files.containsKey(name)) {
                return name;
            }
        }
        return null;
    }

    /** The line where each value starts, by JSON pointer ({@code ""} for the root). */
    static Map<String, Integer> lineIndex(String text) {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.FIELD_NAME || t == JsonToken.END_ARRAY || t == JsonToken.END_OBJECT) {
                    continue;
                }
                // at a container start the context is already the new container: its pointer is the parent's path
                String pointer = t.isStructStart() ? containerPointer(p) : p.getParsingContext().pathAsPointer().toString();
                lines.putIfAbsent(pointer, p.currentTokenLocation().getLineNr());
            }
        } catch (IOException e) {
            // the text was already read as JSON; an index cut short only loses line numbers
        }
        return lines;
    }

    private static String containerPointer(JsonParser p) {
        var parent = p.getParsingContext().getParent();
        if (parent == null || parent.inRoot()) {
            return "";
        }
        return parent.pathAsPointer().toString();
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isValueNode() && !v.isNull() ? v.asText() : null;
    }

    private static String display(String pointer) {
        return pointer.isEmpty() ? "the top level" : pointer;
    }
}
