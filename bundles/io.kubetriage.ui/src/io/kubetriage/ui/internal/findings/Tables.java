package io.kubetriage.ui.internal.findings;

import java.util.function.Function;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.TableColumnLayout;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ColumnWeightData;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;

import io.kubetriage.ui.internal.TestIds;

/**
 * The layout the Findings and Fix History views share — a status line above the content — and
 * their read-only tables (and the Quick Fix dialog's): one row selected at a time, headers and
 * lines shown, columns sharing the width by weight.
 */
public final class Tables {

    private Tables() {
    }

    /** The view's area: one column, no margins. */
    public static Composite viewArea(Composite parent) {
        Composite root = new Composite(parent, SWT.NONE);
        GridLayout layout = new GridLayout(1, false);
        layout.marginWidth = 0;
        layout.marginHeight = 0;
        root.setLayout(layout);
        return root;
    }

    /** The status line at the top of a {@link #viewArea}, named for the UI tests. */
    public static Label statusLine(Composite area, String testId) {
        Label status = new Label(area, SWT.WRAP);
        status.setData(TestIds.KEY, testId);
        GridDataFactory.fillDefaults().grab(true, false).indent(4, 2).applyTo(status);
        return status;
    }

    /** A table of a list input, in a holder of its own that lays the columns out; named for the UI tests. */
    public static TableViewer table(Composite parent, String testId) {
        Composite holder = new Composite(parent, SWT.NONE);
        holder.setLayout(new TableColumnLayout());
        TableViewer table = new TableViewer(holder, SWT.BORDER | SWT.SINGLE | SWT.FULL_SELECTION);
        table.getTable().setHeaderVisible(true);
        table.getTable().setLinesVisible(true);
        table.getTable().setData(TestIds.KEY, testId);
        table.setContentProvider(ArrayContentProvider.getInstance());
        return table;
    }

    /** A column of a {@link #table}: its text for each row (null shows empty), its share of the width. */
    public static TableViewerColumn column(TableViewer table, String name, int weight, Function<Object, String> text) {
        TableViewerColumn column = new TableViewerColumn(table, SWT.LEFT);
        column.getColumn().setText(name);
        column.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                String t = text.apply(element);
                return t == null ? "" : t;
            }
        });
        ((TableColumnLayout) table.getTable().getParent().getLayout()).setColumnData(column.getColumn(),
                new ColumnWeightData(weight, 50, true));
        return column;
    }
}
