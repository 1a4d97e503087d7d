package io.kubetriage.cli.internal;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/** What a command may use: its output streams, the environment and the user's home. */
public record CliContext(PrintStream out, PrintStream err, Map<String, String> env, Path userHome) {
}
