package io.kubetriage.ui.internal.etcd;

import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.jface.resource.ImageRegistry;
import org.eclipse.swt.graphics.Image;

import io.kubetriage.ui.internal.KubetriageUiPlugin;

/** The images of the etcd views (files under icons/), put in the plug-in's registry on first use. */
final class EtcdImages {

    static final String REVISIONS = "etcd-revisions16.png";
    static final String BACKUP = "etcd-backup16.png";
    static final String KEY = "etcd-key16.png";
    static final String RESTORE_IMPACT = "restore-impact16.png";
    static final String RESOURCE = "object16.png";
    static final String NAMESPACE = "folder16.png";
    static final String COMPARE = "compare16.png";

    private EtcdImages() {
    }

    /** The image, or null when the file is missing. Call on the UI thread. */
    static Image get(String name) {
        return descriptor(name) == null ? null : registry().get(name);
    }

    static ImageDescriptor descriptor(String name) {
        ImageRegistry registry = registry();
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

    private static ImageRegistry registry() {
        return KubetriageUiPlugin.getDefault().getImageRegistry();
    }
}
