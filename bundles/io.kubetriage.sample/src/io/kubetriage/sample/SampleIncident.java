package io.kubetriage.sample;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

import io.kubetriage.core.snapshot.Snapshot;
import io.kubetriage.core.snapshot.store.SnapshotFormatException;
import io.kubetriage.core.snapshot.store.SnapshotStore;

/**
 * The sample incident that ships with Kubetriage: the founding incident, captured on a real
 * control plane (etcd, kube-apiserver and kube-controller-manager v1.20) before and after an old
 * etcd backup was restored under the running API server, with the node data of its one node
 * ({@code master-1}: iptables, IPVS, addresses, CNI files, static Pod manifests).
 *
 * <p>The two snapshots are files of the snapshot store's format in this bundle ({@value #BEFORE_ENTRY},
 * {@value #AFTER_ENTRY}), so they can also be imported like any other snapshot. They are generated
 * by {@code releng/scripts/make-sample-incident.sh}.
 */
public final class SampleIncident {

    /** The cluster name both snapshots carry. */
    public static final String CLUSTER_NAME = "kubetriage-sample";
    /** The one node of the sample cluster. */
    public static final String NODE = "master-1";
    /** The bundle entry of the snapshot before the restore. */
    public static final String BEFORE_ENTRY = "sample/before.ktsnap";
    /** The bundle entry of the snapshot after the restore. */
    public static final String AFTER_ENTRY = "sample/after.ktsnap";

    /** The name of the snapshot before the restore (as its manifest says). */
    public static final String BEFORE_NAME = "Sample incident: before the etcd restore";
    /** The name of the snapshot after the restore (as its manifest says). */
    public static final String AFTER_NAME = "Sample incident: after the etcd restore";

    /** A title for the sample as a whole. */
    public static final String TITLE = "Sample incident: an old etcd backup restored on a running cluster";
    /** What the sample shows, in a few sentences. */
    public static final String DESCRIPTION = "A single-master kubeadm cluster (Calico, kube-proxy in IPVS mode, "
            + "Service CIDR 10.233.0.0/18). An administrator restored a three-day-old etcd backup under the running "
            + "API server. Every object went back three days; kube-proxy's rules and IPVS virtual services were "
            + "lost, so the kubernetes ClusterIP 10.233.0.1:443 is no longer served; Calico reaches the API server "
            + "through that ClusterIP, so calico-node is not Ready and new Pods get no network. Compare the two "
            + "snapshots and read the findings, cause first.";
    /** What the snapshot before the restore shows. */
    public static final String BEFORE_DESCRIPTION = "The healthy cluster after three days of changes (rollouts of "
            + "shop/web and shop/api, a new shop/cart Service), with its etcd keys and the node's IPVS table "
            + "serving every ClusterIP.";
    /** What the snapshot after the restore shows. */
    public static final String AFTER_DESCRIPTION = "The same cluster right after the day-0 backup was restored: "
            + "the store's revision went back, the kube-scheduler mirror Pod is gone, kube-proxy's KUBE-* chains "
            + "and IPVS services are empty, calico-node is not Ready and the new Pod default/nettest fails with "
            + "'dial tcp 10.233.0.1:443: i/o timeout'.";

    private static final String BUNDLE = "io.kubetriage.sample";

    private SampleIncident() {
    }

    /**
     * The snapshot before the restore: the baseline to diagnose {@link #after()} against.
     *
     * @throws SampleIncidentException when the file is missing or corrupt
     */
    public static Snapshot before() {
        return load(BEFORE_ENTRY);
    }

    /**
     * The snapshot after the restore: the one to diagnose.
     *
     * @throws SampleIncidentException when the file is missing or corrupt
     */
    public static Snapshot after() {
        return load(AFTER_ENTRY);
    }

    /** The bundle entries of the two snapshots, before first. */
    public static List<String> entries() {
        return List.of(BEFORE_ENTRY, AFTER_ENTRY);
    }

    /**
     * Reads a snapshot file of this bundle, e.g. {@value #BEFORE_ENTRY}.
     *
     * @throws SampleIncidentException when the entry is missing or not a readable snapshot
     */
    public static Snapshot load(String entry) {
        return read(locate(entry), entry);
    }

    /**
     * Copies a snapshot file of this bundle to {@code target} (e.g. to import it into a snapshot
     * library), replacing a file of that name.
     *
     * @throws SampleIncidentException when the entry is missing
     * @throws IOException             when the copy cannot be written
     */
    public static Path copy(String entry, Path target) throws IOException {
        try (InputStream in = locate(entry).openStream()) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    /**
     * Reads a snapshot from a URL, naming it {@code what} in errors.
     *
     * @throws SampleIncidentException when it cannot be read or is not a readable snapshot
     */
    public static Snapshot read(URL source, String what) {
        Path temp = null;
        try {
            // the store reads a zip file with random access; a bundle entry may sit inside a jar
            temp = Files.createTempFile("kubetriage-sample-", SnapshotStore.EXTENSION);
            try (InputStream in = source.openStream()) {
                Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
            }
            return SnapshotStore.read(temp);
        } catch (SnapshotFormatException e) {
            throw new SampleIncidentException("The sample incident's " + what + " is corrupt: "
                    + e.getMessage().replace(String.valueOf(temp), what), e);
        } catch (IOException e) {
            throw new SampleIncidentException("The sample incident's " + what + " cannot be read: " + e.getMessage(),
                    e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    temp.toFile().deleteOnExit();
                }
            }
        }
    }

    /** The URL of an entry of this bundle (or, outside OSGi, of the class path). */
    private static URL locate(String entry) {
        Bundle bundle = FrameworkUtil.getBundle(SampleIncident.class);
        URL url = bundle != null ? bundle.getEntry(entry) : SampleIncident.class.getClassLoader().getResource(entry);
        if (url == null) {
            throw new SampleIncidentException("The sample incident is missing from this installation: bundle "
                    + BUNDLE + " has no " + entry, null);
        }
        return url;
    }
}
