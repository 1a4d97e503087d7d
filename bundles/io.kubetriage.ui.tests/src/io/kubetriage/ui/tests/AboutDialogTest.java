package io.kubetriage.ui.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;
import org.osgi.framework.FrameworkUtil;

import io.kubetriage.test.support.ui.Widgets;
import io.kubetriage.ui.internal.AboutKubetriageDialog;

class AboutDialogTest {

    @Test
    void namesTheProductAndTheVersionOfTheRunningBundles() {
        Display display = PlatformUI.getWorkbench().getDisplay();
        AboutKubetriageDialog dialog = new AboutKubetriageDialog(display.getActiveShell());
        dialog.setBlockOnOpen(false);
        dialog.open();
        try {
            Text text = (Text) Widgets.find(dialog.getShell(), AboutKubetriageDialog.VERSION_TEXT_ID);
            String version = FrameworkUtil.getBundle(AboutKubetriageDialog.class).getVersion().toString();
            assertTrue(text.getText().startsWith("Kubetriage\nVersion " + version), text.getText());
            assertTrue(dialog.getShell().getText().equals("About Kubetriage"), dialog.getShell().getText());
        } finally {
            dialog.close();
        }
    }
}
