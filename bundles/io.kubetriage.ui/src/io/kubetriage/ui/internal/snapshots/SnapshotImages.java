package io.kubetriage.ui.internal.snapshots;

import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.jface.resource.ImageRegistry;
import org.eclipse.swt.graphics.Image;

import io.kubetriage.ui.internal.KubetriageUiPlugin;

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

    /** Call on the UI thread. */
    static Image get(String name) {
        return descriptorIn(KubetriageUiPlugin.getDefault().getImageRegistry(), name) == null ? null
                : KubetriageUiPlugin.getDefault().getImageRegistry().get(name);
    }

    static ImageDescriptor descriptor(String name) {
        return descriptorIn(KubetriageUiPlugin.getDefault().getImageRegistry(), name);
    }

    private static ImageDescriptor descriptorIn(ImageRegistry registry, String name) {
        ImageDescriptor descriptor = registry.getDescriptor(name);
        if (descriptor == null) {
            var url = KubetriageUiPlugin.getDefault().getBundle().getEntry("icons/" + name);
            if (url == null) {
                return null;
            }
            descriptor = ImageDescriptor.createFromURL(url);
            registry.put(name, descriptor);
        }
        return descriptor;
    }
}
