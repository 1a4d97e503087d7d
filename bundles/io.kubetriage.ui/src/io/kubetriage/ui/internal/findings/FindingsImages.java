package io.kubetriage.ui.internal.findings;

import org.eclipse.swt.graphics.Image;
import org.eclipse.ui.ISharedImages;
import org.eclipse.ui.PlatformUI;

import io.kubetriage.core.diagnosis.Severity;
import io.kubetriage.ui.internal.Images;

/** The images of the Findings view: the workbench's severity icons and the plug-in's own (icons/). */
final class FindingsImages {

    static final String CLUSTER = "clusters16.png";
    static final String PHASE = "folder16.png";
    static final String OBJECT = "object16.png";
    static final String REFRESH = "refresh16.png";

    private FindingsImages() {
    }

    /** The workbench's error, warning or info icon. Call on the UI thread. */
    static Image severity(Severity severity) {
        ISharedImages shared = PlatformUI.getWorkbench().getSharedImages();
        return switch (severity) {
            case ERROR -> shared.getImage(ISharedImages.IMG_OBJS_ERROR_TSK);
            case WARNING -> shared.getImage(ISharedImages.IMG_OBJS_WARN_TSK);
            case INFO -> shared.getImage(ISharedImages.IMG_OBJS_INFO_TSK);
        };
    }

    /** An image of icons/, or null when the file is missing. Call on the UI thread. */
    static Image get(String name) {
        return Images.get(name);
    }
}
