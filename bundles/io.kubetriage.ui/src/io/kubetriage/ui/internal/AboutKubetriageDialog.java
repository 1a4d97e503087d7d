package io.kubetriage.ui.internal;

import org.eclipse.core.runtime.IProduct;
import org.eclipse.core.runtime.Platform;
import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/** Product name, version and the runtime it runs on: what a support request needs. */
public final class AboutKubetriageDialog extends Dialog {

    public static final String VERSION_TEXT_ID = "about.version";

    public AboutKubetriageDialog(Shell parent) {
        super(parent);
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText("About Kubetriage");
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        GridLayoutFactory.swtDefaults().numColumns(2).spacing(16, 8).applyTo(area);

        Label logo = new Label(area, SWT.NONE);
        logo.setImage(Images.get(Images.PRODUCT));
        GridDataFactory.swtDefaults().align(SWT.BEGINNING, SWT.BEGINNING).applyTo(logo);

        Text text = new Text(area, SWT.MULTI | SWT.READ_ONLY | SWT.WRAP);
        text.setData(TestIds.KEY, VERSION_TEXT_ID);
        text.setText(describe());
        GridDataFactory.fillDefaults().grab(true, true).hint(420, SWT.DEFAULT).applyTo(text);
        return area;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        createButton(parent, IDialogConstants.OK_ID, IDialogConstants.CLOSE_LABEL, true);
    }

    static String describe() {
        IProduct product = Platform.getProduct();
        String name = product != null && product.getName() != null ? product.getName() : "Kubetriage";
        Bundle bundle = FrameworkUtil.getBundle(AboutKubetriageDialog.class);
        return name + "\nVersion " + bundle.getVersion()
                + "\n\nFind out why a Kubernetes cluster is broken and repair it safely."
                + "\n\nJava " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
                + "\nWorkspace " + Platform.getInstanceLocation().getURL();
    }
}
