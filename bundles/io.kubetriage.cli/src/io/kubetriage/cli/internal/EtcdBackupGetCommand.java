package io.kubetriage.cli.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.kubetriage.connector.etcd.decode.DecodedValue;
import io.kubetriage.connector.etcd.decode.KubernetesValueDecoder;
import io.kubetriage.core.etcd.backup.BackupFormatException;
import io.kubetriage.core.etcd.backup.CompactedRevisionException;
import io.kubetriage.core.etcd.backup.EtcdBackup;
import io.kubetriage.core.etcd.backup.KeyRecord;

/** {@code kubetriage-cli etcd-backup get}: one key of an etcd backup, decoded as the API would show it. */
final class EtcdBackupGetCommand implements Command {

    @Override
    public String name() {
        return "etcd-backup get";
    }

    @Override
    public String summary() {
        return "Show one object of an etcd backup file, decoded";
    }

    @Override
    public String help() {
        return """
                Usage: kubetriage-cli etcd-backup get FILE KEY [--rev N] [-o yaml|json]

                Shows the value of KEY (e.g. /registry/deployments/shop/web) in the backup, at its
                newest revision or at revision N, decoded from the API server's storage format
                (protobuf or JSON) into the object the API would show, with
                metadata.resourceVersion set to the key's mod_revision. A value that is not a
                Kubernetes object, or that cannot be decoded (e.g. encrypted at rest), is shown as
                stored (text, or a hex dump) and the reason is reported.

                Options:
                  --rev N         the revision to read (default: the newest)
                  -o yaml|json    output format (default yaml)

                Exit codes: 0 the object was shown; 1 the key does not exist at that revision, the
                revision is compacted ("compacted at N") or beyond the backup, the value could not be
                decoded, or the file cannot be read; 2 wrong usage.
                """;
    }

    @Override
    public int run(List<String> words, CliContext context) throws UsageException {
        Args args = Args.parse(words, Set.of("rev", "o"), Set.of());
        String output = args.output("yaml", "json");
        List<String> positional = BackupFiles.positional(args, "FILE", "KEY");
        Path file = Path.of(positional.get(0));
        String key = positional.get(1);
        long revision = 0;
        if (args.value("rev") != null) {
            try {
                revision = Long.parseLong(args.value("rev"));
            } catch (NumberFormatException e) {
                throw new UsageException("--rev takes a revision number, not '" + args.value("rev") + "'");
            }
            if (revision <= 0) {
                throw new UsageException("--rev takes a revision above 0, not " + revision);
            }
        }
        EtcdBackup backup = BackupFiles.open(file, context);
        if (backup == null) {
            return ExitCode.FINDINGS;
        }
        Optional<KeyRecord> record;
        try {
            record = backup.get(key.getBytes(StandardCharsets.UTF_8), revision);
        } catch (BackupFormatException e) {
            return BackupFiles.report(e, context);
        } catch (CompactedRevisionException e) {
            context.err().println("error: " + file + ": " + e.getMessage());
            return ExitCode.FINDINGS;
        } catch (IllegalArgumentException e) {
            context.err().println("error: " + file + ": " + e.getMessage());
            return ExitCode.FINDINGS;
        } finally {
            BackupFiles.closeQuietly(backup);
        }
        if (record.isEmpty()) {
            context.err().println("error: " + key + ": not found in " + file
                    + (revision == 0 ? "" : " at revision " + revision));
            return ExitCode.FINDINGS;
        }
        DecodedValue value = new KubernetesValueDecoder().decode(key, record.get().value())
                .withResourceVersion(record.get().modRevision());
        return BackupFiles.printValue(value, output, key, context);
    }
}
