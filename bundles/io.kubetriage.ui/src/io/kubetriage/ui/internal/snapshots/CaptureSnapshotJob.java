package io.kubetriage.ui.internal.snapshots;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.progress.IProgressConstants;

import io.kubetriage.connector.kube.ClusterConnectException;
import io.kubetriage.connector.kube.capture.ApiSnapshotCollector;
import io.kubetriage.connector.kube.capture.CaptureOptions;
import io.kubetriage.core.cluster.ClusterDescriptor;
import io.kubetriage.core.snapshot.Snapshot;

/**
 * Captures a snapshot of one cluster's API objects and adds it to the library. Progress names each
 * resource type as it is read. Nothing is written before the capture ends; when it is cancelled,
 * the user is asked (on the UI thread, once the job is over) whether to keep what was captured as a
 * snapshot marked incomplete.
 */
final class CaptureSnapshotJob extends Job {

    private static final Map<String, CaptureSnapshotJob> RUNNING = new ConcurrentHashMap<>();

    private final ClusterDescriptor cluster;
    private final SnapshotLibrary library;
    private volatile Snapshot partial;
    private final List<Consumer<Path>> onSaved = new CopyOnWriteArrayList<>();

    private CaptureSnapshotJob(ClusterDescriptor cluster, SnapshotLibrary library) {
        super("Capturing snapshot of " + cluster.name());
        this.cluster = cluster;
        this.library = library;
        // In the status line's progress area, not in a dialog: each resource type is named as it is
        // read; the Progress view (or Capture Snapshot again) cancels.
        setUser(false);
        setProperty(IProgressConstants.ICON_PROPERTY, SnapshotImages.descriptor(SnapshotImages.CAPTURE));
        addJobChangeListener(new JobChangeAdapter() {
            @Override
            public void done(IJobChangeEvent event) {
                RUNNING.remove(cluster.id(), CaptureSnapshotJob.this);
                Snapshot kept = partial;
                partial = null;
                if (kept != null && PlatformUI.isWorkbenchRunning()) {
                    PlatformUI.getWorkbench().getDisplay().asyncExec(() -> offerPartial(kept));
                }
            }
        });
    }

    /** Starts a capture of the cluster, unless one is under way already; returns the capture's job. */
    static CaptureSnapshotJob start(ClusterDescriptor cluster, SnapshotLibrary library) {
        CaptureSnapshotJob job = RUNNING.computeIfAbsent(cluster.id(), id -> new CaptureSnapshotJob(cluster, library));
        if (job.getState() == Job.NONE) {
            job.schedule();
        }
        return job;
    }

    /** Told, in the job's thread, where the captured snapshot was saved (not after a cancel or a failure). */
    void whenSaved(Consumer<Path> listener) {
        onSaved.add(listener);
    }

    /** The capture of the cluster under way, if any. */
    static Optional<CaptureSnapshotJob> running(String clusterId) {
        return Optional.ofNullable(RUNNING.get(clusterId));
    }

    @Override
    public boolean belongsTo(Object family) {
        return family == SnapshotLibrary.JOB_FAMILY;
    }

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        CaptureOptions options = CaptureOptions.defaults().withKeepPartialOnCancel(true);
        Snapshot snapshot;
        try {
            snapshot = new ApiSnapshotCollector().capture(cluster.context(), options, monitor);
        } catch (OperationCanceledException e) {
            return Status.CANCEL_STATUS; // cancelled before there was anything to keep
        } catch (ClusterConnectException e) {
            SnapshotDialogs.showErrorLater("Capture Snapshot",
                    "Could not capture a snapshot of " + cluster.name() + ": " + e.getMessage());
            return Status.OK_STATUS;
        }
        if (monitor.isCanceled()) {
            partial = snapshot;
            return Status.CANCEL_STATUS;
        }
        try {
            Path saved = library.add(snapshot);
            onSaved.forEach(listener -> listener.accept(saved));
        } catch (IOException e) {
            SnapshotDialogs.showErrorLater("Capture Snapshot", "Could not save the snapshot of " + cluster.name()
                    + " in " + library.folderOf(cluster.name()) + ": " + SnapshotLibrary.describe(e));
        }
        return Status.OK_STATUS;
    }

    /** Asks whether to keep a cancelled capture; only a yes writes a file. */
    private void offerPartial(Snapshot snapshot) {
        int types = SnapshotLabels.incompleteSources(snapshot.manifest()).size();
        boolean keep = MessageDialog.openQuestion(SnapshotDialogs.shell(), "Capture Cancelled",
                "The snapshot of " + cluster.name() + " was cancelled with " + snapshot.objectCount()
                        + " objects captured and " + types + (types == 1 ? " source" : " sources")
                        + " not read whole.\n\nKeep it as a partial snapshot, marked incomplete?");
        if (keep) {
            library.schedule("Saving partial snapshot of " + cluster.name(), m -> library.add(snapshot),
                    e -> SnapshotDialogs.showErrorLater("Capture Snapshot", "Could not save the snapshot of "
                            + cluster.name() + ": " + e.getMessage()));
        }
    }
}
