package io.kubetriage.cli.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.kubetriage.core.etcd.backup.BackupFormatException;
import io.kubetriage.core.etcd.backup.EtcdBackup;

/** {@code kubetriage-cli etcd-backup info}: what {@code etcdctl snapshot status} reports, and more, offline. */
final class EtcdBackupInfoCommand implements Command {

    @Override
    public String name() {
        return "etcd-backup info";
    }

    @Override
    public String summary() {
        return "Show the revisions, keys and integrity of an etcd backup file";
    }

    @Override
    public String help() {
        return """
                Usage: kubetriage-cli etcd-backup info FILE [-o text|json]

                Reads an etcd backup (the file 'etcdctl snapshot save' writes, or a member's
                member/snap/db) without etcd and shows: the file size, the bbolt page size, the
                revision a restore would serve, the compaction revision, the consistent index, the
                number of keys, and what 'etcdctl snapshot status' reports (hash, total keys, total
                size); then whether the SHA-256 that 'etcdctl snapshot save' appends is present and
                matches.

                Exit codes: 0 the backup was read and its integrity hash matches or is absent; 1 the
                file cannot be read, is damaged, or its integrity hash does not match; 2 wrong usage.
                """;
    }

    @Override
    public int run(List<String> words, CliContext context) throws UsageException {
        Args args = Args.parse(words, Set.of("o"), Set.of());
        String output = args.output("text", "json");
        Path file = Path.of(BackupFiles.positional(args, "FILE").get(0));
        EtcdBackup backup = BackupFiles.open(file, context);
        if (backup == null) {
            return ExitCode.FINDINGS;
        }
        Map<String, Object> info = new LinkedHashMap<>();
        boolean matches;
        try {
            info.put("file", file.toString());
            info.put("fileSize", backup.bolt().fileSize());
            info.put("pageSize", backup.bolt().pageSize());
            info.put("totalSize", backup.bolt().pageCount() * backup.bolt().pageSize());
            info.put("hash", String.format("%08x", backup.statusHash()));
            info.put("revision", backup.revision());
            info.put("compactRevision", backup.compactRevision());
            info.put("consistentIndex", backup.consistentIndex());
            info.put("keyCount", backup.keyCount());
            info.put("totalKey", backup.totalEntryCount());
            info.put("integrityHashPresent", backup.hasIntegrityHash());
            matches = backup.integrityHashMatches();
            info.put("integrityHashMatches", matches);
        } catch (BackupFormatException e) {
            return BackupFiles.report(e, context);
        } catch (IOException e) {
            context.err().println("error: cannot read " + file + ": " + SnapshotCaptureCommand.describe(e));
            return ExitCode.FINDINGS;
        } finally {
            BackupFiles.closeQuietly(backup);
        }
        boolean present = (Boolean) info.get("integrityHashPresent");
        if (output.equals("json")) {
            context.out().print(Json.write(info));
        } else {
            TextTable table = new TextTable("FIELD", "VALUE");
            table.row("FILE", file.toString());
            table.row("FILE SIZE", info.get("fileSize").toString());
            table.row("PAGE SIZE", info.get("pageSize").toString());
            table.row("TOTAL SIZE", info.get("totalSize").toString());
            table.row("HASH", info.get("hash").toString());
            table.row("REVISION", info.get("revision").toString());
            table.row("COMPACT REVISION", info.get("compactRevision").toString());
            table.row("CONSISTENT INDEX", info.get("consistentIndex").toString());
            table.row("KEYS", info.get("keyCount").toString());
            table.row("TOTAL KEYS", info.get("totalKey").toString());
            table.row("INTEGRITY HASH", !present ? "absent" : matches ? "present, matches" : "present, DOES NOT MATCH");
            table.print(context.out());
        }
        if (present && !matches) {
            context.err().println("error: " + file + ": the SHA-256 appended by 'etcdctl snapshot save' does not match"
                    + " the database: the file was changed or damaged after it was saved");
            return ExitCode.FINDINGS;
        }
        return ExitCode.OK;
    }
}
