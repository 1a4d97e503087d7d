package io.kubetriage.test.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs an external command to completion, bounded by a timeout. */
public final class ProcessRunner {

    /** What a finished command left behind. */
    public record Result(List<String> command, int exitCode, String stdout, String stderr) {

        public boolean succeeded() {
            return exitCode == 0;
        }

        /**
         * This result if the command succeeded.
         *
         * @throws IOException naming the command, its exit code and its error output otherwise
         */
        public Result requireSuccess() throws IOException {
            if (!succeeded()) {
                throw new IOException(String.join(" ", command) + " failed with exit code " + exitCode
                        + ":\n" + stderr + (stdout.isBlank() ? "" : "\n" + stdout));
            }
            return this;
        }
    }

    private ProcessRunner() {
    }

    /** Runs {@code command} in the current directory with the inherited environment. */
    public static Result run(Duration timeout, String... command) throws IOException {
        return run(timeout, null, Map.of(), List.of(command));
    }

    /**
     * Runs {@code command} and waits for it.
     *
     * @param workDir     the working directory, or null for the current one
     * @param environment variables to set; a null value removes the variable
     * @throws IOException when the command cannot start or does not finish within {@code timeout}
     *                     (it is then killed)
     */
    public static Result run(Duration timeout, Path workDir, Map<String, String> environment,
            List<String> command) throws IOException {
        // Output goes to files rather than pipes, so a chatty command cannot block on a full pipe.
        Path out = Files.createTempFile("kubetriage-process-", ".out");
        Path err = Files.createTempFile("kubetriage-process-", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            if (workDir != null) {
                builder.directory(workDir.toFile());
            }
            environment.forEach((name, value) -> {
                if (value == null) {
                    builder.environment().remove(name);
                } else {
                    builder.environment().put(name, value);
                }
            });
            Process process = builder.start();
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                    throw new IOException(String.join(" ", command) + " did not finish within "
                            + timeout.toSeconds() + " s:\n" + read(err) + read(out));
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while running " + String.join(" ", command), e);
            }
            return new Result(List.copyOf(command), process.exitValue(), read(out), read(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String read(Path file) throws IOException {
        // Lenient decoding: a stray non-UTF-8 byte must not hide the rest of the output.
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }
}
