package io.kubetriage.cli.internal;

import java.util.List;

/** One {@code kubetriage-cli} command, e.g. {@code contexts} or {@code etcd status}. */
public interface Command {

    /** The words that name it, e.g. {@code "etcd status"}. */
    String name();

    /** One line for the command list. */
    String summary();

    /** The full help text: usage line, options, exit codes where special. */
    String help();

    /**
     * Runs the command.
     *
     * @param args the words after the command's name
     * @return an {@link ExitCode}
     * @throws UsageException when the arguments are wrong
     */
    int run(List<String> args, CliContext context) throws UsageException;
}
