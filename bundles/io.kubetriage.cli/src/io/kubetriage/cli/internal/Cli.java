package io.kubetriage.cli.internal;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code kubetriage-cli}: finds the command named by the first words, runs it, and turns usage
 * mistakes into exit code 2 with the command's help. Commands are a public contract (docs/cli.md).
 */
public final class Cli {

    private final CliContext context;
    private final List<Command> commands = List.of(
            new ContextsCommand(),
            new EtcdStatusCommand(),
            new EtcdGetCommand(),
            new EtcdHistoryCommand(),
            new EtcdBackupInfoCommand(),
            new EtcdBackupKeysCommand(),
            new EtcdBackupGetCommand(),
            new EtcdBackupImpactCommand(),
            new SnapshotCaptureCommand(),
            new SnapshotDiffCommand(),
            new SnapshotFromBackupCommand(),
            new NodeCollectCommand(),
            new NodeImportCommand(),
            new NodeParseCommand(),
            new DiagnoseCommand(),
            new DecodeCommand());

    public Cli(PrintStream out, PrintStream err, Map<String, String> env) {
        this(new CliContext(out, err, env, Path.of(System.getProperty("user.home"))));
    }

    public Cli(CliContext context) {
        this.context = context;
    }

    public int run(String[] argv) {
        List<String> words = Arrays.asList(argv);
        if (words.isEmpty() || isHelp(words.get(0)) || words.get(0).equals("help") && words.size() == 1) {
            context.out().print(overview());
            return words.isEmpty() ? ExitCode.USAGE : ExitCode.OK;
        }
        if (words.get(0).equals("help")) {
            words = words.subList(1, words.size());
            Command command = find(words);
            if (command == null) {
                return unknown(words);
            }
            context.out().print(command.help());
            return ExitCode.OK;
        }
        if (words.get(0).equals("--version") || words.get(0).equals("version")) {
            context.out().println("kubetriage-cli " + Version.current());
            return ExitCode.OK;
        }
        Command command = find(words);
        if (command == null) {
            return unknown(words);
        }
        List<String> rest = words.subList(command.name().split(" ").length, words.size());
        if (rest.stream().anyMatch(Cli::isHelp)) {
            context.out().print(command.help());
            return ExitCode.OK;
        }
        try {
            return command.run(rest, context);
        } catch (UsageException e) {
            context.err().println("kubetriage-cli " + command.name() + ": " + e.getMessage());
            context.err().println("Run 'kubetriage-cli " + command.name() + " --help' for usage.");
            return ExitCode.USAGE;
        }
    }

    private static boolean isHelp(String word) {
        return word.equals("--help") || word.equals("-h");
    }

    /** The command whose name is the longest prefix of the words. */
    private Command find(List<String> words) {
        Command best = null;
        for (Command c : commands) {
            List<String> name = List.of(c.name().split(" "));
            if (words.size() >= name.size() && words.subList(0, name.size()).equals(name)
                    && (best == null || name.size() > best.name().split(" ").length)) {
                best = c;
            }
        }
        return best;
    }

    private int unknown(List<String> words) {
        String group = words.isEmpty() ? "" : words.get(0);
        List<Command> inGroup = commands.stream().filter(c -> c.name().startsWith(group + " ")).toList();
        if (!inGroup.isEmpty()) {
            context.err().println("kubetriage-cli " + group + ": "
                    + (words.size() > 1 ? "unknown subcommand '" + words.get(1) + "'" : "a subcommand is needed"));
            inGroup.forEach(c -> context.err().printf("  %-22s %s%n", c.name(), c.summary()));
        } else {
            context.err().println("kubetriage-cli: unknown command '" + String.join(" ", words) + "'");
            context.err().println("Run 'kubetriage-cli --help' for the list of commands.");
        }
        return ExitCode.USAGE;
    }

    private String overview() {
        StringBuilder text = new StringBuilder();
        text.append("Usage: kubetriage-cli COMMAND [OPTIONS]\n\n");
        text.append("Find out why a Kubernetes cluster is broken, from the command line.\n\nCommands:\n");
        for (Command c : commands) {
            text.append(String.format("  %-22s %s%n", c.name(), c.summary()));
        }
        text.append("\nRun 'kubetriage-cli COMMAND --help' for a command's options.\n");
        text.append("Exit codes: 0 success, 1 findings or errors reported by the command, 2 wrong usage.\n");
        return text.toString();
    }
}
