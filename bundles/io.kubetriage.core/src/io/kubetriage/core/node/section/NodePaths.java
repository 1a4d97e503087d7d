package io.kubetriage.core.node.section;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The names of the node data layout (docs/node-data.md) and the rules that keep them inside it:
 * node names and file paths never climb out of their folder, and are valid both as file names and
 * as snapshot section names.
 */
public final class NodePaths {

    /** {@code iptables-save -c}: the IPv4 rules of every table. */
    public static final String IPTABLES_SAVE = "iptables-save.txt";
    /** {@code ip6tables-save -c}: the IPv6 rules of every table. */
    public static final String IP6TABLES_SAVE = "ip6tables-save.txt";
    /** {@code ipvsadm -Ln --exact}. */
    public static final String IPVSADM_LN = "ipvsadm-Ln.txt";
    /** {@code ipvsadm --save -n}. */
    public static final String IPVSADM_SAVE = "ipvsadm-save.txt";
    /** {@code ipset list}. */
    public static final String IPSET_LIST = "ipset-list.txt";
    /** {@code ip -o addr show}. */
    public static final String IP_ADDR = "ip-addr.txt";
    /** The files of one command each, in collection order. */
    public static final List<String> COMMAND_FILES = List.of(IPTABLES_SAVE, IP6TABLES_SAVE, IPVSADM_LN,
            IPVSADM_SAVE, IPSET_LIST, IP_ADDR);

    /** Copies of the node's {@code /etc/cni/net.d/*}. */
    public static final String CNI_DIR = "cni";
    /** Copies of the node's {@code /etc/kubernetes/manifests/*}. */
    public static final String MANIFESTS_DIR = "manifests";
    /** The folders of copied files, in collection order. */
    public static final List<String> FILE_DIRS = List.of(CNI_DIR, MANIFESTS_DIR);

    /** Beside a command's file: its standard error, when it failed. */
    public static final String ERR_SUFFIX = ".err";
    /** The kube-proxy ConfigMap as YAML, at the top, beside the node folders. */
    public static final String KUBE_PROXY_CONFIGMAP = "kube-proxy-configmap.yaml";

    private static final int MAX_NODE_NAME = 253;
    private static final int MAX_FILE_NAME = 255;
    private static final Pattern NODE_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?");

    private NodePaths() {
    }

    /**
     * Checks a node name: letters, digits, {@code .}, {@code -} and {@code _}, starting and ending
     * with a letter or digit, at most 253 characters (a Kubernetes object name is stricter).
     *
     * @return why the name cannot be used, or null when it can
     */
    public static String nodeNameProblem(String node) {
        if (node == null || node.isEmpty()) {
            return "the node name is empty";
        }
        if (node.length() > MAX_NODE_NAME) {
            return "the node name is longer than " + MAX_NODE_NAME + " characters";
        }
        if (!NODE_NAME.matcher(node).matches()) {
            return "'" + printable(node) + "' is not a node name (letters, digits, '.', '-', '_')";
        }
        if (node.equals(KUBE_PROXY_CONFIGMAP)) {
            return "'" + node + "' is reserved for the kube-proxy ConfigMap";
        }
        return null;
    }

    /**
     * Checks one file name: not empty, not {@code .} or {@code ..}, no {@code /}, {@code \},
     * {@code :} or control character, at most 255 characters.
     *
     * @return why the name cannot be used, or null when it can
     */
    public static String fileNameProblem(String name) {
        if (name == null || name.isEmpty()) {
            return "the file name is empty";
        }
        if (name.equals(".") || name.equals("..")) {
            return "'" + name + "' is not a file name";
        }
        if (name.length() > MAX_FILE_NAME) {
            return "the file name is longer than " + MAX_FILE_NAME + " characters";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\' || c == ':' || c < 0x20 || c == 0x7f) {
                return "'" + printable(name) + "' holds a character not allowed in a file name ("
                        + (c < 0x20 || c == 0x7f ? "a control character" : "'" + c + "'") + ")";
            }
        }
        return null;
    }

    /**
     * Checks a path relative to a node's folder: a file name ({@code iptables-save.txt}), or
     * {@code cni/NAME} or {@code manifests/NAME}. {@code status.json} is reserved for the snapshot
     * section's status.
     *
     * @return why the path cannot be used, or null when it can
     */
    public static String relativePathProblem(String path) {
        if (path == null || path.isEmpty()) {
            return "the path is empty";
        }
        int slash = path.indexOf('/');
        if (slash < 0) {
            if (path.equals(NodeSectionCodec.STATUS)) {
                return "'" + path + "' is reserved for the node's status";
            }
            return fileNameProblem(path);
        }
        String dir = path.substring(0, slash);
        if (!FILE_DIRS.contains(dir)) {
            return "'" + printable(path) + "' is neither a file of the node's folder nor under "
                    + String.join("/ or ", FILE_DIRS) + "/";
        }
        String problem = fileNameProblem(path.substring(slash + 1));
        return problem == null ? null : "'" + printable(path) + "': " + problem;
    }

    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(300).forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\x%02x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }
}
