package io.kubetriage.cli.internal;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;

/** The {@code kubetriage-cli} Equinox application: hands its arguments to {@link Cli}. */
public final class CliApplication implements IApplication {

    @Override
    public Object start(IApplicationContext context) {
        quietLibraryLogging();
        String[] args = (String[]) context.getArguments().get(IApplicationContext.APPLICATION_ARGS);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        int code = new Cli(out, err, System.getenv()).run(args == null ? new String[0] : args);
        // The launcher turns this property into the process exit code.
        System.setProperty("eclipse.exitcode", Integer.toString(code));
        return Integer.valueOf(code);
    }

    /** Library chatter (gRPC, fabric8) must not mix with a command's output; warnings still show. */
    private static void quietLibraryLogging() {
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.setLevel(java.util.logging.Level.WARNING);
        for (java.util.logging.Handler h : root.getHandlers()) {
            h.setLevel(java.util.logging.Level.WARNING);
        }
    }

    @Override
    public void stop() {
        // commands are short and end on their own
    }
}
