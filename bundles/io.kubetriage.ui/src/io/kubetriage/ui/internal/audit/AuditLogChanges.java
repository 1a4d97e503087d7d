package io.kubetriage.ui.internal.audit;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.kubetriage.ui.internal.KubetriageUiPlugin;

/**
 * Tells who shows an audit log that the workbench wrote to it (a fix or an undo ran), so that the
 * Fix History view lists the new lines without polling the file.
 */
public final class AuditLogChanges {

    private static final List<Consumer<Path>> LISTENERS = new CopyOnWriteArrayList<>();

    private AuditLogChanges() {
    }

    /** @param listener hears the absolute, normalized path of each audit log written to */
    public static void addListener(Consumer<Path> listener) {
        LISTENERS.add(listener);
    }

    public static void removeListener(Consumer<Path> listener) {
        LISTENERS.remove(listener);
    }

    /** The workbench wrote to this audit log; listeners hear it on the calling thread. */
    public static void changed(Path auditFile) {
        Path file = auditFile.toAbsolutePath().normalize();
        for (Consumer<Path> listener : LISTENERS) {
            try {
                listener.accept(file);
            } catch (RuntimeException e) {
                KubetriageUiPlugin.logError("A listener of the audit log " + file + " failed", e);
            }
        }
    }
}
