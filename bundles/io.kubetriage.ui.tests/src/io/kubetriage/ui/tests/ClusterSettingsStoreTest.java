package io.kubetriage.ui.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.kubetriage.core.etcd.EtcdEndpoints;
import io.kubetriage.ui.internal.clusters.ClusterSettingsStore;

/** Per-cluster settings in the workspace preferences, the etcd password in secure storage. */
class ClusterSettingsStoreTest {

    private static final String PASSWORD = "s3cret-Pa55word-for-etcd";

    @TempDir
    Path state;

    @Test
    void etcdSettingsAndPasswordRoundTripAndThePasswordIsNotStoredInClear() throws Exception {
        ClusterSettingsStore store = new ClusterSettingsStore(state);
        String id = "/home/admin/.kube/config#prod " + System.nanoTime();
        EtcdEndpoints etcd = new EtcdEndpoints(List.of(java.net.URI.create("https://10.0.0.1:2379")),
                Path.of("/etc/kubernetes/pki/etcd/ca.crt"), Path.of("/etc/kubernetes/pki/etcd/client.crt"),
                Path.of("/etc/kubernetes/pki/etcd/client.key"), "root", Duration.ofSeconds(3), false);

        store.save(id, etcd, PASSWORD.toCharArray(), true);

        ClusterSettingsStore reopened = new ClusterSettingsStore(state);
        assertEquals(etcd, reopened.etcd(id).orElseThrow());
        assertTrue(reopened.readOnly(id));
        assertArrayEquals(PASSWORD.toCharArray(), reopened.etcdPassword(id));
        try (Stream<Path> files = Files.walk(state)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertFalse(Files.readString(f, StandardCharsets.ISO_8859_1).contains(PASSWORD), f + " holds the password");
            }
        }
        Path key = state.resolve("secure/master.key");
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(key));
    }

    @Test
    void aNullPasswordKeepsTheStoredOneAndRemovingEtcdForgetsIt() throws Exception {
        ClusterSettingsStore store = new ClusterSettingsStore(state);
        String id = "cluster-" + System.nanoTime();
        EtcdEndpoints etcd = EtcdEndpoints.localDefault();
        store.save(id, etcd, PASSWORD.toCharArray(), false);
        store.save(id, etcd, null, false);
        assertArrayEquals(PASSWORD.toCharArray(), store.etcdPassword(id));

        store.save(id, null, null, false);
        assertTrue(store.etcd(id).isEmpty());
        assertNull(store.etcdPassword(id));
        assertFalse(store.readOnly(id));
    }

    @Test
    void addedKubeconfigFilesAreRememberedOnceEach() throws IOException, ClusterSettingsStore.SettingsException {
        ClusterSettingsStore store = new ClusterSettingsStore(state);
        Path file = state.resolve("extra-" + System.nanoTime() + ".yaml");
        store.addExtraKubeconfigFile(file);
        store.addExtraKubeconfigFile(file);
        assertEquals(1, store.extraKubeconfigFiles().stream().filter(file::equals).count());
    }
}
