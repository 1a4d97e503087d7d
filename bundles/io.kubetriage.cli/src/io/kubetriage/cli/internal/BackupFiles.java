package io.kubetriage.cli.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import io.kubetriage.connector.etcd.decode.DecodedValue;
import io.kubetriage.core.etcd.backup.BackupFormatException;
import io.kubetriage.core.etcd.backup.EtcdBackup;

/** What the etcd backup commands share: opening a backup, reporting why it cannot be read, printing a value. */
final class BackupFiles {

    private BackupFiles() {
    }

    /** Exactly the positional words named (e.g. FILE, KEY), else a usage error naming them. */
    static List<String> positional(Args args, String... names) throws UsageException {
        List<String> words = args.positional();
        if (words.size() < names.length) {
            throw new UsageException(String.join(" and ", names) + (names.length == 1 ? " is needed" : " are needed"));
        }
        if (words.size() > names.length) {
            throw new UsageException("unexpected argument '" + words.get(names.length) + "'");
        }
        return words;
    }

    /** Opens a backup, or reports on standard error why not and returns null. */
    static EtcdBackup open(Path file, CliContext context) {
        try {
            return EtcdBackup.open(file);
        } catch (BackupFormatException e) {
            report(e, context);
        } catch (IOException e) {
            context.err().println("error: cannot read " + file + ": " + SnapshotCaptureCommand.describe(e));
        }
        return null;
    }

    /** {@code error: FILE: PROBLEM}: the message of a damaged backup names the file. */
    static int report(BackupFormatException e, CliContext context) {
        context.err().println("error: " + e.getMessage());
        return ExitCode.FINDINGS;
    }

    static void closeQuietly(EtcdBackup backup) {
        try {
            backup.close();
        } catch (IOException e) {
            // only read from: nothing is lost
        }
    }

    /**
     * Prints a decoded value as YAML or JSON; what could not be decoded is printed raw and its problem
     * reported as an error.
     *
     * @param what names the value in the error message (the key or the file)
     * @return {@link ExitCode#OK} when the value was decoded whole, else {@link ExitCode#FINDINGS}
     */
    static int printValue(DecodedValue value, String output, String what, CliContext context) {
        if (value.isDecoded()) {
            context.out().print(ensureNewline(output.equals("json") ? value.prettyJson() : value.toYaml()));
        } else {
            context.out().print(ensureNewline(value.raw() == null ? "" : value.raw()));
        }
        if (value.problem() != null) {
            context.err().println("error: " + what + ": " + value.problem());
            return ExitCode.FINDINGS;
        }
        if (!value.isDecoded()) {
            context.err().println("error: " + what + ": not a Kubernetes object (shown as stored)");
            return ExitCode.FINDINGS;
        }
        return ExitCode.OK;
    }

    private static String ensureNewline(String text) {
        return text.isEmpty() || text.endsWith("\n") ? text : text + "\n";
    }
}
