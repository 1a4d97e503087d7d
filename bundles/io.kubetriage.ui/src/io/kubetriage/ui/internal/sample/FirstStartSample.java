package io.kubetriage.ui.internal.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchWindow;
import org.osgi.service.prefs.BackingStoreException;

import io.kubetriage.core.kubeconfig.KubeconfigLocator;
import io.kubetriage.core.kubeconfig.KubeconfigParser;
import io.kubetriage.core.kubeconfig.KubeconfigSet;
import io.kubetriage.ui.internal.KubetriageUiPlugin;

/**
 * The first start without a cluster: when no kubeconfig file names a context (none in
 * {@code $KUBECONFIG}, no {@code ~/.kube/config}, none added in Kubetriage, or files without
 * contexts) and the sample was never shown in this workspace, the workbench opens the sample
 * incident once its window is up. Someone with clusters never gets it by itself.
 */
public final class FirstStartSample {

    /** Why the workbench did or did not open the sample at this start. */
    public enum Decision {
        /** No context and never shown: the sample is being opened. */
        OPENED,
        /** The kubeconfig files name contexts: the user has clusters. */
        HAS_CLUSTERS,
        /** The sample was opened in this workspace before. */
        SHOWN_BEFORE
    }

    private FirstStartSample() {
    }

    /** Whether the workbench looks at all (see {@link SampleIds#PROP_OPEN_ON_FIRST_START}). */
    public static boolean enabled() {
        return !"false".equalsIgnoreCase(System.getProperty(SampleIds.PROP_OPEN_ON_FIRST_START, "true"));
    }

    /**
     * What the workbench calls after its window opened: in a background job, counts the contexts of
     * the kubeconfig files and, when there are none and the sample was never shown, opens it in the
     * active window.
     *
     * @param decided told the decision, in the job's thread; may be null
     * @return the job, scheduled
     */
    public static Job check(IWorkbench workbench, java.util.function.Consumer<Decision> decided) {
        Display display = workbench.getDisplay();
        Job job = new Job("Looking for kubeconfig contexts") {
            @Override
            protected IStatus run(IProgressMonitor monitor) {
                Decision decision = decide(shownBefore(), contextCount(kubeconfigFiles()));
                if (decision == Decision.OPENED && !display.isDisposed()) {
                    display.asyncExec(() -> {
                        IWorkbenchWindow window = workbench.getActiveWorkbenchWindow();
                        if (window == null && workbench.getWorkbenchWindowCount() > 0) {
                            window = workbench.getWorkbenchWindows()[0];
                        }
                        if (window != null) {
                            SampleIncidentOpener.open(window, true);
                        }
                    });
                }
                if (decided != null) {
                    decided.accept(decision);
                }
                return Status.OK_STATUS;
            }

            @Override
            public boolean belongsTo(Object family) {
                return family == SampleIds.JOB_FAMILY;
            }
        };
        job.setSystem(true);
        job.schedule();
        return job;
    }

    /** The rule: open only when nothing is configured and the sample was never shown. */
    public static Decision decide(boolean shownBefore, int contexts) {
        if (shownBefore) {
            return Decision.SHOWN_BEFORE;
        }
        return contexts > 0 ? Decision.HAS_CLUSTERS : Decision.OPENED;
    }

    /**
     * The kubeconfig files the Clusters view reads: those of {@code $KUBECONFIG} (or
     * {@code ~/.kube/config}) that exist, and those added in Kubetriage.
     */
    public static List<Path> kubeconfigFiles() {
        Set<Path> files = new LinkedHashSet<>();
        KubeconfigLocator.resolve().stream().filter(Files::exists).forEach(files::add);
        KubetriageUiPlugin plugin = KubetriageUiPlugin.getDefault();
        if (plugin != null) {
            files.addAll(plugin.clusterSession().settings().extraKubeconfigFiles());
        }
        return new ArrayList<>(files);
    }

    /** How many contexts the files define; a file that is missing or cannot be read defines none. */
    public static int contextCount(List<Path> files) {
        return KubeconfigSet.load(files.stream().filter(Files::isRegularFile).toList(), new KubeconfigParser())
                .contexts().size();
    }

    // ---------------------------------------------------------------- the workspace's flag

    /** Whether the sample was opened in this workspace before. */
    public static boolean shownBefore() {
        return preferences().getBoolean(SampleIds.PREF_SHOWN, false);
    }

    /** Notes that the sample was opened, so that the next start does not open it again. */
    public static void markShown() {
        IEclipsePreferences prefs = preferences();
        prefs.putBoolean(SampleIds.PREF_SHOWN, true);
        flush(prefs);
    }

    /** Forgets that the sample was opened (for tests and a fresh start). */
    public static void resetShown() {
        IEclipsePreferences prefs = preferences();
        prefs.remove(SampleIds.PREF_SHOWN);
        flush(prefs);
    }

    private static IEclipsePreferences preferences() {
        return InstanceScope.INSTANCE.getNode(KubetriageUiPlugin.PLUGIN_ID);
    }

    private static void flush(IEclipsePreferences prefs) {
        try {
            prefs.flush();
        } catch (BackingStoreException e) {
            KubetriageUiPlugin.logError("Could not save the workspace preferences", e);
        }
    }
}
