package io.kubetriage.ui.internal.clusters;

import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;

import io.kubetriage.core.cluster.ClusterDescriptor;
import io.kubetriage.core.etcd.EtcdEndpoints;
import io.kubetriage.core.etcd.EtcdEndpointsParser;
import io.kubetriage.ui.internal.TestIds;
import io.kubetriage.ui.internal.clusters.ClusterSettingsStore.SettingsException;

/**
 * The etcd endpoints of one cluster, with the same options etcdctl takes, and the cluster's
 * read-only flag. Validated as the user types; the password goes to secure storage.
 */
final class EtcdSettingsDialog extends TitleAreaDialog {

    private static final int REMOVE_ID = IDialogConstants.CLIENT_ID + 1;

    private final ClusterSession session;
    private final ClusterDescriptor descriptor;
    private Text endpoints;
    private Text caCert;
    private Text cert;
    private Text key;
    private Text user;
    private Text password;
    private Button readOnly;
    private EtcdEndpoints parsed;

    EtcdSettingsDialog(Shell shell, ClusterSession session, ClusterDescriptor descriptor) {
        super(shell);
        this.session = session;
        this.descriptor = descriptor;
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText("etcd Endpoints of " + descriptor.name());
    }

    @Override
    protected boolean isResizable() {
        return true;
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        setTitle("etcd endpoints of " + descriptor.name());
        setMessage("As etcdctl takes them: --endpoints, --cacert, --cert, --key, --user.");
        Composite area = (Composite) super.createDialogArea(parent);
        Composite form = new Composite(area, SWT.NONE);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(form);
        GridLayoutFactory.swtDefaults().numColumns(3).applyTo(form);

        EtcdEndpoints current = descriptor.etcd().orElseGet(EtcdSettingsDialog::fromEnvironment);
        endpoints = field(form, "&Endpoints:", "etcd.endpoints", current == null ? ""
                : String.join(",", current.endpoints().stream().map(Object::toString).toList()), false);
        endpoints.setMessage("https://10.0.0.1:2379,https://10.0.0.2:2379");
        caCert = field(form, "&CA certificate:", "etcd.cacert", current == null || current.caCert() == null ? "" : current.caCert().toString(), true);
        cert = field(form, "Client c&ertificate:", "etcd.cert", current == null || current.cert() == null ? "" : current.cert().toString(), true);
        key = field(form, "Client &key:", "etcd.key", current == null || current.key() == null ? "" : current.key().toString(), true);
        user = field(form, "&User:", "etcd.user", current == null || current.user() == null ? "" : current.user(), false);
        createPasswordRow(form);

        readOnly = new Button(form, SWT.CHECK);
        readOnly.setText("&Read-only: a production cluster; quick fixes only preview");
        readOnly.setSelection(descriptor.readOnly());
        readOnly.setData(TestIds.KEY, "etcd.readOnly");
        GridDataFactory.swtDefaults().span(3, 1).applyTo(readOnly);
        validate();
        return area;
    }

    /**
     * etcdctl's environment (ETCDCTL_ENDPOINTS and the TLS variables) as a starting point when the
     * cluster has no etcd settings yet; null when the environment names no endpoint or is invalid.
     */
    private static EtcdEndpoints fromEnvironment() {
        Map<String, String> env = System.getenv();
        String endpoints = env.get("ETCDCTL_ENDPOINTS");
        if (endpoints == null || endpoints.isBlank()) {
            return null;
        }
        try {
            return EtcdEndpointsParser.parse(Map.of(), env);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private void createPasswordRow(Composite form) {
        Label label = new Label(form, SWT.NONE);
        label.setText("&Password:");
        password = new Text(form, SWT.BORDER | SWT.PASSWORD);
        password.setData(TestIds.KEY, "etcd.password");
        password.setMessage("unchanged; stored in secure storage");
        GridDataFactory.fillDefaults().grab(true, false).applyTo(password);
        new Label(form, SWT.NONE);
    }

    private Text field(Composite form, String label, String id, String value, boolean file) {
        new Label(form, SWT.NONE).setText(label);
        Text text = new Text(form, SWT.BORDER);
        text.setText(value);
        text.setData(TestIds.KEY, id);
        text.addModifyListener(e -> validate());
        GridDataFactory.fillDefaults().grab(true, false).hint(360, SWT.DEFAULT).applyTo(text);
        if (file) {
            Button browse = new Button(form, SWT.PUSH);
            browse.setText("Browse…");
            browse.addListener(SWT.Selection, e -> {
                FileDialog dialog = new FileDialog(getShell(), SWT.OPEN);
                dialog.setFileName(text.getText());
                String chosen = dialog.open();
                if (chosen != null) {
                    text.setText(chosen);
                }
            });
        } else {
            new Label(form, SWT.NONE);
        }
        return text;
    }

    private void validate() {
        if (endpoints == null || key == null || user == null) {
            return;
        }
        Map<String, String> flags = new LinkedHashMap<>();
        put(flags, "endpoints", endpoints.getText());
        put(flags, "cacert", caCert.getText());
        put(flags, "cert", cert.getText());
        put(flags, "key", key.getText());
        put(flags, "user", user.getText());
        try {
            parsed = endpoints.getText().isBlank() ? null : EtcdEndpointsParser.parse(flags, Map.of());
            setErrorMessage(null);
        } catch (IllegalArgumentException e) {
            parsed = null;
            setErrorMessage(e.getMessage());
        }
        Button ok = getButton(IDialogConstants.OK_ID);
        if (ok != null) {
            ok.setEnabled(parsed != null || endpoints.getText().isBlank());
        }
    }

    private static void put(Map<String, String> flags, String name, String value) {
        if (!value.isBlank()) {
            flags.put(name, value.strip());
        }
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        createButton(parent, REMOVE_ID, "Remove etcd", false).setEnabled(descriptor.etcd().isPresent());
        super.createButtonsForButtonBar(parent);
        validate();
    }

    @Override
    protected void buttonPressed(int buttonId) {
        if (buttonId == REMOVE_ID) {
            if (save(null, new char[0])) {
                super.okPressed();
            }
            return;
        }
        super.buttonPressed(buttonId);
    }

    @Override
    protected void okPressed() {
        char[] pw = password.getText().isEmpty() ? null : password.getText().toCharArray();
        if (save(parsed, pw)) {
            super.okPressed();
        }
    }

    private boolean save(EtcdEndpoints endpointsToSave, char[] pw) {
        try {
            session.saveClusterSettings(descriptor.id(), endpointsToSave, pw, readOnly.getSelection());
            return true;
        } catch (SettingsException e) {
            setErrorMessage(e.getMessage());
            return false;
        }
    }
}
