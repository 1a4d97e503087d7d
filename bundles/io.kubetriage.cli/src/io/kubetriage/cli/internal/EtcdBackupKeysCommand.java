package io.kubetriage.cli.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.kubetriage.core.etcd.backup.BackupFormatException;
import io.kubetriage.core.etcd.backup.ByteKey;
import io.kubetriage.core.etcd.backup.EtcdBackup;
import io.kubetriage.core.etcd.backup.KeyRecord;

/** {@code kubetriage-cli etcd-backup keys}: the keys an etcd backup holds at its newest revision. */
final class EtcdBackupKeysCommand implements Command {

    @Override
    public String name() {
        return "etcd-backup keys";
    }

    @Override
    public String summary() {
        return "List the keys of an etcd backup file";
    }

    @Override
    public String help() {
        return """
                Usage: kubetriage-cli etcd-backup keys FILE [--prefix PREFIX]

                Lists the keys that exist at the backup's newest revision (deleted keys are left out),
                one per line in etcd's key order, like 'etcdctl get --prefix PREFIX --keys-only'.

                Options:
                  --prefix PREFIX   only keys that start with PREFIX (default: all keys)

                Exit codes: 0 the keys were listed; 1 the file cannot be read or is damaged; 2 wrong
                usage.
                """;
    }

    @Override
    public int run(List<String> words, CliContext context) throws UsageException {
        Args args = Args.parse(words, Set.of("prefix"), Set.of());
        Path file = Path.of(BackupFiles.positional(args, "FILE").get(0));
        String prefix = args.value("prefix") == null ? "" : args.value("prefix");
        EtcdBackup backup = BackupFiles.open(file, context);
        if (backup == null) {
            return ExitCode.FINDINGS;
        }
        try {
            StringBuilder out = new StringBuilder();
            for (Map.Entry<ByteKey, KeyRecord> entry : backup.latest(prefix).entrySet()) {
                out.append(entry.getValue().keyString()).append('\n');
            }
            context.out().print(out);
            return ExitCode.OK;
        } catch (BackupFormatException e) {
            return BackupFiles.report(e, context);
        } finally {
            BackupFiles.closeQuietly(backup);
        }
    }
}
