package io.kubetriage.ui.internal.clusters;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.ui.handlers.HandlerUtil;

/** The cluster ids a command applies to: the selected cluster rows, or every context of a selected file. */
final class SelectedClusters {

    private SelectedClusters() {
    }

    static List<String> of(ExecutionEvent event, ClusterSession session) {
        List<String> ids = new ArrayList<>();
        if (HandlerUtil.getCurrentSelection(event) instanceof IStructuredSelection selection) {
            for (Object element : selection) {
                if (element instanceof ClusterNode node) {
                    ids.add(node.id());
                } else if (element instanceof KubeconfigFileEntry file) {
                    session.registry().all().stream()
                            .filter(d -> d.context().sourceFile().equals(file.file()))
                            .forEach(d -> ids.add(d.id()));
                }
            }
        }
        return ids.stream().distinct().toList();
    }
}
