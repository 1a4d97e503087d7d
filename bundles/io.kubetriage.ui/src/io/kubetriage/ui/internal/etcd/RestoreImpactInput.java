package io.kubetriage.ui.internal.etcd;

import java.nio.file.Path;
import java.util.Objects;

import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IPersistableElement;

/** The input of the Restore Impact editor: a backup file and what it would be restored onto. */
public final class RestoreImpactInput implements IEditorInput {

    private final Path backup;
    private final RestoreTarget target;

    public RestoreImpactInput(Path backup, RestoreTarget target) {
        this.backup = Objects.requireNonNull(backup, "backup").toAbsolutePath().normalize();
        this.target = Objects.requireNonNull(target, "target");
    }

    public Path backup() {
        return backup;
    }

    public RestoreTarget target() {
        return target;
    }

    @Override
    public <T> T getAdapter(Class<T> adapter) {
        return null;
    }

    @Override
    public boolean exists() {
        return false;
    }

    @Override
    public ImageDescriptor getImageDescriptor() {
        return EtcdImages.descriptor(EtcdImages.RESTORE_IMPACT);
    }

    @Override
    public String getName() {
        return "Restore " + backup.getFileName() + " → " + target.name();
    }

    @Override
    public IPersistableElement getPersistable() {
        return null;
    }

    @Override
    public String getToolTipText() {
        return "What restoring " + backup + " onto " + target.describe() + " would do";
    }

    /** The same backup onto the same target: the editor already open is shown (and compares again). */
    @Override
    public boolean equals(Object o) {
        return o instanceof RestoreImpactInput other && backup.equals(other.backup)
                && target.describe().equals(other.target.describe());
    }

    @Override
    public int hashCode() {
        return Objects.hash(backup, target.describe());
    }
}
