package io.kubetriage.ui.internal;

import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.jface.resource.ImageRegistry;
import org.eclipse.swt.graphics.Image;

/**
 * The plug-in's images: files under icons/, put in the plug-in's image registry on first use. The
 * constants name those the shell itself uses; views name their own files the same way.
 */
public final class Images {

    public static final String CONNECTED = "state-connected16.png";
    public static final String CONNECTING = "state-connecting16.png";
    public static final String FAILED = "state-failed16.png";
    public static final String DISCONNECTED = "state-disconnected16.png";
    public static final String KUBECONFIG = "kubeconfig16.png";
    public static final String CLUSTERS = "clusters16.png";
    public static final String ETCD = "etcd16.png";
    public static final String PRODUCT = "kubetriage64.png";
    public static final String COMPARE = "compare16.png";

    private Images() {
    }

    /** The image of an icon file, or null when the file is missing. Call on the UI thread. */
    public static Image get(String name) {
        return descriptor(name) == null ? null : registry().get(name);
    }

    /** The descriptor of an icon file, or null when the file is missing. */
    public static ImageDescriptor descriptor(String name) {
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
