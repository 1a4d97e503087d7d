package io.kubetriage.cli.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.eclipse.core.runtime.NullProgressMonitor;

import io.kubetriage.connector.kube.ClusterConnectException;
import io.kubetriage.connector.kube.node.NodeAgentCollector;
import io.kubetriage.connector.kube.node.NodeAgentRefusedException;
import io.kubetriage.connector.kube.node.NodeCollectOptions;
import io.kubetriage.connector.kube.node.NodeCollection;
import io.kubetriage.core.kubeconfig.KubeContext;
import io.kubetriage.core.kubeconfig.KubeconfigSet;
import io.kubetriage.core.node.section.NodeDataException;
import io.kubetriage.core.node.section.NodeDirectory;
import io.kubetriage.core.node.section.NodeFiles;

/** {@code kubetriage-cli node collect}: node data from every node, through short-lived agent Pods. */
final class NodeCollectCommand implements Command {

    @Override
    public String name() {
        return "node collect";
    }

    @Override
    public String summary() {
        return "Collect iptables/IPVS/CNI data from each node through an agent Pod";
    }

    @Override
    public String help() {
        return """
                Usage: kubetriage-cli node collect --context NAME [--kubeconfig FILE]... [--node NODE]...
                                                   [--image IMAGE] [--namespace NS] [--timeout DURATION]
                                                   --yes -o DIR

                Creates a short-lived privileged Pod on each node (host network, host PID, the
                node's /etc/cni/net.d and /etc/kubernetes/manifests mounted read-only), runs
                iptables-save, ip6tables-save, ipvsadm, ipset and ip in it, copies the CNI and
                static Pod files, and deletes the Pod. Writes the files to DIR in the layout of
                docs/node-data.md, with the kube-proxy ConfigMap. One node after the other.

                Options:
                  --context NAME        the context of the cluster
                  --kubeconfig FILE     read this file (repeatable) instead of $KUBECONFIG
                  --node NODE           collect from this node (repeatable; default: every node)
                  --image IMAGE         the agent image (default: %s)
                  --namespace NS        where the agent Pods are created (default: kube-system)
                  --timeout DURATION    how long to wait for each agent Pod to run (default: 60s);
                                        e.g. 90s, 2m, or seconds
                  --yes                 confirm that the privileged Pods may be created
                  -o DIR                the directory to write; new or empty

                Exit codes: 0 every node was collected; 1 a node failed or an agent Pod could not be
                deleted (what was collected is still written); 2 wrong usage, or --yes missing.
                """.formatted(io.kubetriage.connector.kube.node.NodeAgentSpec.DEFAULT_IMAGE);
    }

    @Override
    public int run(List<String> words, CliContext context) throws UsageException {
        Args args = Args.parse(words, Set.of("context", "kubeconfig", "node", "image", "namespace", "timeout", "o"),
                Set.of("yes"));
        if (!args.positional().isEmpty()) {
            throw new UsageException("unexpected argument '" + args.positional().get(0) + "'");
        }
        String contextName = args.value("context");
        if (contextName == null || contextName.isBlank()) {
            throw new UsageException("--context NAME is needed: the cluster to collect from");
        }
        String output = args.value("o");
        if (output == null || output.isBlank()) {
            throw new UsageException("-o DIR is needed: the directory to write");
        }
        Duration timeout = args.has("timeout") ? duration(args.value("timeout"))
                : NodeCollectOptions.DEFAULT_PER_NODE_TIMEOUT;
        if (!args.flag("yes")) {
            context.err().println("kubetriage-cli node collect: this creates a privileged Pod (host network, host PID,"
                    + " the node's /etc/cni/net.d and /etc/kubernetes/manifests mounted read-only) in namespace "
                    + (args.has("namespace") ? args.value("namespace") : NodeCollectOptions.DEFAULT_NAMESPACE)
                    + " on " + (args.has("node") ? "each named node" : "each node") + " of context '" + contextName
                    + "', and deletes it when done.");
            context.err().println("Add --yes to confirm.");
            return ExitCode.USAGE;
        }
        Path target = Path.of(output);
        String problem = notEmpty(target);
        if (problem != null) {
            context.err().println("error: " + problem);
            return ExitCode.FINDINGS;
        }

        KubeconfigSet set = KubeconfigFiles.load(args, context);
        Optional<KubeContext> kubeContext = set.context(contextName);
        if (kubeContext.isEmpty()) {
            context.err().println("error: context '" + contextName + "' is not defined in "
                    + KubeconfigFiles.names(set, "any kubeconfig file"));
            return ExitCode.FINDINGS;
        }

        NodeCollectOptions options = NodeCollectOptions.defaults().withNodes(args.values("node"))
                .withImage(args.value("image")).withNamespace(args.value("namespace")).withPerNodeTimeout(timeout)
                .withConfirmed(true);
        NodeCollection result;
        try {
            result = new NodeAgentCollector().collect(kubeContext.get(), options, new NullProgressMonitor());
        } catch (NodeAgentRefusedException e) {
            context.err().println("error: " + e.getMessage());
            return ExitCode.FINDINGS;
        } catch (ClusterConnectException e) {
            context.err().println("error: context '" + contextName + "': " + e.getMessage());
            return ExitCode.FINDINGS;
        }
        try {
            NodeDirectory.write(result.data(), target);
        } catch (IOException e) {
            context.err().println("error: cannot write " + target + ": " + SnapshotCaptureCommand.describe(e));
            return ExitCode.FINDINGS;
        } catch (NodeDataException e) {
            context.err().println("error: " + e.getMessage());
            return ExitCode.FINDINGS;
        }

        int ok = 0;
        for (NodeFiles node : result.data().nodes()) {
            if (!node.status().ok()) {
                context.err().println("error: node " + node.node() + ": " + node.status().state() + ": "
                        + node.status().reason());
                continue;
            }
            ok++;
            node.commands().forEach((step, status) -> {
                if (!status.ok()) {
                    context.err().println("warning: node " + node.node() + ": " + status.reason());
                }
            });
        }
        if (result.kubeProxyProblem() != null) {
            context.err().println("warning: " + result.kubeProxyProblem());
        }
        for (String pod : result.undeletedPods()) {
            context.err().println("error: agent Pod not deleted: " + pod);
        }
        context.out().printf("Collected %d of %d nodes from %s into %s%s%n", ok, result.data().nodes().size(),
                contextName, target, result.kubeProxyMode() == null ? ""
                        : " (kube-proxy mode: " + (result.kubeProxyMode().isEmpty() ? "iptables, the default"
                                : result.kubeProxyMode()) + ")");
        return ok == result.data().nodes().size() && result.undeletedPods().isEmpty() ? ExitCode.OK
                : ExitCode.FINDINGS;
    }

    private static String notEmpty(Path dir) {
        if (!Files.exists(dir)) {
            return null;
        }
        if (!Files.isDirectory(dir)) {
            return dir + ": exists and is not a directory";
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            return entries.iterator().hasNext() ? dir + ": not empty; choose a new or empty directory" : null;
        } catch (IOException e) {
            return dir + ": " + SnapshotCaptureCommand.describe(e);
        }
    }

    /** {@code 90s}, {@code 2m}, {@code 1h}, {@code 500ms} or a number of seconds. */
    static Duration duration(String text) throws UsageException {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,9})(ms|s|m|h)?").matcher(text.strip());
        if (!m.matches()) {
            throw new UsageException("--timeout takes a duration such as 90s, 2m or 500ms, not '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
        if (d.isZero()) {
            throw new UsageException("--timeout must be more than zero");
        }
        return d;
    }
}
