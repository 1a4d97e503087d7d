package io.kubetriage.ui.internal.nodes;

import org.eclipse.core.runtime.ListenerList;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.ISelectionChangedListener;
import org.eclipse.jface.viewers.ISelectionProvider;
import org.eclipse.jface.viewers.SelectionChangedEvent;
import org.eclipse.jface.viewers.StructuredSelection;

/**
 * The selection of the Node Networking view for commands and context menus: the selected
 * {@link NodeSnapshot.IpvsRow} or {@link NodeSnapshot.RuleRow}, or nothing. Commands read the
 * snapshot and node from the view, the active part.
 */
final class RowSelection implements ISelectionProvider {

    private final ListenerList<ISelectionChangedListener> listeners = new ListenerList<>();
    private ISelection current = StructuredSelection.EMPTY;

    void changed(Object row) {
        current = row == null ? StructuredSelection.EMPTY : new StructuredSelection(row);
        SelectionChangedEvent event = new SelectionChangedEvent(this, current);
        listeners.forEach(l -> l.selectionChanged(event));
    }

    @Override
    public void addSelectionChangedListener(ISelectionChangedListener listener) {
        listeners.add(listener);
    }

    @Override
    public ISelection getSelection() {
        return current;
    }

    @Override
    public void removeSelectionChangedListener(ISelectionChangedListener listener) {
        listeners.remove(listener);
    }

    @Override
    public void setSelection(ISelection selection) {
        // the selection follows the tables
    }
}
