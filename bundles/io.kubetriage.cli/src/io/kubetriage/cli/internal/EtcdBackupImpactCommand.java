package io.kubetriage.cli.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.NullProgressMonitor;

import io.kubetriage.connector.etcd.EtcdConnectException;
import io.kubetriage.connector.etcd.keys.EtcdCompactedException;
import io.kubetriage.connector.etcd.keys.EtcdKeyReader;
import io.kubetriage.connector.etcd.snapshot.EtcdSnapshotBuilder;
import io.kubetriage.connector.etcd.snapshot.ImpactEntry;
import io.kubetriage.connector.etcd.snapshot.ImpactKind;
import io.kubetriage.connector.etcd.snapshot.RestoreImpact;
import io.kubetriage.connector.etcd.snapshot.RestoreImpactReport;
import io.kubetriage.core.etcd.backup.BackupFormatException;
import io.kubetriage.core.etcd.backup.EtcdBackup;
import io.kubetriage.core.etcd.section.EtcdSection;
import io.kubetriage.core.etcd.section.EtcdSectionFormatException;
import io.kubetriage.core.snapshot.Snapshot;
import io.kubetriage.core.snapshot.store.SnapshotFormatException;
import io.kubetriage.core.snapshot.store.SnapshotStore;

/**
 * {@code kubetriage-cli etcd-backup impact}: what restoring a backup would do to the cluster as it
 * is now (a live etcd, or a snapshot), before anyone restores it.
 */
final class EtcdBackupImpactCommand implements Command {

    @Override
    public String name() {
        return "etcd-backup impact";
    }

    @Override
    public String summary() {
        return "Preview what restoring an etcd backup would undo";
    }

    @Override
    public String help() {
        return """
                Usage: kubetriage-cli etcd-backup impact FILE --endpoints URL[,URL...] [--cacert FILE]
                                          [--cert FILE --key FILE] [--user NAME[:PASSWORD]]
                                          [--password PASSWORD] [--dial-timeout DURATION]
                                          [--insecure-skip-tls-verify] [-o text|json]
                       kubetriage-cli etcd-backup impact FILE --snapshot SNAPSHOT [-o text|json]

                Compares the backup FILE with the current state, read from a live etcd (the keys
                under /registry/ at its current revision; the connection options are those of
                'etcd status', each one not given read from its ETCDCTL_* variable) or from a
                snapshot file (its etcd section when it has one, else its objects by resourceVersion),
                and tells what a restore of FILE would do: how far etcd's revision would go back, and
                each object that would go back to an older version (WOULD_GO_BACK), disappear because
                it was created since the backup (WOULD_DISAPPEAR), come back because it was deleted
                since the backup (WOULD_COME_BACK), or is newer in the backup (NEWER_IN_BACKUP).
                Unchanged objects, events and other keys are only counted.

                Options:
                  --endpoints URL     the live etcd to compare with (and its connection options)
                  --snapshot FILE     a snapshot to compare with instead
                  -o text|json        output format (default text)

                Exit codes: 0 restoring would be harmless (nothing goes back, disappears or comes
                back, and the revision does not go back); 1 it would (that is a finding), or a file
                cannot be read, or etcd cannot be reached; 2 wrong usage.
                """;
    }

    @Override
    public int run(List<String> words, CliContext context) throws UsageException {
        Args args = Args.parse(words, EtcdFlags.ETCDCTL.valued("snapshot", "o"), EtcdFlags.ETCDCTL.switches());
        String output = args.output("text", "json");
        Path file = Path.of(BackupFiles.positional(args, "FILE").get(0));
        boolean live = args.has("endpoints");
        if (live == args.has("snapshot")) {
            throw new UsageException(live ? "give --endpoints or --snapshot, not both"
                    : "--endpoints URL or --snapshot FILE is needed: the current state to compare with");
        }
        if (!live && EtcdFlags.ETCDCTL.anyGiven(args)) {
            throw new UsageException("etcd connection options go with --endpoints, not --snapshot");
        }
        EtcdFlags.Connection connection = live ? EtcdFlags.ETCDCTL.connection(args, context.env()) : null;

        RestoreImpactReport report;
        try {
            if (live) {
                EtcdSection backup = backupSection(file, context);
                if (backup == null) {
                    return ExitCode.FINDINGS;
                }
                EtcdSection current = new EtcdKeyReader().readKeys(connection.endpoints(),
                        connection.password(), EtcdSnapshotBuilder.REGISTRY_PREFIX, true,
                        new NullProgressMonitor());
                report = RestoreImpact.analyse(current, backup);
            } else {
                Path snapshotFile = Path.of(args.value("snapshot"));
                Snapshot current;
                try {
                    current = SnapshotStore.read(snapshotFile);
                } catch (SnapshotFormatException e) {
                    context.err().println("error: cannot read " + snapshotFile + ": " + e.problem());
                    return ExitCode.FINDINGS;
                } catch (IOException e) {
                    context.err().println("error: cannot read " + snapshotFile + ": "
                            + SnapshotCaptureCommand.describe(e));
                    return ExitCode.FINDINGS;
                }
                Snapshot backup;
                try {
                    backup = new EtcdSnapshotBuilder().fromBackup(file, current.manifest().clusterName(),
                            new NullProgressMonitor());
                } catch (BackupFormatException e) {
                    return BackupFiles.report(e, context);
                } catch (IOException e) {
                    context.err().println("error: cannot read " + file + ": " + SnapshotCaptureCommand.describe(e));
                    return ExitCode.FINDINGS;
                }
                try {
                    report = RestoreImpact.analyse(current, backup);
                } catch (EtcdSectionFormatException e) {
                    context.err().println("error: cannot read " + snapshotFile + ": " + e.getMessage());
                    return ExitCode.FINDINGS;
                }
            }
        } catch (EtcdConnectException e) {
            context.err().println("error: " + e.getMessage());
            return ExitCode.FINDINGS;
        } catch (EtcdCompactedException e) {
            context.err().println("error: " + e.getMessage() + " (etcd changed while it was read; try again)");
            return ExitCode.FINDINGS;
        }

        if (output.equals("json")) {
            context.out().print(Json.write(toJson(report)));
        } else {
            printText(report, context);
        }
        return report.harmless() ? ExitCode.OK : ExitCode.FINDINGS;
    }

    private static EtcdSection backupSection(Path file, CliContext context) {
        EtcdBackup backup = BackupFiles.open(file, context);
        if (backup == null) {
            return null;
        }
        try {
            return EtcdSnapshotBuilder.sectionOf(backup, "backup " + file.toAbsolutePath().normalize());
        } catch (BackupFormatException e) {
            BackupFiles.report(e, context);
            return null;
        } finally {
            BackupFiles.closeQuietly(backup);
        }
    }

    private static void printText(RestoreImpactReport report, CliContext context) {
        context.out().println(report.summary());
        if (report.entries().isEmpty()) {
            return;
        }
        context.out().println();
        int kindWidth = report.entries().stream().mapToInt(e -> e.impact().name().length()).max().orElse(0);
        int nameWidth = report.entries().stream().mapToInt(e -> e.displayName().length()).max().orElse(0);
        for (ImpactEntry e : report.entries()) {
            context.out().printf("%-" + kindWidth + "s  %-" + nameWidth + "s  rv %s -> %s%n", e.impact().name(),
                    e.displayName(), revision(e.modRevisionCurrent()), revision(e.modRevisionBackup()));
        }
    }

    private static String revision(long revision) {
        return revision == 0 ? "-" : Long.toString(revision);
    }

    private static Map<String, Object> toJson(RestoreImpactReport report) {
        List<Object> objects = new ArrayList<>();
        for (ImpactEntry e : report.entries()) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("impact", e.impact().name());
            j.put("group", e.key().group());
            j.put("kind", e.key().kind());
            j.put("namespace", e.key().namespace());
            j.put("name", e.key().name());
            j.put("modRevisionCurrent", e.modRevisionCurrent() == 0 ? null : e.modRevisionCurrent());
            j.put("modRevisionBackup", e.modRevisionBackup() == 0 ? null : e.modRevisionBackup());
            j.put("details", e.details());
            objects.add(j);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("revisionDrop", report.revisionDrop());
        doc.put("currentRevision", report.currentRevision());
        doc.put("backupRevision", report.backupRevision());
        doc.put("basis", report.basis());
        doc.put("harmless", report.harmless());
        doc.put("summary", report.summary());
        doc.put("objects", objects);
        doc.put("counts", counts(report.counts()));
        doc.put("eventCounts", counts(report.eventCounts()));
        doc.put("otherKeyCounts", counts(report.otherKeyCounts()));
        return doc;
    }

    private static Map<String, Object> counts(Map<ImpactKind, Integer> counts) {
        Map<String, Object> j = new LinkedHashMap<>();
        counts.forEach((kind, n) -> j.put(kind.name(), n));
        return j;
    }
}
