package io.kubetriage.cli.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import io.kubetriage.core.node.section.NodeData;
import io.kubetriage.core.node.section.NodeDataException;
import io.kubetriage.core.node.section.NodeDirectory;
import io.kubetriage.core.node.section.NodeFiles;
import io.kubetriage.core.node.section.NodeSectionCodec;
import io.kubetriage.core.snapshot.Snapshot;
import io.kubetriage.core.snapshot.store.SnapshotFormatException;
import io.kubetriage.core.snapshot.store.SnapshotStore;

/** {@code kubetriage-cli node import}: a directory of node data into a snapshot file. */
final class NodeImportCommand implements Command {

    @Override
    public String name() {
        return "node import";
    }

    @Override
    public String summary() {
        return "Add a directory of node data to a snapshot file";
    }

    @Override
    public String help() {
        return """
                Usage: kubetriage-cli node import DIR --into SNAPSHOT

                Reads DIR in the layout of docs/node-data.md (as written by 'node collect' or by
                hand) and adds it to the snapshot file SNAPSHOT as its node section: each node's
                files, its status, and the kube-proxy ConfigMap. Nodes already in the snapshot
                under the same name are replaced; others are kept. The snapshot is rewritten
                atomically: on any error it is left as it was.

                Options:
                  --into SNAPSHOT   the snapshot file to add the nodes to; it must exist

                Exit codes: 0 imported; 1 DIR is not in the layout (the message names the file) or
                the snapshot cannot be read or written; 2 wrong usage.
                """;
    }

    @Override
    public int run(List<String> words, CliContext context) throws UsageException {
        Args args = Args.parse(words, Set.of("into"), Set.of());
        if (args.positional().size() != 1) {
            throw new UsageException(args.positional().isEmpty() ? "DIR is needed: the directory of node data"
                    : "unexpected argument '" + args.positional().get(1) + "'");
        }
        String into = args.value("into");
        if (into == null || into.isBlank()) {
            throw new UsageException("--into SNAPSHOT is needed: the snapshot file to add the nodes to");
        }
        Path dir = Path.of(args.positional().get(0));
        Path file = Path.of(into);

        NodeData data;
        try {
            data = NodeDirectory.read(dir);
        } catch (NodeDataException e) {
            context.err().println("error: " + e.getMessage());
            return ExitCode.FINDINGS;
        } catch (IOException e) {
            context.err().println("error: " + dir + ": " + SnapshotCaptureCommand.describe(e));
            return ExitCode.FINDINGS;
        }
        Snapshot snapshot;
        try {
            snapshot = SnapshotStore.read(file);
        } catch (SnapshotFormatException e) {
            context.err().println("error: " + e.getMessage());
            return ExitCode.FINDINGS;
        } catch (IOException e) {
            context.err().println("error: " + file + ": " + SnapshotCaptureCommand.describe(e));
            return ExitCode.FINDINGS;
        }
        try {
            SnapshotStore.write(NodeSectionCodec.withNodes(snapshot, data), file);
        } catch (IOException e) {
            context.err().println("error: cannot write " + file + ": " + SnapshotCaptureCommand.describe(e));
            return ExitCode.FINDINGS;
        }
        for (NodeFiles node : data.nodes()) {
            node.commands().forEach((step, status) -> {
                if (!status.ok()) {
                    context.err().println("warning: node " + node.node() + ": " + step + ": " + status.reason());
                }
            });
        }
        context.out().printf("Imported %d nodes (%s)%s into %s%n", data.nodes().size(),
                String.join(", ", data.nodeNames()),
                data.kubeProxyConfigMap() == null ? "" : " and the kube-proxy ConfigMap", file);
        return ExitCode.OK;
    }
}
