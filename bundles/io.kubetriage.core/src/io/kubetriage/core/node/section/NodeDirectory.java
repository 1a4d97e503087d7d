package io.kubetriage.core.node.section;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.kubetriage.core.node.section.NodeFiles.Status;

/**
 * Reads and writes node data as the directory layout of docs/node-data.md: one folder per node
 * with the command outputs, {@code cni/} and {@code manifests/}, and
 * {@code kube-proxy-configmap.yaml} at the top.
 *
 * <p>Reading takes the known files of each node folder (the command outputs, their {@code .err}
 * files, and the regular files directly under {@code cni/} and {@code manifests/}); other files,
 * sub-folders of {@code cni/} and {@code manifests/} (such as {@code calico-tls/}) and names
 * starting with {@code .} are left out. A command with a {@code .err} file and no output is
 * {@code FAILED} with the error text as reason. Symbolic links, names that could climb out of the
 * folder, text that is not UTF-8 and files over {@link #MAX_FILE_BYTES} are refused with a
 * {@link NodeDataException} naming the file.
 *
 * <p>Writing creates the layout in an empty or new folder; a failed command gets a {@code .err}
 * file with its reason instead of its output.
 */
public final class NodeDirectory {

    /** The largest file read: 256 MiB. */
    public static final long MAX_FILE_BYTES = 256L << 20;
    /** The most of a {@code .err} file kept as a reason. */
    private static final int MAX_REASON = 2_000;

    private NodeDirectory() {
    }

    /**
     * Reads a directory of node data.
     *
     * @throws NoSuchFileException when the directory does not exist
     * @throws NodeDataException   naming the file when the directory is not in the layout, or holds
     *                             no node folder
     */
    public static NodeData read(Path dir) throws IOException, NodeDataException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchFileException(dir.toString());
        }
        if (!Files.isDirectory(dir)) {
            throw new NodeDataException(dir + ": not a directory");
        }
        String configMap = null;
        List<NodeFiles> nodes = new ArrayList<>();
        for (Path entry : list(dir)) {
            String name = entry.getFileName().toString();
            if (name.startsWith(".")) {
                continue;
            }
            BasicFileAttributes attrs = attributes(entry);
            if (attrs.isSymbolicLink()) {
                throw new NodeDataException(entry + ": a symbolic link; copy the file or folder itself");
            }
            if (attrs.isRegularFile()) {
                if (name.equals(NodePaths.KUBE_PROXY_CONFIGMAP)) {
                    configMap = readText(entry, attrs);
                }
                continue;
            }
            if (attrs.isDirectory()) {
                String problem = NodePaths.nodeNameProblem(name);
                if (problem != null) {
                    throw new NodeDataException(entry + ": " + problem);
                }
                nodes.add(readNode(entry, name));
            }
        }
        if (nodes.isEmpty()) {
            throw new NodeDataException(dir + ": holds no node folder (expected <node-name>/"
                    + NodePaths.IPTABLES_SAVE + " and the other files of docs/node-data.md)");
        }
        return new NodeData(nodes, configMap);
    }

    private static NodeFiles readNode(Path nodeDir, String node) throws IOException, NodeDataException {
        Map<String, String> files = new TreeMap<>();
        Map<String, String> errors = new TreeMap<>();
        for (Path entry : list(nodeDir)) {
            String name = entry.getFileName().toString();
            if (name.startsWith(".")) {
                continue;
            }
            BasicFileAttributes attrs = attributes(entry);
            if (attrs.isSymbolicLink()) {
                throw new NodeDataException(entry + ": a symbolic link; copy the file or folder itself");
            }
            if (attrs.isDirectory() && NodePaths.FILE_DIRS.contains(name)) {
                for (Path file : list(entry)) {
                    String fileName = file.getFileName().toString();
                    BasicFileAttributes fileAttrs = attributes(file);
                    if (fileAttrs.isSymbolicLink()) {
                        throw new NodeDataException(file + ": a symbolic link; copy the file itself");
                    }
                    if (!fileAttrs.isRegularFile()) {
                        continue;
                    }
                    String problem = NodePaths.fileNameProblem(fileName);
                    if (problem != null) {
                        throw new NodeDataException(file + ": " + problem);
                    }
                    files.put(name + "/" + fileName, readText(file, fileAttrs));
                }
            } else if (attrs.isRegularFile()) {
                if (NodePaths.COMMAND_FILES.contains(name)) {
                    files.put(name, readText(entry, attrs));
                } else if (name.endsWith(NodePaths.ERR_SUFFIX) && NodePaths.COMMAND_FILES
                        .contains(name.substring(0, name.length() - NodePaths.ERR_SUFFIX.length()))) {
                    errors.put(name.substring(0, name.length() - NodePaths.ERR_SUFFIX.length()),
                            readText(entry, attrs));
                }
            }
        }
        Map<String, Status> commands = new LinkedHashMap<>();
        for (String command : NodePaths.COMMAND_FILES) {
            if (files.containsKey(command)) {
                commands.put(command, Status.OK);
            } else if (errors.containsKey(command)) {
                String reason = errors.get(command).strip();
                if (reason.length() > MAX_REASON) {
                    reason = reason.substring(0, MAX_REASON) + "...";
                }
                commands.put(command, Status.failed(reason.isEmpty() ? "failed" : reason));
            }
        }
        Status status = files.isEmpty() ? Status.failed("the folder holds none of the node files") : Status.OK;
        return new NodeFiles(node, files, commands, status);
    }

    /**
     * Writes node data in the layout. Nodes from which nothing was collected get no folder.
     *
     * @throws NodeDataException when the directory exists and is not empty
     */
    public static void write(NodeData data, Path dir) throws IOException, NodeDataException {
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw new NodeDataException(dir + ": exists and is not a directory");
            }
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                if (entries.iterator().hasNext()) {
                    throw new NodeDataException(dir + ": not empty; choose a new or empty directory");
                }
            }
        }
        Files.createDirectories(dir);
        if (data.kubeProxyConfigMap() != null) {
            writeText(dir.resolve(NodePaths.KUBE_PROXY_CONFIGMAP), data.kubeProxyConfigMap());
        }
        for (NodeFiles node : data.nodes()) {
            boolean anyErr = node.commands().entrySet().stream()
                    .anyMatch(e -> !e.getValue().ok() && NodePaths.COMMAND_FILES.contains(e.getKey()));
            if (node.files().isEmpty() && !anyErr) {
                continue;
            }
            Path nodeDir = dir.resolve(node.node());
            Files.createDirectories(nodeDir);
            for (String sub : NodePaths.FILE_DIRS) {
                if (node.commands().containsKey(sub) || !node.filesUnder(sub).isEmpty()) {
                    Files.createDirectories(nodeDir.resolve(sub));
                }
            }
            for (Map.Entry<String, String> file : node.files().entrySet()) {
                writeText(resolveInside(nodeDir, file.getKey()), file.getValue());
            }
            for (Map.Entry<String, Status> command : node.commands().entrySet()) {
                if (!command.getValue().ok() && NodePaths.COMMAND_FILES.contains(command.getKey())
                        && !node.files().containsKey(command.getKey())) {
                    writeText(nodeDir.resolve(command.getKey() + NodePaths.ERR_SUFFIX),
                            command.getValue().reason() + "\n");
                }
            }
        }
    }

    /** A relative path resolved under a folder, refused when it would land outside it. */
    private static Path resolveInside(Path dir, String relative) throws NodeDataException {
        Path target = dir.resolve(relative).normalize();
        if (!target.startsWith(dir.normalize())) {
            throw new NodeDataException(relative + ": outside of " + dir);
        }
        return target;
    }

    private static List<Path> list(Path dir) throws IOException {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(entries::add);
        }
        entries.sort(null);
        return entries;
    }

    private static BasicFileAttributes attributes(Path p) throws IOException {
        return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    }

    private static String readText(Path file, BasicFileAttributes attrs) throws IOException, NodeDataException {
        if (attrs.size() > MAX_FILE_BYTES) {
            throw new NodeDataException(file + ": larger than " + (MAX_FILE_BYTES >> 20) + " MiB");
        }
        return NodeSectionCodec.text(file.toString(), Files.readAllBytes(file));
    }

    private static void writeText(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE);
    }
}
