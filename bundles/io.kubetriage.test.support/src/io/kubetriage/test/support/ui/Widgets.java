package io.kubetriage.test.support.ui;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;

/**
 * Finds widgets by the test id they carry under SWTBot's data key, so tests read like SWTBot's
 * {@code bot.treeWithId(...)} and can move to it by a dependency change.
 */
public final class Widgets {

    /** SWTBot's {@code SWTBotPreferences.DEFAULT_KEY}. */
    public static final String ID_KEY = "org.eclipse.swtbot.widget.key";

    private Widgets() {
    }

    /** The first control with the id under any open shell, or null. Call on the UI thread. */
    public static Control find(Display display, String id) {
        for (Shell shell : display.getShells()) {
            Control found = find(shell, id);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** The first control with the id under {@code root} (included), or null. */
    public static Control find(Control root, String id) {
        if (root.isDisposed()) {
            return null;
        }
        if (id.equals(root.getData(ID_KEY))) {
            return root;
        }
        if (root instanceof Composite composite) {
            for (Control child : composite.getChildren()) {
                Control found = find(child, id);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** Every control with the id under {@code root}. */
    public static List<Control> findAll(Control root, String id) {
        List<Control> all = new ArrayList<>();
        collect(root, id, all);
        return all;
    }

    private static void collect(Control root, String id, List<Control> into) {
        if (root.isDisposed()) {
            return;
        }
        if (id.equals(root.getData(ID_KEY))) {
            into.add(root);
        }
        if (root instanceof Composite composite) {
            for (Control child : composite.getChildren()) {
                collect(child, id, into);
            }
        }
    }
}
