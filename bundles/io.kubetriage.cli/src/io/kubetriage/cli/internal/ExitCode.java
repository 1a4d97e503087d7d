package io.kubetriage.cli.internal;

/** Exit codes of every command: a public contract, documented in docs/cli.md. */
public final class ExitCode {

    /** The command did what was asked and found nothing wrong. */
    public static final int OK = 0;
    /** The command ran and reports findings or errors (an unreachable endpoint, a bad file). */
    public static final int FINDINGS = 1;
    /** The command line was wrong: unknown command or option, missing value. */
    public static final int USAGE = 2;

    private ExitCode() {
    }
}
