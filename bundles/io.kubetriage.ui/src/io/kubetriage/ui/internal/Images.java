package io.kubetriage.ui.internal;

import org.eclipse.swt.graphics.Image;

/** Names of the shared images in the plug-in's image registry (files under icons/). */
public final class Images {

    public static final String CONNECTED = "state-connected16.png";
    public static final String CONNECTING = "state-connecting16.png";
    public static final String FAILED = "state-failed16.png";
    public static final String DISCONNECTED = "state-disconnected16.png";
    public static final String KUBECONFIG = "kubeconfig16.png";
    public static final String CLUSTERS = "clusters16.png";
    public static final String ETCD = "etcd16.png";
    public static final String PRODUCT = "kubetriage64.png";

    private Images() {
    }

    public static Image get(String name) {
        return KubetriageUiPlugin.getDefault().getImageRegistry().get(name);
    }
}
