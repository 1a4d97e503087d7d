package io.kubetriage.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.kubetriage.cli.internal.ExitCode;

class CliUsageTest {

    @TempDir
    Path home;

    private CliRun run(String... args) {
        return CliRun.run(Map.of(), home, args);
    }

    @Test
    void noArgumentsPrintsTheCommandsAndIsAUsageError() {
        CliRun r = run();
        assertEquals(ExitCode.USAGE, r.exitCode());
        assertTrue(r.out().contains("contexts"), r.out());
        assertTrue(r.out().contains("etcd status"), r.out());
    }

    @Test
    void helpListsEveryCommandAndSucceeds() {
        CliRun r = run("--help");
        assertEquals(ExitCode.OK, r.exitCode());
        assertTrue(r.out().startsWith("Usage: kubetriage-cli"), r.out());
    }

    @Test
    void everyCommandHasItsOwnHelp() {
        for (String[] command : new String[][] { { "contexts" }, { "etcd", "status" } }) {
            String[] args = new String[command.length + 1];
            System.arraycopy(command, 0, args, 0, command.length);
            args[command.length] = "--help";
            CliRun r = run(args);
            assertEquals(ExitCode.OK, r.exitCode(), String.join(" ", command));
            assertTrue(r.out().startsWith("Usage: kubetriage-cli " + String.join(" ", command)), r.out());
        }
    }

    @Test
    void unknownCommandIsAUsageError() {
        CliRun r = run("frobnicate");
        assertEquals(ExitCode.USAGE, r.exitCode());
        assertTrue(r.err().contains("unknown command 'frobnicate'"), r.err());
    }

    @Test
    void unknownSubcommandListsTheGroup() {
        CliRun r = run("etcd", "explode");
        assertEquals(ExitCode.USAGE, r.exitCode());
        assertTrue(r.err().contains("unknown subcommand 'explode'"), r.err());
        assertTrue(r.err().contains("etcd status"), r.err());
    }

    @Test
    void unknownOptionIsAUsageError() {
        CliRun r = run("contexts", "--colour");
        assertEquals(ExitCode.USAGE, r.exitCode());
        assertTrue(r.err().contains("unknown option --colour"), r.err());
    }

    @Test
    void optionWithoutValueIsAUsageError() {
        CliRun r = run("etcd", "status", "--endpoints");
        assertEquals(ExitCode.USAGE, r.exitCode());
        assertTrue(r.err().contains("--endpoints needs a value"), r.err());
    }

    @Test
    void badOutputFormatIsAUsageError() {
        CliRun r = run("contexts", "-o", "xml");
        assertEquals(ExitCode.USAGE, r.exitCode());
        assertTrue(r.err().contains("-o takes one of text|json"), r.err());
    }

    @Test
    void certificateWithoutKeyIsAUsageError() {
        CliRun r = run("etcd", "status", "--endpoints", "https://127.0.0.1:2379", "--cert", "/tmp/c.pem");
        assertEquals(ExitCode.USAGE, r.exitCode());
        assertTrue(r.err().toLowerCase().contains("key"), r.err());
    }
}
