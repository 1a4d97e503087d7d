package io.kubetriage.sample.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.kubetriage.core.etcd.section.EtcdSection;
import io.kubetriage.core.etcd.section.EtcdSectionCodec;
import io.kubetriage.core.snapshot.Snapshot;
import io.kubetriage.core.snapshot.SnapshotManifest;
import io.kubetriage.core.snapshot.store.SecretRedaction;
import io.kubetriage.core.snapshot.store.SnapshotStore;
import io.kubetriage.sample.SampleIncident;
import io.kubetriage.sample.SampleIncidentException;

/** The sample's snapshot files: they load from the bundle, say what they are, and went back in time. */
class SampleIncidentFilesTest {

    @Test
    void thePairLoadsWithTheNamesAndClusterTheSampleAnnounces() {
        SnapshotManifest before = SamplePair.BEFORE.manifest();
        SnapshotManifest after = SamplePair.AFTER.manifest();
        assertEquals(SampleIncident.BEFORE_NAME, before.name());
        assertEquals(SampleIncident.AFTER_NAME, after.name());
        assertEquals(SampleIncident.CLUSTER_NAME, before.clusterName());
        assertEquals(SampleIncident.CLUSTER_NAME, after.clusterName());
        assertNotEquals(before.id(), after.id(), "two snapshots, two ids");
        assertTrue(before.captureEnd().isBefore(after.captureStart()), "before was captured first");
        assertTrue(before.isComplete(), "every source of BEFORE is complete: " + before.sources());
        assertTrue(after.isComplete(), "every source of AFTER is complete: " + after.sources());
        assertTrue(SamplePair.BEFORE.objectCount() > 50, "a realistic cluster: " + SamplePair.BEFORE.objectCount());
    }

    @Test
    void secretsAreRedactedAsInEverySnapshot() {
        for (Snapshot s : new Snapshot[] {SamplePair.BEFORE, SamplePair.AFTER}) {
            assertTrue(s.manifest().secretsRedacted(), s.manifest().name());
            long secrets = s.objects().stream().filter(o -> o.key().kind().equals("Secret")).peek(o -> {
                SamplePair.json(o).path("data").forEach(v -> assertTrue(SecretRedaction.isRedacted(v.asText()),
                        o.key() + " holds a value that is not redacted"));
            }).count();
            assertTrue(secrets > 0, "the service account token Secrets are there, redacted");
            EtcdSection etcd = etcd(s);
            assertTrue(etcd.keys().stream().filter(k -> k.key().startsWith("/registry/secrets/"))
                    .noneMatch(k -> k.hasValue()), "the etcd section keeps no Secret value");
        }
    }

    @Test
    void afterTheRestoreTheStoreServesALowerRevision() {
        EtcdSection before = etcd(SamplePair.BEFORE);
        EtcdSection after = etcd(SamplePair.AFTER);
        assertTrue(after.revision() < before.revision(), "etcd revision before " + before.revision() + ", after "
                + after.revision());
        assertTrue(SamplePair.AFTER.maxResourceVersion() < SamplePair.BEFORE.maxResourceVersion(),
                "the objects went back too");
        assertFalse(before.keys().isEmpty());
        assertTrue(before.valueCount() > 0, "values are kept for /registry/ keys");
    }

    @Test
    void theFilesCanBeCopiedAndImportedLikeAnySnapshot(@TempDir Path dir) throws Exception {
        for (String entry : SampleIncident.entries()) {
            Path copy = SampleIncident.copy(entry, dir.resolve(Path.of(entry).getFileName().toString()));
            assertEquals(SampleIncident.load(entry).manifest().id(), SnapshotStore.readManifest(copy).id(), entry);
        }
    }

    @Test
    void aMissingEntryIsNamedInTheError() {
        SampleIncidentException e = assertThrows(SampleIncidentException.class,
                () -> SampleIncident.load("sample/no-such.ktsnap"));
        assertTrue(e.getMessage().contains("sample/no-such.ktsnap") && e.getMessage().contains("missing"),
                e.getMessage());
    }

    @Test
    void aCorruptFileIsReportedAsCorrupt(@TempDir Path dir) throws Exception {
        Path good = SampleIncident.copy(SampleIncident.AFTER_ENTRY, dir.resolve("after.ktsnap"));
        byte[] bytes = Files.readAllBytes(good);
        Path truncated = Files.write(dir.resolve("truncated.ktsnap"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        SampleIncidentException e = assertThrows(SampleIncidentException.class,
                () -> SampleIncident.read(truncated.toUri().toURL(), "after.ktsnap"));
        assertTrue(e.getMessage().contains("after.ktsnap") && e.getMessage().contains("corrupt"), e.getMessage());
    }

    static EtcdSection etcd(Snapshot s) {
        try {
            return EtcdSectionCodec.fromSnapshot(s)
                    .orElseThrow(() -> new AssertionError(s.manifest().name() + " has no etcd section"));
        } catch (Exception e) {
            throw new AssertionError(s.manifest().name() + ": " + e.getMessage(), e);
        }
    }
}
