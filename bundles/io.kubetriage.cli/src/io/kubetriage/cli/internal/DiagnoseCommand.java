package io.kubetriage.cli.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.eclipse.core.runtime.NullProgressMonitor;

import io.kubetriage.connector.etcd.EtcdConnectException;
import io.kubetriage.connector.etcd.EtcdStatusReader;
import io.kubetriage.connector.etcd.decode.KubernetesValueDecoder;
import io.kubetriage.connector.etcd.snapshot.EtcdSnapshotBuilder;
import io.kubetriage.connector.kube.ClusterConnectException;
import io.kubetriage.connector.kube.capture.ApiSnapshotCollector;
import io.kubetriage.connector.kube.capture.CaptureOptions;
import io.kubetriage.core.diagnosis.DiagnosisInput;
import io.kubetriage.core.diagnosis.Evidence;
import io.kubetriage.core.diagnosis.Finding;
import io.kubetriage.core.diagnosis.RevisionInfo;
import io.kubetriage.core.diagnosis.Severity;
import io.kubetriage.core.etcd.EtcdClusterStatus;
import io.kubetriage.core.etcd.EtcdMemberStatus;
import io.kubetriage.core.etcd.backup.BackupFormatException;
import io.kubetriage.core.etcd.section.EtcdSection;
import io.kubetriage.core.etcd.section.EtcdSectionCodec;
import io.kubetriage.core.etcd.section.EtcdSectionFormatException;
import io.kubetriage.core.kubeconfig.KubeContext;
import io.kubetriage.core.kubeconfig.KubeconfigSet;
import io.kubetriage.core.snapshot.ObjectKey;
import io.kubetriage.core.snapshot.Snapshot;
import io.kubetriage.core.snapshot.store.SnapshotFormatException;
import io.kubetriage.core.snapshot.store.SnapshotStore;
import io.kubetriage.diagnosis.DiagnosisService;

/**
 * {@code kubetriage-cli diagnose}: runs every installed phase's detectors on a snapshot (or on a
 * capture made now) and prints the findings, cause first.
 */
final class DiagnoseCommand implements Command {

    private final Function<DiagnosisInput, List<Finding>> diagnosis;

    DiagnoseCommand() {
        this(input -> {
            DiagnosisService service = new DiagnosisService();
            if (service.detectors().isEmpty()) {
                throw new IllegalStateException("no troubleshooting phase is installed: nothing can be diagnosed");
            }
            return service.diagnose(input);
        });
    }

    /** @param diagnosis turns an input into findings, cause first (tests pass their own detectors) */
    DiagnoseCommand(Function<DiagnosisInput, List<Finding>> diagnosis) {
        this.diagnosis = diagnosis;
    }

    @Override
    public String name() {
        return "diagnose";
    }

    @Override
    public String summary() {
        return "Find what is broken in a cluster or snapshot, cause first";
    }

    @Override
    public String help() {
        return """
                Usage: kubetriage-cli diagnose (--context NAME [--kubeconfig FILE]... | SNAPSHOT)
                                               [--baseline SNAPSHOT | --backup FILE]
                                               [--etcd-endpoints URL[,URL...] [--etcd-cacert FILE]
                                                [--etcd-cert FILE --etcd-key FILE] [--etcd-user ...]]
                                               [-o text|json]

                Runs the detectors of every installed troubleshooting phase on a snapshot file, or
                on a capture of the context's API server made now, and prints the findings, each
                cause before what it causes: severity, code and title, then the explanation, the
                evidence, the objects concerned and the ids of the quick fixes that apply. Codes are
                explained in docs/findings.md.

                With --baseline an older snapshot of the same cluster is compared too (objects
                that went back in time or came back after deletion, a store revision lower than
                clients saw). With --backup an etcd backup file is compared with the store (the
                revision it holds, and the --bump-revision a proper restore of it needs).
                With --etcd-endpoints the live store's revision is read now (the highest any
                member reports) and compared instead of the snapshot's: a restore made with
                --bump-revision then no longer counts as a revision that went backwards, while
                objects that went back in time are still named. The --etcd-* options are
                etcdctl's, prefixed, as for 'snapshot capture'.

                Options:
                  --context NAME        capture this context now instead of reading SNAPSHOT
                  --kubeconfig FILE     read this file (repeatable) instead of $KUBECONFIG
                  --baseline SNAPSHOT   an older snapshot of the same cluster
                  --backup FILE         an etcd backup file (etcdctl snapshot save)
                  --etcd-endpoints URLS read the live store's revision from these etcd members
                  -o text|json          output format (default text)

                Exit codes: 0 no ERROR finding; 1 at least one ERROR finding, or an input could not
                be read or captured; 2 wrong usage.
                """;
    }

    @Override
    public int run(List<String> words, CliContext context) throws UsageException {
        Args args = Args.parse(words, EtcdFlags.PREFIXED.valued("context", "kubeconfig", "baseline", "backup", "o"),
                EtcdFlags.PREFIXED.switches());
        String output = args.output("text", "json");
        List<String> positional = args.positional();
        if (positional.size() > 1) {
            throw new UsageException("unexpected argument '" + positional.get(1) + "'");
        }
        if (args.has("context") == !positional.isEmpty()) {
            throw new UsageException(positional.isEmpty() ? "a SNAPSHOT file or --context NAME is needed"
                    : "give either a SNAPSHOT file or --context, not both");
        }
        if (args.has("kubeconfig") && !args.has("context")) {
            throw new UsageException("--kubeconfig needs --context");
        }
        if (args.has("baseline") && args.has("backup")) {
            throw new UsageException("give either --baseline or --backup, not both");
        }
        if (!args.has("etcd-endpoints") && EtcdFlags.PREFIXED.anyGiven(args)) {
            throw new UsageException("the --etcd-* options need --etcd-endpoints");
        }
        Snapshot snapshot = args.has("context") ? capture(args, context) : read(Path.of(positional.get(0)), context);
        if (snapshot == null) {
            return ExitCode.FINDINGS;
        }
        Snapshot baseline = null;
        if (args.has("baseline")) {
            baseline = read(Path.of(args.value("baseline")), context);
            if (baseline == null) {
                return ExitCode.FINDINGS;
            }
        }
        EtcdSection backup = null;
        if (args.has("backup")) {
            Optional<EtcdSection> section = backup(Path.of(args.value("backup")), context);
            if (section.isEmpty()) {
                return ExitCode.FINDINGS;
            }
            backup = section.get();
        }
        RevisionInfo live = null;
        if (args.has("etcd-endpoints")) {
            live = liveRevision(EtcdFlags.PREFIXED.connection(args, context.env()), context);
            if (live == null) {
                return ExitCode.FINDINGS;
            }
        }
        List<Finding> findings;
        try {
            findings = diagnosis.apply(new DiagnosisInput(snapshot, baseline, backup, live));
        } catch (IllegalStateException e) {
            context.err().println("error: " + e.getMessage());
            return ExitCode.FINDINGS;
        }
        if (output.equals("json")) {
            context.out().print(Json.write(toJson(snapshot, findings)));
        } else {
            printText(findings, context);
        }
        return findings.stream().anyMatch(f -> f.severity() == Severity.ERROR) ? ExitCode.FINDINGS : ExitCode.OK;
    }

    private static Snapshot read(Path file, CliContext context) {
        try {
            return SnapshotStore.read(file);
        } catch (SnapshotFormatException e) {
            context.err().println("error: cannot read " + file + ": " + e.problem());
        } catch (IOException e) {
            context.err().println("error: cannot read " + file + ": " + SnapshotCaptureCommand.describe(e));
        }
        return null;
    }

    /** The live store's revision: the highest any member reports; null (and said why) when none answers. */
    private static RevisionInfo liveRevision(EtcdFlags.Connection etcd, CliContext context) {
        try {
            EtcdClusterStatus status = new EtcdStatusReader().read(etcd.endpoints(), etcd.password(),
                    new NullProgressMonitor());
            if (status.members().isEmpty()) {
                context.err().println("error: no etcd member answered: " + status.failures());
                return null;
            }
            EtcdMemberStatus newest = status.members().stream()
                    .max(java.util.Comparator.comparingLong(EtcdMemberStatus::revision)).orElseThrow();
            return new RevisionInfo("etcd " + newest.endpoint(), newest.revision(), 0);
        } catch (EtcdConnectException e) {
            context.err().println("error: " + e.getMessage());
            return null;
        }
    }

    /** The keys of an etcd backup file, as the etcd section of a snapshot built from it. */
    private static Optional<EtcdSection> backup(Path file, CliContext context) {
        try {
            Snapshot s = new EtcdSnapshotBuilder(new KubernetesValueDecoder(), Version.current()).fromBackup(file,
                    null, new NullProgressMonitor());
            Optional<EtcdSection> section = EtcdSectionCodec.fromSnapshot(s);
            if (section.isEmpty()) {
                context.err().println("error: " + file + ": no etcd keys could be read from the backup");
            }
            return section;
        } catch (BackupFormatException e) {
            BackupFiles.report(e, context);
        } catch (EtcdSectionFormatException e) {
            context.err().println("error: " + file + ": " + e.getMessage());
        } catch (IOException e) {
            context.err().println("error: cannot read " + file + ": " + SnapshotCaptureCommand.describe(e));
        }
        return Optional.empty();
    }

    /** A capture of the named context's API server, as {@code snapshot capture} makes it. */
    private static Snapshot capture(Args args, CliContext context) {
        KubeconfigSet set = KubeconfigFiles.load(args, context);
        String name = args.value("context");
        Optional<KubeContext> kubeContext = set.context(name);
        if (kubeContext.isEmpty()) {
            context.err().println("error: context '" + name + "' is not defined in "
                    + KubeconfigFiles.names(set, "any kubeconfig file"));
            return null;
        }
        try {
            return new ApiSnapshotCollector().capture(kubeContext.get(), CaptureOptions.defaults(),
                    new NullProgressMonitor());
        } catch (ClusterConnectException e) {
            context.err().println("error: context '" + name + "': " + e.getMessage());
            return null;
        }
    }

    private static void printText(List<Finding> findings, CliContext context) {
        if (findings.isEmpty()) {
            context.out().println("No findings.");
            return;
        }
        int[] counts = new int[Severity.values().length];
        for (Finding f : findings) {
            counts[f.severity().ordinal()]++;
            context.out().println(f.severity() + "  " + f.code() + "  " + f.title());
            if (f.cause() != null) {
                context.out().println("    caused by: " + f.cause());
            }
            if (!f.explanation().isEmpty()) {
                context.out().println("    " + f.explanation());
            }
            if (!f.evidence().isEmpty()) {
                context.out().println("    evidence:");
                for (Evidence e : f.evidence()) {
                    context.out().println("      - " + e.label() + ": " + e.detail()
                            + (e.object() != null && !e.detail().contains(e.object().name()) ? " (" + e.object() + ")"
                                    : ""));
                }
            }
            if (!f.affected().isEmpty()) {
                context.out().println("    objects:");
                f.affected().forEach(k -> context.out().println("      - " + k));
            }
            if (!f.fixIds().isEmpty()) {
                context.out().println("    fixes: " + String.join(", ", f.fixIds()));
            }
            context.out().println();
        }
        List<String> parts = new ArrayList<>();
        for (Severity s : Severity.values()) {
            if (counts[s.ordinal()] > 0) {
                parts.add(counts[s.ordinal()] + " " + s.name());
            }
        }
        context.out().println(findings.size() + (findings.size() == 1 ? " finding: " : " findings: ")
                + String.join(", ", parts));
    }

    private static Map<String, Object> toJson(Snapshot snapshot, List<Finding> findings) {
        List<Object> list = new ArrayList<>();
        for (Finding f : findings) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("id", f.id());
            j.put("code", f.code());
            j.put("severity", f.severity().name());
            j.put("title", f.title());
            j.put("explanation", f.explanation());
            j.put("objects", f.affected().stream().map(DiagnoseCommand::key).toList());
            List<Object> evidence = new ArrayList<>();
            for (Evidence e : f.evidence()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("kind", e.kind().name());
                m.put("label", e.label());
                m.put("detail", e.detail());
                m.put("object", e.object() == null ? null : key(e.object()));
                m.put("etcdKey", e.etcdKey());
                m.put("revisions", e.revisions());
                m.put("sourceLine", e.sourceLine());
                if (e.location() != null) {
                    Map<String, Object> at = new LinkedHashMap<>();
                    at.put("node", e.location().node());
                    at.put("file", e.location().file());
                    at.put("line", e.location().line());
                    m.put("location", at);
                }
                evidence.add(m);
            }
            j.put("evidence", evidence);
            j.put("cause", f.cause());
            j.put("fixes", f.fixIds());
            list.add(j);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("id", snapshot.manifest().id());
        s.put("name", snapshot.manifest().name());
        s.put("cluster", snapshot.manifest().clusterName());
        s.put("captureEnd", snapshot.manifest().captureEnd().toString());
        doc.put("snapshot", s);
        doc.put("findings", list);
        return doc;
    }

    private static Map<String, Object> key(ObjectKey k) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("group", k.group());
        m.put("kind", k.kind());
        m.put("namespace", k.namespace());
        m.put("name", k.name());
        return m;
    }
}
