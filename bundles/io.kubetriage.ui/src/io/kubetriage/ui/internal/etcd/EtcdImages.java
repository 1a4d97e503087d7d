package io.kubetriage.ui.internal.etcd;

import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.swt.graphics.Image;

import io.kubetriage.ui.internal.Images;

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

    static Image get(String name) {
        return Images.get(name);
    }

    static ImageDescriptor descriptor(String name) {
        return Images.descriptor(name);
    }
}
