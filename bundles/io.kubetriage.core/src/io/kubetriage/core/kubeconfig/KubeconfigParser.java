package io.kubetriage.core.kubeconfig;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.composer.ComposerException;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads kubeconfig files ({@code apiVersion: v1}, {@code kind: Config}). The file is only ever
 * opened for reading.
 *
 * <p>The YAML is composed into a node tree rather than loaded into Java objects, so that no types
 * are ever instantiated from the file and every structural error can name its line. Keys that
 * Kubetriage does not need (credentials, preferences, extensions) are ignored.
 *
 * <p>Instances hold no state and may be shared between threads.
 */
public final class KubeconfigParser {

    /** Largest file accepted, in bytes; real kubeconfig files are a few kilobytes. */
    public static final int MAX_FILE_SIZE = 16 * 1024 * 1024;

    // Guards against "billion laughs" style documents; kubeconfig files rarely use aliases at all.
    private static final int MAX_ALIASES_FOR_COLLECTIONS = 50;
    private static final int MAX_NESTING_DEPTH = 50;
    private static final int MAX_SHOWN_VALUE_LENGTH = 40;

    /**
     * Reads one kubeconfig file.
     *
     * @throws KubeconfigException when the file is missing, unreadable, not UTF-8 YAML text, or not
     *                             shaped like a kubeconfig
     */
    public Kubeconfig parse(Path file) throws KubeconfigException {
        Objects.requireNonNull(file, "file");
        return parse(KubeconfigText.decode(read(file), file), file);
    }

    /**
     * Reads kubeconfig text that was obtained elsewhere.
     *
     * @param nameForMessages the file name to report in errors and to record as the source
     * @throws KubeconfigException when the text is not YAML or not shaped like a kubeconfig
     */
    public Kubeconfig parse(String yamlText, Path nameForMessages) throws KubeconfigException {
        Objects.requireNonNull(yamlText, "yamlText");
        Objects.requireNonNull(nameForMessages, "nameForMessages");
        KubeconfigText.requirePrintable(yamlText, nameForMessages);
        Node root = compose(yamlText, nameForMessages);
        if (root == null || isNull(root)) {
            return Kubeconfig.empty(nameForMessages);
        }
        return new TreeReader(nameForMessages).read(root);
    }

    private static byte[] read(Path file) throws KubeconfigException {
        try {
            if (Files.isDirectory(file)) {
                throw new KubeconfigException(file, 0, "is a directory, not a kubeconfig file");
            }
            long size = Files.size(file);
            if (size > MAX_FILE_SIZE) {
                throw new KubeconfigException(file, 0, "the file is too large (" + size
                        + " bytes; the limit is " + MAX_FILE_SIZE + " bytes)");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw KubeconfigException.fileNotFound(file);
        } catch (AccessDeniedException e) {
            throw new KubeconfigException(file, 0, "permission denied", e);
        } catch (FileSystemException e) {
            // Only the reason: the exception's message repeats the path, which ours already starts with.
            String detail = e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
            throw new KubeconfigException(file, 0, "cannot read the file: " + detail, e);
        } catch (IOException e) {
            String detail = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            throw new KubeconfigException(file, 0, "cannot read the file: " + detail, e);
        }
    }

    private static Node compose(String text, Path file) throws KubeconfigException {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_FILE_SIZE);
        options.setMaxAliasesForCollections(MAX_ALIASES_FOR_COLLECTIONS);
        options.setNestingDepthLimit(MAX_NESTING_DEPTH);
        options.setAllowRecursiveKeys(false);
        options.setAllowDuplicateKeys(false);
        Yaml yaml = new Yaml(new SafeConstructor(options));
        try {
            return yaml.compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            throw syntaxError(e, file);
        } catch (YAMLException e) {
            // Limits set above, such as the number of aliases.
            throw new KubeconfigException(file, 0, "cannot read the YAML: " + e.getMessage(), e);
        }
    }

    private static KubeconfigException syntaxError(MarkedYAMLException e, Path file) {
        Mark problemMark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        int line = problemMark != null ? problemMark.getLine() + 1 : 0;
        if (e instanceof ComposerException && e.getContext() != null
                && e.getContext().contains("single document")) {
            return new KubeconfigException(file, line,
                    "a second YAML document starts here; a kubeconfig file holds exactly one", e);
        }
        String problem = e.getProblem() != null ? e.getProblem().strip() : e.getMessage().strip();
        StringBuilder reason = new StringBuilder("not valid YAML: ").append(problem);
        Mark contextMark = e.getContextMark();
        // The context only helps when it points somewhere else, e.g. at an unclosed quote.
        if (e.getContext() != null && contextMark != null && problemMark != null
                && contextMark.getLine() != problemMark.getLine()) {
            reason.append(" (").append(e.getContext().strip())
                    .append(" at line ").append(contextMark.getLine() + 1).append(')');
        }
        return new KubeconfigException(file, line, reason.toString(), e);
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    /** Walks the node tree of one document, reporting errors against one file. */
    private static final class TreeReader {

        private final Path file;

        TreeReader(Path file) {
            this.file = file;
        }

        Kubeconfig read(Node root) throws KubeconfigException {
            Map<String, Node> top = fields(root, "the top level of a kubeconfig");
            requireValue(top, "kind", "Config");
            requireValue(top, "apiVersion", "v1");

            Map<String, KubeCluster> clusters = new LinkedHashMap<>();
            for (Entry entry : entries(top, "clusters", "cluster")) {
                String server = string(entry.body().get("server"), "server");
                clusters.put(entry.name(), new KubeCluster(entry.name(), server, file));
            }
            Map<String, KubeUser> users = new LinkedHashMap<>();
            for (Entry entry : entries(top, "users", "user")) {
                users.put(entry.name(), new KubeUser(entry.name(), file));
            }
            ContextResolver resolver = new ContextResolver(clusters, users, file.toString());
            List<KubeContext> contexts = new ArrayList<>();
            for (Entry entry : entries(top, "contexts", "context")) {
                contexts.add(resolver.resolve(entry.name(),
                        string(entry.body().get("cluster"), "cluster"),
                        string(entry.body().get("user"), "user"),
                        string(entry.body().get("namespace"), "namespace"),
                        file));
            }
            String current = string(top.get("current-context"), "current-context");
            return new Kubeconfig(file, contexts, current, clusters, users);
        }

        private void requireValue(Map<String, Node> top, String key, String expected)
                throws KubeconfigException {
            // kubectl accepts files that leave kind and apiVersion out.
            String actual = string(top.get(key), key);
            if (actual != null && !actual.equals(expected)) {
                throw error(top.get(key), key + " is '" + shorten(actual) + "', expected '"
                        + expected + "'");
            }
        }

        /**
         * Reads a list such as {@code clusters:}, whose entries each have a {@code name} and a
         * mapping under {@code bodyKey}. A missing or null list is an empty one.
         */
        private List<Entry> entries(Map<String, Node> top, String listKey, String bodyKey)
                throws KubeconfigException {
            Node list = top.get(listKey);
            if (list == null || isNull(list)) {
                return List.of();
            }
            if (!(list instanceof SequenceNode sequence)) {
                throw error(list, listKey + " must be a list, found " + describe(list));
            }
            List<Entry> entries = new ArrayList<>();
            Map<String, Integer> firstLines = new HashMap<>();
            for (Node item : sequence.getValue()) {
                if (!(item instanceof MappingNode)) {
                    throw error(item, "each entry of " + listKey + " must be a mapping with 'name' and '"
                            + bodyKey + "', found " + describe(item));
                }
                Map<String, Node> fields = fields(item, "an entry of " + listKey);
                String name = string(fields.get("name"), "name");
                if (name == null || name.isEmpty()) {
                    throw error(item, bodyKey + " entry without a name");
                }
                Integer firstLine = firstLines.putIfAbsent(name, line(item));
                if (firstLine != null) {
                    throw error(item, bodyKey + " '" + shorten(name) + "' is defined twice"
                            + (firstLine > 0 ? " (first at line " + firstLine + ")" : ""));
                }
                Node body = fields.get(bodyKey);
                Map<String, Node> bodyFields = body == null || isNull(body)
                        ? Map.of()
                        : fields(body, bodyKey + " '" + shorten(name) + "'");
                entries.add(new Entry(name, bodyFields));
            }
            return entries;
        }

        /** The keys of a mapping node; a duplicate key is refused since which one wins is unclear. */
        private Map<String, Node> fields(Node node, String what) throws KubeconfigException {
            if (!(node instanceof MappingNode mapping)) {
                throw error(node, what + " must be a mapping (key: value), found " + describe(node));
            }
            Map<String, Node> fields = new LinkedHashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                Node keyNode = tuple.getKeyNode();
                if (!(keyNode instanceof ScalarNode scalarKey)) {
                    throw error(keyNode, "keys in " + what + " must be plain strings, found "
                            + describe(keyNode));
                }
                String key = scalarKey.getValue();
                if (fields.putIfAbsent(key, tuple.getValueNode()) != null) {
                    throw error(keyNode, "duplicate key '" + shorten(key) + "' in " + what);
                }
            }
            return fields;
        }

        /** The text of a scalar, or null when absent or null; lists and mappings are errors. */
        private String string(Node node, String key) throws KubeconfigException {
            if (node == null || isNull(node)) {
                return null;
            }
            if (!(node instanceof ScalarNode scalar)) {
                throw error(node, key + " must be a string, found " + describe(node));
            }
            return scalar.getValue();
        }

        private KubeconfigException error(Node node, String reason) {
            return new KubeconfigException(file, line(node), reason);
        }
    }

    private record Entry(String name, Map<String, Node> body) {
    }

    private static int line(Node node) {
        return node.getStartMark() != null ? node.getStartMark().getLine() + 1 : 0;
    }

    private static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (isNull(node)) {
            return "nothing";
        }
        return "'" + shorten(((ScalarNode) node).getValue()) + "'";
    }

    private static String shorten(String value) {
        return value.length() <= MAX_SHOWN_VALUE_LENGTH
                ? value
                : value.substring(0, MAX_SHOWN_VALUE_LENGTH) + "…";
    }
}
