package io.kubetriage.phase.rollback.ui;

import java.util.Objects;

import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IPersistableElement;

import io.kubetriage.core.snapshot.ObjectKey;
import io.kubetriage.core.snapshot.Snapshot;

/**
 * A Deployment of a snapshot, for the Rollout History editor. Held in memory (not restored at the
 * next start). Equal when it names the same Deployment of the same snapshot, so opening twice
 * brings up the one editor.
 */
public final class RolloutHistoryInput implements IEditorInput {

    private final Snapshot snapshot;
    private final String snapshotName;
    private final ObjectKey deployment;

    /**
     * @param snapshot     the snapshot the Deployment is read from
     * @param snapshotName the name shown for the snapshot
     * @param deployment   the Deployment's key
     */
    public RolloutHistoryInput(Snapshot snapshot, String snapshotName, ObjectKey deployment) {
        this.snapshot = Objects.requireNonNull(snapshot, "snapshot");
        this.snapshotName = snapshotName == null ? snapshot.manifest().name() : snapshotName;
        this.deployment = Objects.requireNonNull(deployment, "deployment");
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    public String snapshotName() {
        return snapshotName;
    }

    public ObjectKey deployment() {
        return deployment;
    }

    @Override
    public boolean exists() {
        return false;
    }

    @Override
    public ImageDescriptor getImageDescriptor() {
        return null;
    }

    @Override
    public String getName() {
        return deployment.name() + " history";
    }

    @Override
    public IPersistableElement getPersistable() {
        return null;
    }

    @Override
    public String getToolTipText() {
        return "Rollout history of " + deployment + " in " + snapshotName;
    }

    @Override
    public <T> T getAdapter(Class<T> adapter) {
        return null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RolloutHistoryInput other && snapshot.manifest().id().equals(other.snapshot.manifest().id())
                && deployment.equals(other.deployment);
    }

    @Override
    public int hashCode() {
        return Objects.hash(snapshot.manifest().id(), deployment);
    }
}
