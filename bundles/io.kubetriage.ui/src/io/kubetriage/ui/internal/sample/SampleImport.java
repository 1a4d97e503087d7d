package io.kubetriage.ui.internal.sample;

import java.io.IOException;
import java.util.Optional;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;

import io.kubetriage.core.snapshot.Snapshot;
import io.kubetriage.ui.internal.snapshots.ClusterSnapshots;
import io.kubetriage.ui.internal.snapshots.SnapshotEntry;
import io.kubetriage.ui.internal.snapshots.SnapshotLibrary;

/**
 * Puts the sample's two snapshots into the workspace's snapshot library, each only when no snapshot
 * with its id is there yet: a second import adds nothing, and a sample snapshot the user renamed
 * stays as it is. Nothing of the user's is overwritten; {@link SnapshotLibrary#add} never writes
 * over a file.
 */
public final class SampleImport {

    /**
     * The sample's snapshots in the library.
     *
     * @param before the entry of the snapshot before the restore
     * @param after  the entry of the snapshot after it
     * @param added  how many of the two this import wrote (0 when both were there)
     */
    public record Result(SnapshotEntry before, SnapshotEntry after, int added) {
    }

    private SampleImport() {
    }

    /**
     * Imports the sample. Call it in a job that holds the library's rule ({@link SnapshotLibrary#rule()}),
     * so that two imports cannot both find the sample missing.
     */
    public static Result into(SnapshotLibrary library, BuiltInSample sample, IProgressMonitor monitor)
            throws IOException {
        SubMonitor progress = SubMonitor.convert(monitor, "Adding the sample to the snapshot library", 3);
        library.refreshNow();
        progress.split(1);
        int added = 0;
        Optional<SnapshotEntry> before = find(library, sample.before().manifest().id());
        if (before.isEmpty()) {
            before = Optional.of(add(library, sample.before()));
            added++;
        }
        progress.split(1);
        Optional<SnapshotEntry> after = find(library, sample.after().manifest().id());
        if (after.isEmpty()) {
            after = Optional.of(add(library, sample.after()));
            added++;
        }
        progress.split(1);
        return new Result(before.get(), after.get(), added);
    }

    /** The readable snapshot of the library with this id, as last listed. */
    public static Optional<SnapshotEntry> find(SnapshotLibrary library, String snapshotId) {
        for (ClusterSnapshots cluster : library.clusters()) {
            for (SnapshotEntry entry : cluster.snapshots()) {
                if (entry.isReadable() && entry.manifest().id().equals(snapshotId)) {
                    return Optional.of(entry);
                }
            }
        }
        return Optional.empty();
    }

    private static SnapshotEntry add(SnapshotLibrary library, Snapshot snapshot) throws IOException {
        SnapshotEntry entry = SnapshotLibrary.entry(library.add(snapshot));
        if (!entry.isReadable()) {
            throw new IOException("the sample snapshot written to " + entry.file() + " cannot be read back: "
                    + entry.problem());
        }
        return entry;
    }
}
