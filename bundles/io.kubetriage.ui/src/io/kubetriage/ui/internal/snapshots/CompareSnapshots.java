package io.kubetriage.ui.internal.snapshots;

import java.util.Comparator;

import org.eclipse.compare.CompareUI;
import org.eclipse.ui.IWorkbenchPage;

/** Opens the compare editor on two snapshots: what the Compare command does. */
public final class CompareSnapshots {

    /** Older first; by file name when both were captured at the same instant. */
    static final Comparator<SnapshotEntry> OLDER_FIRST = Comparator
            .comparing((SnapshotEntry e) -> e.manifest().captureStart())
            .thenComparing(e -> e.file().getFileName().toString());

    private CompareSnapshots() {
    }

    /**
     * Opens a compare editor with the older snapshot as "before" and the newer as "after", showing
     * the editor area if the layout hides it. The snapshots are read and compared with a progress
     * dialog; a snapshot that cannot be read ends in an error dialog and no editor.
     *
     * @return the editor's input
     * @throws IllegalArgumentException when a manifest cannot be read (the Snapshots view marks those)
     */
    public static SnapshotCompareInput open(IWorkbenchPage page, SnapshotEntry first, SnapshotEntry second) {
        if (!first.isReadable() || !second.isReadable()) {
            throw new IllegalArgumentException("unreadable snapshots cannot be compared");
        }
        boolean firstIsOlder = OLDER_FIRST.compare(first, second) <= 0;
        SnapshotCompareInput input = new SnapshotCompareInput(firstIsOlder ? first : second,
                firstIsOlder ? second : first);
        if (!page.isEditorAreaVisible()) {
            page.setEditorAreaVisible(true);
        }
        CompareUI.openCompareEditorOnPage(input, page);
        return input;
    }
}
