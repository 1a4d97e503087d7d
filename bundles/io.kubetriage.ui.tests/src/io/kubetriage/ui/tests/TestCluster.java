package io.kubetriage.ui.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;

import io.kubetriage.test.support.ui.UiWait;
import io.kubetriage.ui.internal.snapshots.SnapshotLibrary;

/**
 * What a UI test leaves behind once it is done: the snapshots of its own cluster in the library,
 * and the views it opened. {@link #cleanUp} waits for the views' jobs and the library's, hides the
 * views and deletes the cluster's folder, so that the next test starts from the same workbench.
 */
final class TestCluster {

    private TestCluster() {
    }

    /**
     * @param jobFamilies the families of the views' jobs to wait for (the library's is always waited for)
     * @param viewIds     the views to hide
     */
    static void cleanUp(Display display, IWorkbenchPage page, SnapshotLibrary library, String cluster, Duration wait,
            List<Object> jobFamilies, List<String> viewIds) throws IOException {
        List<Object> families = new ArrayList<>(jobFamilies);
        families.add(SnapshotLibrary.JOB_FAMILY);
        UiWait.until(display, "the views' and the library's jobs to end", wait,
                () -> families.stream().allMatch(f -> Job.getJobManager().find(f).length == 0));
        for (String id : viewIds) {
            IViewPart view = page.findView(id);
            if (view != null) {
                page.hideView(view);
            }
        }
        Path folder = library.folderOf(cluster);
        if (Files.exists(folder)) {
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
