package io.kubetriage.test.support.ui;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.eclipse.swt.widgets.Display;
import org.opentest4j.AssertionFailedError;

/**
 * Waits for the UI to reach a state instead of sleeping: runs the event loop (the test runs on
 * the UI thread) until the condition holds or the time is up, then fails saying what it waited for
 * and what it saw last.
 */
public final class UiWait {

    private UiWait() {
    }

    /** Runs the event loop until the condition holds or the time is up; whether it holds. */
    public static boolean within(Display display, Duration timeout, BooleanSupplier condition) {
        try {
            until(display, "", timeout, condition);
            return true;
        } catch (AssertionFailedError e) {
            return false;
        }
    }

    public static void until(Display display, String what, Duration timeout, BooleanSupplier condition) {
        until(display, what, timeout, condition, () -> "");
    }

    /**
     * @param lastSeen describes the current state, for the failure message
     */
    public static void until(Display display, String what, Duration timeout, BooleanSupplier condition,
            Supplier<String> lastSeen) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionFailedError("timed out after " + timeout.toSeconds() + " s waiting for " + what
                        + describe(lastSeen.get()));
            }
            if (!display.readAndDispatch()) {
                // nothing to dispatch: let background jobs progress, wake on the next event or in 20 ms
                display.timerExec(20, () -> { });
                display.sleep();
            }
        }
    }

    /** Runs pending UI events until none is left. */
    public static void settle(Display display) {
        while (display.readAndDispatch()) {
            // drain
        }
    }

    private static String describe(String seen) {
        return seen == null || seen.isEmpty() ? "" : "; last seen: " + seen;
    }
}
