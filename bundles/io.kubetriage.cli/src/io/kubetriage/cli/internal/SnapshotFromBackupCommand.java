package io.kubetriage.cli.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.eclipse.core.runtime.NullProgressMonitor;

import io.kubetriage.connector.etcd.decode.KubernetesValueDecoder;
import io.kubetriage.connector.etcd.snapshot.EtcdSnapshotBuilder;
import io.kubetriage.core.etcd.backup.BackupFormatException;
import io.kubetriage.core.snapshot.Snapshot;
import io.kubetriage.core.snapshot.SourceState;
import io.kubetriage.core.snapshot.SourceStatus;
import io.kubetriage.core.snapshot.store.SnapshotStore;

/** {@code kubetriage-cli snapshot from-backup}: an etcd backup file turned into a snapshot. */
final class SnapshotFromBackupCommand implements Command {

    @Override
    public String name() {
        return "snapshot from-backup";
    }

    @Override
    public String summary() {
        return "Turn an etcd backup file into a snapshot";
    }

    @Override
    public String help() {
        return """
                Usage: kubetriage-cli snapshot from-backup FILE -o SNAPSHOT [--cluster NAME]

                Reads an etcd backup offline and writes the objects it holds as a snapshot: every
                value under /registry/ decoded into the object the API would show, with
                metadata.resourceVersion set to the key's mod_revision, managed fields dropped and
                Secret values redacted; events go to the events section; the keys are kept as the
                snapshot's etcd section. The snapshot's capture time is the backup file's
                modification time.

                Options:
                  -o SNAPSHOT      the snapshot file to write
                  --cluster NAME   the cluster the backup belongs to, recorded in the snapshot

                Exit codes: 0 every value was decoded; 1 the backup cannot be read or is damaged, the
                snapshot cannot be written, or some values could not be decoded (the snapshot is
                still written); 2 wrong usage.
                """;
    }

    @Override
    public int run(List<String> words, CliContext context) throws UsageException {
        Args args = Args.parse(words, Set.of("o", "cluster"), Set.of());
        Path file = Path.of(BackupFiles.positional(args, "FILE").get(0));
        if (args.value("o") == null || args.value("o").isBlank()) {
            throw new UsageException("-o SNAPSHOT is needed: the snapshot file to write");
        }
        Path target = Path.of(args.value("o"));
        Snapshot snapshot;
        try {
            snapshot = new EtcdSnapshotBuilder(new KubernetesValueDecoder(), Version.current())
                    .fromBackup(file, args.value("cluster"), new NullProgressMonitor());
        } catch (BackupFormatException e) {
            return BackupFiles.report(e, context);
        } catch (IOException e) {
            context.err().println("error: cannot read " + file + ": " + SnapshotCaptureCommand.describe(e));
            return ExitCode.FINDINGS;
        }
        try {
            SnapshotStore.write(snapshot, target);
        } catch (IOException e) {
            context.err().println("error: cannot write " + target + ": " + SnapshotCaptureCommand.describe(e));
            return ExitCode.FINDINGS;
        }
        int incomplete = 0;
        for (SourceStatus source : snapshot.manifest().sources()) {
            if (source.state() != SourceState.COMPLETE) {
                incomplete++;
                context.err().println("error: " + source.source() + ": " + source.state() + ": " + source.reason());
            }
        }
        context.out().println("Converted backup " + file + " into " + target + ": " + snapshot.objectCount()
                + " objects and " + snapshot.events().size() + " events"
                + (incomplete == 0 ? "" : " (values not all decoded)"));
        return incomplete == 0 ? ExitCode.OK : ExitCode.FINDINGS;
    }
}
