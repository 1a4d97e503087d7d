package io.kubetriage.ui.internal;

import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.ui.plugin.AbstractUIPlugin;
import org.osgi.framework.BundleContext;

import io.kubetriage.ui.internal.clusters.ClusterSession;
import io.kubetriage.ui.internal.clusters.ClusterSettingsStore;

/** Bundle life cycle: owns the cluster session and the shared images. */
public final class KubetriageUiPlugin extends AbstractUIPlugin {

    public static final String PLUGIN_ID = "io.kubetriage.ui";

    private static volatile KubetriageUiPlugin instance;

    private ClusterSession clusterSession;

    @Override
    public void start(BundleContext context) throws Exception {
        super.start(context);
        instance = this;
    }

    @Override
    public void stop(BundleContext context) throws Exception {
        synchronized (this) {
            if (clusterSession != null) {
                clusterSession.shutdown();
                clusterSession = null;
            }
        }
        instance = null;
        super.stop(context);
    }

    public static KubetriageUiPlugin getDefault() {
        return instance;
    }

    /** The clusters of this workbench; created on first use so that start-up reads nothing. */
    public synchronized ClusterSession clusterSession() {
        if (clusterSession == null) {
            clusterSession = new ClusterSession(new ClusterSettingsStore(getStateLocation().toFile().toPath()));
        }
        return clusterSession;
    }

    public static void log(IStatus status) {
        ILog.of(KubetriageUiPlugin.class).log(status);
    }

    public static void logError(String message, Throwable error) {
        log(Status.error(message, error));
    }
}
