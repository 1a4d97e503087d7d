package io.kubetriage.ui.internal.nodes;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.widgets.Display;

/** What the node views and the phases' node views do around their jobs. */
public final class ViewJobs {

    private ViewJobs() {
    }

    /** Cancels a job, if there is one. */
    public static void cancel(Job job) {
        if (job != null) {
            job.cancel();
        }
    }

    /** Runs on the UI thread later, unless the display is gone by then. */
    public static void later(Display display, Runnable runnable) {
        if (!display.isDisposed()) {
            display.asyncExec(() -> {
                if (!display.isDisposed()) {
                    runnable.run();
                }
            });
        }
    }
}
