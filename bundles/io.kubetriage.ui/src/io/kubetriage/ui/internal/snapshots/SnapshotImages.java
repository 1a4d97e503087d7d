package io.kubetriage.ui.internal.snapshots;

import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.swt.graphics.Image;

import io.kubetriage.ui.internal.Images;

/** The images of the snapshot views (files under icons/), put in the plug-in's registry on first use. */
final class SnapshotImages {

    static final String SNAPSHOT = "snapshot16.png";
    static final String SNAPSHOT_PARTIAL = "snapshot-partial16.png";
    static final String OBJECT = "object16.png";
    static final String FOLDER = "folder16.png";
    static final String COMPARE = "compare16.png";
    static final String CAPTURE = "capture16.png";

    private SnapshotImages() {
    }

    static Image get(String name) {
        return Images.get(name);
    }

    static ImageDescriptor descriptor(String name) {
        return Images.descriptor(name);
    }
}
