package io.kubetriage.cli.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.core.runtime.NullProgressMonitor;

import io.kubetriage.connector.etcd.EtcdConnectException;
import io.kubetriage.connector.etcd.EtcdStatusReader;
import io.kubetriage.connector.etcd.decode.KubernetesValueDecoder;
import io.kubetriage.connector.etcd.keys.EtcdCompactedException;
import io.kubetriage.connector.etcd.keys.EtcdKeyReader;
import io.kubetriage.connector.etcd.snapshot.EtcdSnapshotBuilder;
import io.kubetriage.connector.kube.ClusterConnectException;
import io.kubetriage.connector.kube.capture.ApiSnapshotCollector;
import io.kubetriage.connector.kube.capture.CaptureOptions;
import io.kubetriage.core.etcd.EtcdClusterStatus;
import io.kubetriage.core.etcd.section.EtcdKeyInfo;
import io.kubetriage.core.etcd.section.EtcdSection;
import io.kubetriage.core.etcd.section.EtcdSectionCodec;
import io.kubetriage.core.kubeconfig.KubeContext;
import io.kubetriage.core.kubeconfig.KubeconfigSet;
import io.kubetriage.core.snapshot.Snapshot;
import io.kubetriage.core.snapshot.SnapshotManifest;
import io.kubetriage.core.snapshot.SourceState;
import io.kubetriage.core.snapshot.SourceStatus;
import io.kubetriage.core.snapshot.store.SnapshotStore;

/**
 * {@code kubetriage-cli snapshot capture}: every object the API server serves, into a snapshot file;
 * with {@code --etcd-endpoints} also the keys of etcd, or, without an API server, the objects
 * decoded from etcd alone.
 */
final class SnapshotCaptureCommand implements Command {

    private static final String EVENTS_SOURCE = ApiSnapshotCollector.SOURCE_PREFIX + "v1/events";
    /** The source of the etcd section added to a capture from the API server. */
    static final String ETCD_SOURCE = "etcd";
    private static final String SECRETS_PREFIX = "/registry/secrets/";

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
                                                       [--include-secret-values]
                                                       [--etcd-endpoints URL[,URL...] [--etcd-cacert FILE]
                                                        [--etcd-cert FILE --etcd-key FILE]
                                                        [--etcd-user NAME[:PASSWORD]]
                                                        [--etcd-password PASSWORD]
                                                        [--etcd-dial-timeout DURATION]
                                                        [--etcd-insecure-skip-tls-verify]] -o FILE

                Reads every object the API server serves (every listable type of the core group
                and of each group's preferred version, custom resources included) and the newest
                events, and writes them to FILE as a snapshot. Secret values are replaced by their
                SHA-256 digest and length unless --include-secret-values is given. A type that
                cannot be read (forbidden, gone, timed out) does not stop the capture: it is
                reported and marked incomplete in the snapshot.

                With --etcd-endpoints the keys under /registry/ with their values and the members'
                status are read from etcd too (at one revision) and kept as the snapshot's etcd
                section. When no --context is given and there is no current context, or its API
                server cannot be reached, the snapshot is captured from etcd alone: its objects are
                decoded from the stored values, with resourceVersion the key's mod revision; values
                that cannot be decoded (encrypted at rest, unknown types) are counted and reported.
                The other --etcd-* options are those of 'etcd status' with an 'etcd-' prefix; each
                one not given is read from its ETCDCTL_* variable.

                Options:
                  --context NAME            the context to capture (default: the current context)
                  --kubeconfig FILE         read this file (repeatable) instead of $KUBECONFIG
                  --include-secret-values   keep Secret values as they are
                  --etcd-endpoints URL,...  also read etcd (see above)
                  -o FILE                   the snapshot file to write

                Exit codes: 0 every type was captured whole; 1 the cluster could not be captured
                or some types or etcd values are incomplete (the file is still written); 2 wrong
                usage.
                """;
    }

    @Override
    public int run(List<String> words, CliContext context) throws UsageException {
        Args args = Args.parse(words, EtcdFlags.PREFIXED.valued("context", "kubeconfig", "o"),
                EtcdFlags.PREFIXED.switches("include-secret-values"));
        if (!args.positional().isEmpty()) {
            throw new UsageException("unexpected argument '" + args.positional().get(0) + "'");
        }
        EtcdFlags.Connection etcd = null;
        if (args.has("etcd-endpoints")) {
            etcd = EtcdFlags.PREFIXED.connection(args, context.env());
        } else if (EtcdFlags.PREFIXED.anyGiven(args)) {
            throw new UsageException("the --etcd-* options need --etcd-endpoints");
        }
        String output = args.value("o");
        if (output == null || output.isBlank()) {
            throw new UsageException("-o FILE is needed: the snapshot file to write");
        }
        Path target = Path.of(output);

        KubeconfigSet set = KubeconfigFiles.load(args, context);
        String contextName = args.has("context") ? args.value("context") : set.currentContext().orElse(null);
        boolean etcdMayStandIn = etcd != null && !args.has("context");
        if (contextName == null && etcdMayStandIn) {
            return captureFromEtcd(etcd, null, target, context);
        }
        if (contextName == null) {
            context.err().println("error: no current context in " + KubeconfigFiles.names(set, "the kubeconfig files")
                    + "; name one with --context");
            return ExitCode.FINDINGS;
        }
        Optional<KubeContext> kubeContext = set.context(contextName);
        if (kubeContext.isEmpty() && etcdMayStandIn) {
            context.err().println("warning: context '" + contextName + "' is not defined; capturing from etcd alone");
            return captureFromEtcd(etcd, contextName, target, context);
        }
        if (kubeContext.isEmpty()) {
            context.err().println("error: context '" + contextName + "' is not defined in "
                    + KubeconfigFiles.names(set, "any kubeconfig file"));
            return ExitCode.FINDINGS;
        }

        Snapshot snapshot;
        try {
            snapshot = new ApiSnapshotCollector().capture(kubeContext.get(),
                    CaptureOptions.defaults().withIncludeSecretValues(args.flag("include-secret-values")),
                    new NullProgressMonitor());
        } catch (ClusterConnectException e) {
            if (etcdMayStandIn) {
                context.err().println("warning: context '" + contextName + "': " + e.getMessage()
                        + "; capturing from etcd alone");
                return captureFromEtcd(etcd, contextName, target, context);
            }
            context.err().println("error: context '" + contextName + "': " + e.getMessage());
            return ExitCode.FINDINGS;
        }
        EtcdSection section = null;
        if (etcd != null) {
            SourceStatus etcdSource;
            try {
                section = readEtcd(etcd);
                etcdSource = SourceStatus.complete(ETCD_SOURCE, section.keys().size());
            } catch (EtcdConnectException | EtcdCompactedException e) {
                etcdSource = new SourceStatus(ETCD_SOURCE, SourceState.FAILED, 0, e.getMessage());
            }
            snapshot = withEtcd(snapshot, section, etcdSource, args.flag("include-secret-values"));
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
            if (source.source().startsWith(ApiSnapshotCollector.SOURCE_PREFIX)
                    && !source.source().equals(EVENTS_SOURCE)) {
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
        if (section != null) {
            context.out().printf("Added %d etcd keys at revision %d from %s%n", section.keys().size(),
                    section.revision(), etcd.endpoints().describe());
        }
        return snapshot.manifest().isComplete() ? ExitCode.OK : ExitCode.FINDINGS;
    }

    /** The keys under /registry/ with their values, and the members' status, at one revision. */
    private static EtcdSection readEtcd(EtcdFlags.Connection etcd)
            throws EtcdConnectException, EtcdCompactedException {
        EtcdClusterStatus status = new EtcdStatusReader().read(etcd.endpoints(), etcd.password(),
                new NullProgressMonitor());
        EtcdSection keys = new EtcdKeyReader().readKeys(etcd.endpoints(), etcd.password(),
                EtcdKeyReader.DEFAULT_PREFIX, true, new NullProgressMonitor());
        return new EtcdSection(keys.source(), keys.revision(), keys.compactRevision(), status, keys.keys());
    }

    /** The API capture with the etcd section and its source added; Secret values left out unless kept. */
    static Snapshot withEtcd(Snapshot snapshot, EtcdSection section, SourceStatus source, boolean secretValues) {
        Map<String, byte[]> sections = new LinkedHashMap<>();
        for (String name : snapshot.sectionNames()) {
            sections.put(name, snapshot.section(name).orElseThrow());
        }
        if (section != null) {
            sections.putAll(EtcdSectionCodec.toSections(secretValues ? section : withoutSecretValues(section)));
        }
        SnapshotManifest m = snapshot.manifest();
        List<SourceStatus> sources = new ArrayList<>(m.sources());
        sources.add(source);
        SnapshotManifest manifest = new SnapshotManifest(m.formatVersion(), m.id(), m.name(), m.clusterName(),
                m.serverUrl(), m.serverVersion(), m.captureStart(), m.captureEnd(), m.toolVersion(),
                m.secretsRedacted(), sources);
        return new Snapshot(manifest, snapshot.objects(), snapshot.events(), sections);
    }

    private static EtcdSection withoutSecretValues(EtcdSection section) {
        List<EtcdKeyInfo> keys = section.keys().stream()
                .map(k -> k.key().startsWith(SECRETS_PREFIX) ? k.withoutValue() : k).toList();
        return new EtcdSection(section.source(), section.revision(), section.compactRevision(), section.status(), keys);
    }

    /** A snapshot of the objects decoded from etcd's values, without the API server. */
    private static int captureFromEtcd(EtcdFlags.Connection etcd, String clusterName, Path target,
            CliContext context) {
        EtcdSection section;
        try {
            section = readEtcd(etcd);
        } catch (EtcdConnectException | EtcdCompactedException e) {
            context.err().println("error: " + e.getMessage());
            return ExitCode.FINDINGS;
        }
        Snapshot snapshot = new EtcdSnapshotBuilder(new KubernetesValueDecoder(), Version.current())
                .fromSection(section, clusterName);
        try {
            SnapshotStore.write(snapshot, target);
        } catch (IOException e) {
            context.err().println("error: cannot write " + target + ": " + describe(e));
            return ExitCode.FINDINGS;
        }
        long incomplete = 0;
        for (SourceStatus source : snapshot.manifest().sources()) {
            if (source.state() != SourceState.COMPLETE && source.state() != SourceState.SKIPPED) {
                incomplete++;
                context.err().println("error: " + source.source() + ": " + source.state()
                        + (source.reason() == null ? "" : ": " + source.reason()));
            }
        }
        context.out().printf("Captured %d objects and %d events from etcd %s at revision %d (%d keys) into %s"
                + " (%d incomplete)%n", snapshot.objectCount(), snapshot.events().size(),
                etcd.endpoints().describe(), section.revision(), section.keys().size(), target, incomplete);
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
