package io.kubetriage.phase.rollback.ui;

import java.util.Optional;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.handlers.HandlerUtil;

import io.kubetriage.core.snapshot.ObjectKey;
import io.kubetriage.ui.internal.findings.AffectedObject;
import io.kubetriage.ui.internal.findings.FindingElement;

/**
 * Open Rollout History (Findings view context menu, for KT-ROLLBACK-003): the revisions of the
 * Deployment the selected finding names, in the snapshot it was found in.
 */
public final class OpenRolloutHistoryHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        FindingElement element = selected(HandlerUtil.getCurrentSelection(event));
        Optional<ObjectKey> deployment = element == null ? Optional.empty() : deploymentOf(element);
        if (deployment.isEmpty()) {
            MessageDialog.openInformation(HandlerUtil.getActiveShell(event), "Open Rollout History",
                    "Select a finding about a Deployment in the Findings view.");
            return null;
        }
        try {
            open(HandlerUtil.getActiveWorkbenchWindowChecked(event).getActivePage(), element, deployment.get());
        } catch (PartInitException e) {
            throw new ExecutionException("Could not open the rollout history of " + deployment.get(), e);
        }
        return null;
    }

    /** What the command does: the editor on the Deployment of the finding's snapshot. */
    public static RolloutHistoryEditor open(IWorkbenchPage page, FindingElement element, ObjectKey deployment)
            throws PartInitException {
        RolloutHistoryInput input = new RolloutHistoryInput(element.run().input().snapshot(),
                element.run().snapshot().name(), deployment);
        if (!page.isEditorAreaVisible()) {
            page.setEditorAreaVisible(true);
        }
        return (RolloutHistoryEditor) page.openEditor(input, RolloutHistoryIds.EDITOR_ID);
    }

    /** The Deployment: the selected affected object when it is one, else the first the finding affects. */
    public static Optional<ObjectKey> deploymentOf(FindingElement element) {
        if (element instanceof AffectedObject a) {
            return isDeployment(a.key()) ? Optional.of(a.key()) : Optional.empty();
        }
        return element.finding().affected().stream().filter(OpenRolloutHistoryHandler::isDeployment).findFirst();
    }

    private static boolean isDeployment(ObjectKey key) {
        return key.kind().equals("Deployment") && (key.group().equals("apps") || key.group().isEmpty());
    }

    static FindingElement selected(ISelection selection) {
        if (selection instanceof IStructuredSelection s && s.size() == 1
                && s.getFirstElement() instanceof FindingElement element) {
            return element;
        }
        return null;
    }
}
