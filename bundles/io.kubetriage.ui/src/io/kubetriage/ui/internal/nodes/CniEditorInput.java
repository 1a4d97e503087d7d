package io.kubetriage.ui.internal.nodes;

import java.nio.file.Path;
import java.util.Objects;

import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IPersistableElement;

/** The CNI configuration of one node of a snapshot, as the CNI Config editor shows it. Not persisted. */
public final class CniEditorInput implements IEditorInput {

    private final Path snapshotFile;
    private final NodeSnapshot snapshot;
    private final String node;

    /**
     * @param snapshotFile the snapshot's file (two inputs on the same file and node are equal), or null
     * @param snapshot     the snapshot's node data
     * @param node         the node, one of the snapshot's
     */
    public CniEditorInput(Path snapshotFile, NodeSnapshot snapshot, String node) {
        this.snapshotFile = snapshotFile;
        this.snapshot = Objects.requireNonNull(snapshot, "snapshot");
        this.node = Objects.requireNonNull(node, "node");
    }

    public NodeSnapshot snapshot() {
        return snapshot;
    }

    /** The snapshot's file, or null. */
    public Path snapshotFile() {
        return snapshotFile;
    }

    public String node() {
        return node;
    }

    @Override
    public boolean exists() {
        return false;
    }

    @Override
    public ImageDescriptor getImageDescriptor() {
        return ImageDescriptor.getMissingImageDescriptor();
    }

    @Override
    public String getName() {
        return "CNI: " + node;
    }

    @Override
    public IPersistableElement getPersistable() {
        return null;
    }

    @Override
    public String getToolTipText() {
        return "/etc/cni/net.d of node " + node + " in snapshot '" + snapshot.snapshotName() + "'";
    }

    @Override
    public <T> T getAdapter(Class<T> adapter) {
        return null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CniEditorInput other && node.equals(other.node)
                && (snapshotFile == null ? snapshot == other.snapshot : snapshotFile.equals(other.snapshotFile));
    }

    @Override
    public int hashCode() {
        return node.hashCode() * 31 + (snapshotFile == null ? 0 : snapshotFile.hashCode());
    }
}
