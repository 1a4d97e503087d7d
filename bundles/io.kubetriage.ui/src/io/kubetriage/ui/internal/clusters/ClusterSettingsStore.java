package io.kubetriage.ui.internal.clusters;

import java.io.IOException;
import java.net.MalformedURLException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.crypto.spec.PBEKeySpec;

import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.equinox.security.storage.ISecurePreferences;
import org.eclipse.equinox.security.storage.SecurePreferencesFactory;
import org.eclipse.equinox.security.storage.StorageException;
import org.eclipse.equinox.security.storage.provider.IProviderHints;
import org.osgi.service.prefs.BackingStoreException;

import io.kubetriage.core.etcd.EtcdEndpoints;
import io.kubetriage.ui.internal.KubetriageUiPlugin;

/**
 * Per-cluster settings made in Kubetriage: etcd endpoints and TLS file paths and the read-only
 * flag in the workspace preferences, the etcd password in Equinox secure storage. The user's
 * kubeconfig files are never written.
 *
 * <p>Secure storage is opened with a generated master password kept in a file only the user can
 * read, so it works on machines without a desktop keyring and never prompts.
 */
public final class ClusterSettingsStore {

    private static final String EXTRA_FILES = "kubeconfig.extraFiles";
    private static final String CLUSTERS = "clusters";
    private static final String ETCD = "etcd";
    private static final String READ_ONLY = "readOnly";
    private static final String SECURE_ROOT = "/io.kubetriage/clusters";
    private static final String ETCD_PASSWORD = "etcdPassword";

    private final Path stateDir;
    private ISecurePreferences secure;

    public ClusterSettingsStore(Path stateDir) {
        this.stateDir = stateDir;
    }

    private static IEclipsePreferences prefs() {
        return InstanceScope.INSTANCE.getNode(KubetriageUiPlugin.PLUGIN_ID);
    }

    /** Kubeconfig files the user added beyond {@code $KUBECONFIG} / {@code ~/.kube/config}. */
    public List<Path> extraKubeconfigFiles() {
        List<Path> files = new ArrayList<>();
        for (String line : prefs().get(EXTRA_FILES, "").split("\n")) {
            if (!line.isBlank()) {
                files.add(Path.of(line));
            }
        }
        return files;
    }

    public void addExtraKubeconfigFile(Path file) throws SettingsException {
        List<Path> files = extraKubeconfigFiles();
        Path normalized = file.toAbsolutePath().normalize();
        if (!files.contains(normalized)) {
            files.add(normalized);
        }
        StringBuilder joined = new StringBuilder();
        files.forEach(f -> joined.append(f).append('\n'));
        prefs().put(EXTRA_FILES, joined.toString());
        flush();
    }

    public Optional<EtcdEndpoints> etcd(String clusterId) {
        String text = clusterNode(clusterId).get(ETCD, null);
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(EtcdEndpoints.fromPreferenceString(text));
        } catch (IllegalArgumentException e) {
            KubetriageUiPlugin.logError("Ignoring unreadable etcd settings of " + clusterId, e);
            return Optional.empty();
        }
    }

    public boolean readOnly(String clusterId) {
        return clusterNode(clusterId).getBoolean(READ_ONLY, false);
    }

    /**
     * Saves the etcd settings of a cluster.
     *
     * @param endpoints null removes the etcd settings and the password
     * @param password  null keeps the stored password, an empty array removes it
     */
    public void save(String clusterId, EtcdEndpoints endpoints, char[] password, boolean readOnly)
            throws SettingsException {
        IEclipsePreferences node = clusterNode(clusterId);
        if (endpoints == null) {
            node.remove(ETCD);
            password = new char[0];
        } else {
            node.put(ETCD, endpoints.toPreferenceString());
        }
        node.putBoolean(READ_ONLY, readOnly);
        flush();
        if (password != null) {
            try {
                ISecurePreferences s = secureNode(clusterId);
                if (password.length == 0) {
                    s.remove(ETCD_PASSWORD);
                } else {
                    s.put(ETCD_PASSWORD, new String(password), true);
                }
                s.flush();
            } catch (StorageException | IOException e) {
                throw new SettingsException("Could not save the etcd password in secure storage: " + e.getMessage(), e);
            }
        }
    }

    /** The stored etcd password, or null when there is none. */
    public char[] etcdPassword(String clusterId) throws SettingsException {
        try {
            String value = secureNode(clusterId).get(ETCD_PASSWORD, null);
            return value == null ? null : value.toCharArray();
        } catch (StorageException | IOException e) {
            throw new SettingsException("Could not read the etcd password from secure storage: " + e.getMessage(), e);
        }
    }

    private static IEclipsePreferences clusterNode(String clusterId) {
        return (IEclipsePreferences) prefs().node(CLUSTERS).node(encode(clusterId));
    }

    /** Preference node names may not contain '/', which cluster ids (file paths) do. */
    static String encode(String clusterId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(clusterId.getBytes(StandardCharsets.UTF_8));
    }

    private static void flush() throws SettingsException {
        try {
            prefs().flush();
        } catch (BackingStoreException e) {
            throw new SettingsException("Could not save the workspace preferences: " + e.getMessage(), e);
        }
    }

    private synchronized ISecurePreferences secureNode(String clusterId) throws IOException {
        if (secure == null) {
            Path dir = stateDir.resolve("secure");
            Files.createDirectories(dir);
            Map<Object, Object> options = new HashMap<>();
            options.put(IProviderHints.DEFAULT_PASSWORD, new PBEKeySpec(masterPassword(dir.resolve("master.key"))));
            options.put(IProviderHints.PROMPT_USER, Boolean.FALSE);
            try {
                secure = SecurePreferencesFactory.open(dir.resolve("secure_storage").toUri().toURL(), options);
            } catch (MalformedURLException e) {
                throw new IOException(e);
            }
            if (secure == null) {
                throw new IOException("secure storage is not available");
            }
        }
        return secure.node(SECURE_ROOT).node(encode(clusterId));
    }

    private static char[] masterPassword(Path keyFile) throws IOException {
        if (!Files.exists(keyFile)) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            Path tmp = Files.createTempFile(keyFile.getParent(), "master", ".tmp");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the file keeps the folder's protection
            }
            Files.writeString(tmp, Base64.getEncoder().encodeToString(random), StandardCharsets.US_ASCII);
            Files.move(tmp, keyFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        return Files.readString(keyFile, StandardCharsets.US_ASCII).trim().toCharArray();
    }

    /** A setting could not be saved or read. */
    public static final class SettingsException extends Exception {
        private static final long serialVersionUID = 1L;

        SettingsException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
