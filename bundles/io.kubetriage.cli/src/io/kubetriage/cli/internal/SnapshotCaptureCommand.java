package io.kubetriage.cli.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.eclipse.core.runtime.NullProgressMonitor;

import io.kubetriage.connector.kube.ClusterConnectException;
import io.kubetriage.connector.kube.capture.ApiSnapshotCollector;
import io.kubetriage.connector.kube.capture.CaptureOptions;
import io.kubetriage.core.kubeconfig.KubeContext;
import io.kubetriage.core.kubeconfig.KubeconfigException;
import io.kubetriage.core.kubeconfig.KubeconfigLocator;
import io.kubetriage.core.kubeconfig.KubeconfigParser;
import io.kubetriage.core.kubeconfig.KubeconfigSet;
import io.kubetriage.core.snapshot.Snapshot;
import io.kubetriage.core.snapshot.SourceState;
import io.kubetriage.core.snapshot.SourceStatus;
import io.kubetriage.core.snapshot.store.SnapshotStore;

/** {@code kubetriage-cli snapshot capture}: every object the API server serves, into a snapshot file. */
final class SnapshotCaptureCommand implements Command {

    private static final String EVENTS_SOURCE = ApiSnapshotCollector.SOURCE_PREFIX + "v1/events";

    @Override
    public String name() {
        return "snapshot capture";
    }

    @Override
    public String summary() {
        return "Capture the objects of a cluster into a snapshot file";
    }

    @Override
    public String help() {
        return """
                Usage: kubetriage-cli snapshot capture [--context NAME] [--kubeconfig FILE]...
                                                       [--include-secret-values] -o FILE

                Reads every object the API server serves (every listable type of the core group
                and of each group's preferred version, custom resources included) and the newest
                events, and writes them to FILE as a snapshot. Secret values are replaced by their
                SHA-256 digest and length unless --include-secret-values is given. A type that
                cannot be read (forbidden, gone, timed out) does not stop the capture: it is
                reported and marked incomplete in the snapshot.

                Options:
                  --context NAME            the context to capture (default: the current context)
                  --kubeconfig FILE         read this file (repeatable) instead of $KUBECONFIG
                  --include-secret-values   keep Secret values as they are
                  -o FILE                   the snapshot file to write

                Exit codes: 0 every type was captured whole; 1 the cluster could not be captured
                or some types are incomplete (the file is still written); 2 wrong usage.
                """;
    }

    @Override
    public int run(List<String> words, CliContext context) throws UsageException {
        Args args = Args.parse(words, Set.of("context", "kubeconfig", "o"), Set.of("include-secret-values"));
        if (!args.positional().isEmpty()) {
            throw new UsageException("unexpected argument '" + args.positional().get(0) + "'");
        }
        String output = args.value("o");
        if (output == null || output.isBlank()) {
            throw new UsageException("-o FILE is needed: the snapshot file to write");
        }
        Path target = Path.of(output);

        List<Path> files = new ArrayList<>();
        if (args.has("kubeconfig")) {
            args.values("kubeconfig").forEach(f -> files.add(Path.of(f)));
        } else {
            // kubectl skips the files of $KUBECONFIG that do not exist
            KubeconfigLocator.resolve(context.env(), context.userHome()).stream().filter(Files::exists)
                    .forEach(files::add);
        }
        KubeconfigSet set = KubeconfigSet.load(files, new KubeconfigParser());
        for (KubeconfigException e : set.errors()) {
            context.err().println("error: " + e.getMessage());
        }
        String contextName = args.has("context") ? args.value("context") : set.currentContext().orElse(null);
        if (contextName == null) {
            context.err().println("error: no current context in " + (files.isEmpty() ? "the kubeconfig files" : files)
                    + "; name one with --context");
            return ExitCode.FINDINGS;
        }
        Optional<KubeContext> kubeContext = set.context(contextName);
        if (kubeContext.isEmpty()) {
            context.err().println("error: context '" + contextName + "' is not defined in "
                    + (files.isEmpty() ? "any kubeconfig file" : files.toString()));
            return ExitCode.FINDINGS;
        }

        Snapshot snapshot;
        try {
            snapshot = new ApiSnapshotCollector().capture(kubeContext.get(),
                    CaptureOptions.defaults().withIncludeSecretValues(args.flag("include-secret-values")),
                    new NullProgressMonitor());
        } catch (ClusterConnectException e) {
            context.err().println("error: context '" + contextName + "': " + e.getMessage());
            return ExitCode.FINDINGS;
        }
        try {
            SnapshotStore.write(snapshot, target);
        } catch (IOException e) {
            context.err().println("error: cannot write " + target + ": " + describe(e));
            return ExitCode.FINDINGS;
        }

        long types = 0;
        long incomplete = 0;
        for (SourceStatus source : snapshot.manifest().sources()) {
            boolean done = source.state() == SourceState.COMPLETE || source.state() == SourceState.SKIPPED;
            if (!source.source().equals(EVENTS_SOURCE)) {
                types++;
            }
            if (!done) {
                incomplete++;
                context.err().println("error: " + source.source() + ": " + source.state()
                        + (source.reason() == null ? "" : ": " + source.reason()));
            }
        }
        context.out().printf("Captured %d objects of %d types and %d events from %s into %s (%d incomplete)%n",
                snapshot.objectCount(), types, snapshot.events().size(), contextName, target, incomplete);
        return snapshot.manifest().isComplete() ? ExitCode.OK : ExitCode.FINDINGS;
    }

    static String describe(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
