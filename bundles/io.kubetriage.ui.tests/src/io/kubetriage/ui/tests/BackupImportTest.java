package io.kubetriage.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.kubetriage.core.snapshot.ObjectKey;
import io.kubetriage.core.snapshot.Snapshot;
import io.kubetriage.core.snapshot.store.SnapshotStore;
import io.kubetriage.test.support.etcd.EtcdServerExtension;
import io.kubetriage.test.support.ui.UiWait;
import io.kubetriage.ui.internal.snapshots.ClusterSnapshots;
import io.kubetriage.ui.internal.snapshots.ImportSnapshotHandler;
import io.kubetriage.ui.internal.snapshots.SnapshotEntry;
import io.kubetriage.ui.internal.snapshots.SnapshotLibrary;

/** Importing a real etcd backup (etcdctl snapshot save) into the snapshot library turns it into a snapshot. */
class BackupImportTest {

    @RegisterExtension
    static final EtcdServerExtension ETCD = EtcdServerExtension.plain();

    @Test
    void anEtcdBackupBecomesASnapshotOfItsObjects() throws Exception {
        ETCD.etcdctl("put", "/registry/configmaps/shop/web-config",
                "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"web-config\",\"namespace\":\"shop\"},"
                        + "\"data\":{\"LOG_LEVEL\":\"info\"}}");
        ETCD.etcdctl("put", "/registry/namespaces/shop",
                "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"shop\"}}");
        Path backup = ETCD.workDir().resolve("import-" + System.nanoTime() + ".db");
        ETCD.etcdctl("snapshot", "save", backup.toString());
        Display display = PlatformUI.getWorkbench().getDisplay();
        SnapshotLibrary library = SnapshotLibrary.getDefault();
        String cluster = "backup " + backup.getFileName();

        ImportSnapshotHandler.importFiles(library, List.of(backup));

        UiWait.until(display, "the backup listed as a snapshot", Duration.ofSeconds(60),
                () -> Job.getJobManager().find(SnapshotLibrary.JOB_FAMILY).length == 0 && entry(library, cluster).isPresent(),
                () -> library.clusters().toString());
        SnapshotEntry entry = entry(library, cluster).orElseThrow();
        Snapshot snapshot = SnapshotStore.read(entry.file());
        assertEquals(2, snapshot.objectCount(), snapshot.objects()::toString);
        String rv = snapshot.object(new ObjectKey("", "ConfigMap", "shop", "web-config")).orElseThrow().resourceVersion();
        assertTrue(Long.parseLong(rv) > 0, "resourceVersion is the key's mod revision: " + rv);
        assertTrue(snapshot.manifest().sources().stream().anyMatch(s -> s.source().startsWith("etcd")),
                snapshot.manifest().sources()::toString);
    }

    @Test
    void aFileThatIsNeitherSnapshotNorBackupIsRecognisedAsNeither() throws Exception {
        Path junk = ETCD.workDir().resolve("junk.db");
        java.nio.file.Files.writeString(junk, "not a database at all");
        assertTrue(!ImportSnapshotHandler.isEtcdBackup(junk));
    }

    private static Optional<SnapshotEntry> entry(SnapshotLibrary library, String cluster) {
        return library.clusters().stream().filter(c -> c.clusterName().equals(cluster))
                .map(ClusterSnapshots::snapshots).flatMap(List::stream).findFirst();
    }
}
