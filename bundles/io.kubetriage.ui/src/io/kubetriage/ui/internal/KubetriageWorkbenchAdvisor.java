package io.kubetriage.ui.internal;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.compare.CompareEditorInput;
import org.eclipse.ui.IEditorReference;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.application.IWorkbenchConfigurer;
import org.eclipse.ui.application.IWorkbenchWindowConfigurer;
import org.eclipse.ui.application.WorkbenchAdvisor;
import org.eclipse.ui.application.WorkbenchWindowAdvisor;

import io.kubetriage.ui.internal.sample.FirstStartSample;

/**
 * Workbench-wide policy: the triage perspective, saved layout between sessions, and the built-in
 * sample incident at a first start without clusters.
 */
public final class KubetriageWorkbenchAdvisor extends WorkbenchAdvisor {

    @Override
    public void initialize(IWorkbenchConfigurer configurer) {
        super.initialize(configurer);
        configurer.setSaveAndRestore(true);
    }

    @Override
    public WorkbenchWindowAdvisor createWorkbenchWindowAdvisor(IWorkbenchWindowConfigurer configurer) {
        return new KubetriageWindowAdvisor(configurer);
    }

    @Override
    public String getInitialWindowPerspectiveId() {
        return TriagePerspective.ID;
    }

    @Override
    public void postStartup() {
        super.postStartup();
        // after the window is up, in a job: a first start without any cluster shows the built-in sample
        if (FirstStartSample.enabled()) {
            FirstStartSample.check(getWorkbenchConfigurer().getWorkbench(), null);
        }
    }

    @Override
    public boolean preShutdown() {
        closeCompareEditors();
        KubetriageUiPlugin plugin = KubetriageUiPlugin.getDefault();
        if (plugin != null) {
            plugin.clusterSession().shutdown();
        }
        return true;
    }

    /**
     * Compare editors hold snapshots read into memory and cannot be restored from a saved layout;
     * left open, they would come back as empty "cannot restore" tabs at the next start.
     */
    private void closeCompareEditors() {
        for (IWorkbenchWindow window : getWorkbenchConfigurer().getWorkbench().getWorkbenchWindows()) {
            for (IWorkbenchPage page : window.getPages()) {
                List<IEditorReference> compare = new ArrayList<>();
                for (IEditorReference ref : page.getEditorReferences()) {
                    try {
                        if (ref.getEditorInput() instanceof CompareEditorInput) {
                            compare.add(ref);
                        }
                    } catch (PartInitException e) {
                        compare.add(ref); // an editor that cannot even give its input is not worth keeping
                    }
                }
                page.closeEditors(compare.toArray(IEditorReference[]::new), false);
            }
        }
    }
}
