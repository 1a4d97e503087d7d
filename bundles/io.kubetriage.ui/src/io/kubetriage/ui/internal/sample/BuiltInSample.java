package io.kubetriage.ui.internal.sample;

import java.util.Objects;
import java.util.Set;

import io.kubetriage.core.snapshot.Snapshot;
import io.kubetriage.core.snapshot.SnapshotManifest;
import io.kubetriage.sample.SampleIncident;
import io.kubetriage.sample.SampleIncidentException;

/**
 * The sample incident that comes with Kubetriage, as the workbench uses it: the snapshot before the
 * etcd restore and the one after, both of the sample's cluster. The one place that reads the
 * sample bundle.
 *
 * @param before the snapshot taken before the restore (the baseline)
 * @param after  the snapshot taken after it (what is diagnosed)
 */
public record BuiltInSample(Snapshot before, Snapshot after) {

    /** The sample's snapshot ids, once read; the Quick Fix dialog asks often and must not read the sample each time. */
    private static volatile Set<String> knownIds;

    public BuiltInSample {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
    }

    /** Reads the sample from its bundle. */
    public static BuiltInSample load() throws SampleException {
        BuiltInSample sample;
        try {
            sample = new BuiltInSample(SampleIncident.before(), SampleIncident.after());
        } catch (SampleIncidentException e) {
            throw new SampleException(describe(e), e); // says which file and what is wrong
        } catch (RuntimeException | LinkageError e) {
            throw new SampleException("The built-in sample incident cannot be read: " + describe(e), e);
        }
        knownIds = Set.of(sample.before.manifest().id(), sample.after.manifest().id());
        return sample;
    }

    /** The cluster the sample's snapshots are of. */
    public String clusterName() {
        return after.manifest().clusterName();
    }

    /**
     * Whether a snapshot is one of the sample's (by snapshot id, which a rename keeps). Reads the
     * sample the first time; false when it cannot be read.
     */
    public static boolean isSample(SnapshotManifest manifest) {
        if (manifest == null) {
            return false;
        }
        Set<String> ids = knownIds;
        if (ids == null) {
            try {
                load();
            } catch (SampleException e) {
                return false;
            }
            ids = knownIds;
        }
        return ids != null && ids.contains(manifest.id());
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    /** The sample is missing from the installation or its files cannot be read. */
    public static final class SampleException extends Exception {

        private static final long serialVersionUID = 1L;

        public SampleException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
