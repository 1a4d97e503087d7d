package io.kubetriage.connector.etcd.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.kubetriage.connector.etcd.keys.EtcdKeyReader;
import io.kubetriage.core.etcd.EtcdEndpointsParser;
import io.kubetriage.core.etcd.backup.BackupFormatException;
import io.kubetriage.core.etcd.backup.EtcdBackup;
import io.kubetriage.core.etcd.section.EtcdKeyInfo;
import io.kubetriage.core.etcd.section.EtcdSection;
import io.kubetriage.core.etcd.section.EtcdSectionCodec;
import io.kubetriage.core.snapshot.ApiObject;
import io.kubetriage.core.snapshot.ObjectKey;
import io.kubetriage.core.snapshot.Snapshot;
import io.kubetriage.core.snapshot.SourceState;
import io.kubetriage.core.snapshot.SourceStatus;
import io.kubetriage.core.snapshot.store.SecretRedaction;
import io.kubetriage.test.support.etcd.EtcdServerExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The story of a blind restore, with a real etcd and real {@code etcdctl snapshot save} files: the
 * store holds protobuf-encoded objects as the API server writes them; backup A is taken; then a
 * Deployment is rolled out to a new image, a ConfigMap deleted and a Pod created; backup B is taken.
 * A turned into a snapshot must show the day-0 objects, and the restore impact of A against the
 * current state (B) must name exactly what a restore of A would undo.
 */
class BackupSnapshotAndImpactTest {

    @RegisterExtension
    static final EtcdServerExtension ETCD = EtcdServerExtension.plain();

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String DEPLOYMENT = "/registry/deployments/shop/web";
    private static final String CONFIG_MAP = "/registry/configmaps/shop/settings";
    private static final String SECRET = "/registry/secrets/shop/db";
    private static final String OLD_POD = "/registry/pods/shop/web-7d4b9-abcde";
    private static final String NEW_POD = "/registry/pods/shop/web-8f6c2-xyz12";
    private static final String EVENT = "/registry/events/shop/web.17a2b3c4d5e6f708";
    private static final String RANGE = "/registry/ranges/serviceips";

    private static Path backupA;
    private static Path backupB;
    private static long deploymentRevA;
    private static long configMapRevA;
    private static long secretRevA;
    private static long oldPodRevA;
    private static long deploymentRevB;
    private static long newPodRevB;

    @BeforeAll
    static void writeStoreAndTakeBackups() throws Exception {
        KubeStore store = new KubeStore(ETCD);
        store.put(RANGE, KubeStore.serviceIpRange());
        store.put("/unrelated/key", "not Kubernetes".getBytes(StandardCharsets.UTF_8));
        store.put(DEPLOYMENT, KubeStore.deployment("shop", "web", "3", "web:2.4.0"));
        deploymentRevA = store.put(DEPLOYMENT, KubeStore.deployment("shop", "web", "4", "web:2.4.1"));
        configMapRevA = store.put(CONFIG_MAP, KubeStore.configMap("shop", "settings", "mode", "fast"));
        secretRevA = store.put(SECRET, KubeStore.secret("shop", "db", "password", "s3cr3t"));
        oldPodRevA = store.put(OLD_POD, KubeStore.pod("shop", "web-7d4b9-abcde", "web:2.4.1"));
        store.put(EVENT, KubeStore.event("shop", "web.17a2b3c4d5e6f708", "ScalingReplicaSet"));
        backupA = ETCD.workDir().resolve("a.db");
        ETCD.etcdctl("snapshot", "save", backupA.toString());

        deploymentRevB = store.put(DEPLOYMENT, KubeStore.deployment("shop", "web", "5", "web:2.5.0"));
        store.delete(CONFIG_MAP);
        newPodRevB = store.put(NEW_POD, KubeStore.pod("shop", "web-8f6c2-xyz12", "web:2.5.0"));
        backupB = ETCD.workDir().resolve("b.db");
        ETCD.etcdctl("snapshot", "save", backupB.toString());
    }

    private static EtcdSection section(Path file) throws Exception {
        try (EtcdBackup backup = EtcdBackup.open(file)) {
            return EtcdSnapshotBuilder.sectionOf(backup, "backup " + file);
        }
    }

    private static long revision(Path file) throws Exception {
        try (EtcdBackup backup = EtcdBackup.open(file)) {
            return backup.revision();
        }
    }

    private static JsonNode json(ApiObject object) {
        return JSON.readTree(object.json());
    }

    @Test
    void backupBecomesASnapshotOfTheDayZeroObjects() throws Exception {
        Snapshot snapshot = new EtcdSnapshotBuilder().fromBackup(backupA, "prod", new NullProgressMonitor());

        assertEquals("prod", snapshot.manifest().clusterName());
        assertNull(snapshot.manifest().serverVersion());
        assertNull(snapshot.manifest().serverUrl());
        assertTrue(snapshot.manifest().secretsRedacted());
        assertTrue(snapshot.manifest().name().contains("a.db"), snapshot.manifest().name());
        assertEquals(Files.getLastModifiedTime(backupA).toInstant().toEpochMilli(),
                snapshot.manifest().captureEnd().toEpochMilli());
        assertEquals(List.of(
                new SourceStatus(EtcdSnapshotBuilder.SOURCE_KEYS, SourceState.COMPLETE, 6, null),
                new SourceStatus(EtcdSnapshotBuilder.SOURCE_DECODE, SourceState.COMPLETE, 5, null)),
                snapshot.manifest().sources());

        assertEquals(List.of(new ObjectKey("", "ConfigMap", "shop", "settings"),
                new ObjectKey("", "Pod", "shop", "web-7d4b9-abcde"), new ObjectKey("", "Secret", "shop", "db"),
                new ObjectKey("apps", "Deployment", "shop", "web")),
                snapshot.objects().stream().map(ApiObject::key).toList());

        ApiObject deployment = snapshot.object(new ObjectKey("apps", "Deployment", "shop", "web")).orElseThrow();
        assertEquals(Long.toString(deploymentRevA), deployment.resourceVersion());
        assertEquals("apps/v1", deployment.apiVersion());
        assertEquals("d0000000-0000-4000-8000-000000000001", deployment.uid());
        JsonNode d = json(deployment);
        assertEquals("4", d.path("metadata").path("annotations").path("deployment.kubernetes.io/revision").asString());
        assertEquals("web:2.4.1", d.path("spec").path("template").path("spec").path("containers").get(0)
                .path("image").asString());
        assertTrue(d.path("metadata").path("managedFields").isMissingNode(), deployment.json());
        assertEquals(Long.toString(deploymentRevA), d.path("metadata").path("resourceVersion").asString());

        assertEquals(Long.toString(configMapRevA), snapshot.object(new ObjectKey("", "ConfigMap", "shop", "settings"))
                .orElseThrow().resourceVersion());
        assertEquals(Long.toString(oldPodRevA), snapshot.object(new ObjectKey("", "Pod", "shop", "web-7d4b9-abcde"))
                .orElseThrow().resourceVersion());

        ApiObject secret = snapshot.object(new ObjectKey("", "Secret", "shop", "db")).orElseThrow();
        assertEquals(Long.toString(secretRevA), secret.resourceVersion());
        String password = json(secret).path("data").path("password").asString();
        assertEquals(SecretRedaction.redactedValue("s3cr3t".getBytes(StandardCharsets.UTF_8)), password);
        assertFalse(secret.json().contains(Base64.getEncoder().encodeToString("s3cr3t".getBytes())), secret.json());

        assertEquals(1, snapshot.events().size());
        assertEquals("ScalingReplicaSet", json(snapshot.events().get(0)).path("reason").asString());
        EtcdSection attached = EtcdSectionCodec.fromSnapshot(snapshot).orElseThrow();
        assertEquals(revision(backupA), attached.revision());
        assertEquals(6, attached.keys().size());
        for (EtcdKeyInfo key : attached.keys()) {
            assertEquals(!key.key().equals(SECRET), key.hasValue(), "Secret values stay out: " + key);
        }
    }

    @Test
    void sectionOfABackupHoldsTheNewestStateOfTheRegistryKeys() throws Exception {
        EtcdSection a = section(backupA);
        assertEquals(revision(backupA), a.revision());
        assertNull(a.status());
        assertEquals(List.of(CONFIG_MAP, DEPLOYMENT, EVENT, OLD_POD, RANGE, SECRET),
                a.keys().stream().map(EtcdKeyInfo::key).toList());
        EtcdKeyInfo deployment = a.keys().get(1);
        assertEquals(deploymentRevA, deployment.modRevision());
        assertEquals(2, deployment.version());
        assertTrue(deployment.hasValue());
    }

    @Test
    void restoringBackupAOverTheCurrentStateListsExactlyWhatItWouldUndo() throws Exception {
        RestoreImpactReport report = RestoreImpact.analyse(section(backupB), section(backupA));

        assertEquals(revision(backupB) - revision(backupA), report.revisionDrop());
        assertEquals(revision(backupB), report.currentRevision());
        assertEquals(revision(backupA), report.backupRevision());
        assertEquals(List.of(
                new ImpactEntry(ImpactKind.WOULD_COME_BACK, new ObjectKey("", "ConfigMap", "shop", "settings"), 0,
                        configMapRevA, Map.of()),
                new ImpactEntry(ImpactKind.WOULD_GO_BACK, new ObjectKey("apps", "Deployment", "shop", "web"),
                        deploymentRevB, deploymentRevA, Map.of(
                                ImpactEntry.DEPLOYMENT_REVISION_CURRENT, "5",
                                ImpactEntry.DEPLOYMENT_REVISION_BACKUP, "4",
                                ImpactEntry.IMAGES_CURRENT, "web:2.5.0",
                                ImpactEntry.IMAGES_BACKUP, "web:2.4.1")),
                new ImpactEntry(ImpactKind.WOULD_DISAPPEAR, new ObjectKey("", "Pod", "shop", "web-8f6c2-xyz12"),
                        newPodRevB, 0, Map.of(ImpactEntry.IMAGES_CURRENT, "web:2.5.0"))),
                report.entries());
        assertEquals(1, report.count(ImpactKind.WOULD_GO_BACK));
        assertEquals(1, report.count(ImpactKind.WOULD_DISAPPEAR));
        assertEquals(1, report.count(ImpactKind.WOULD_COME_BACK));
        assertEquals(2, report.count(ImpactKind.UNCHANGED), "the Secret and the old Pod");
        assertEquals(1, report.eventCounts().get(ImpactKind.UNCHANGED));
        assertEquals(1, report.otherKeyCounts().get(ImpactKind.UNCHANGED), "the service IP range");
        assertFalse(report.harmless());

        String summary = report.summary();
        assertTrue(summary.startsWith("Restoring this backup moves etcd from revision " + revision(backupB)
                + " back to " + revision(backupA) + " (" + report.revisionDrop() + " revisions)."), summary);
        assertTrue(summary.contains("1 object would go back to an older version (Deployment shop/web: revision 5"
                + " \u2192 4, image web:2.5.0 \u2192 web:2.4.1)"), summary);
        assertTrue(summary.contains("1 object created since the backup would disappear"), summary);
        assertTrue(summary.contains("1 deleted object would come back"), summary);
        assertTrue(summary.contains("--bump-revision N --mark-compacted"), summary);
        assertTrue(summary.contains("N \u2265 " + report.revisionDrop() + " "), summary);
    }

    @Test
    void theLiveEtcdGivesTheSameImpactAsABackupTakenNow() throws Exception {
        EtcdSection live = new EtcdKeyReader().readKeys(
                EtcdEndpointsParser.parse(Map.of("endpoints", ETCD.clientEndpoint().toString()), Map.of()), null,
                EtcdSnapshotBuilder.REGISTRY_PREFIX, true, new NullProgressMonitor());
        RestoreImpactReport fromLive = RestoreImpact.analyse(live, section(backupA));
        RestoreImpactReport fromBackupB = RestoreImpact.analyse(section(backupB), section(backupA));
        assertEquals(revision(backupB) - revision(backupA), fromLive.revisionDrop());
        assertEquals(fromBackupB.entries(), fromLive.entries());
        assertEquals(fromBackupB.counts(), fromLive.counts());
        assertEquals(fromBackupB.summary(), fromLive.summary());
    }

    @Test
    void snapshotsWithoutEtcdSectionsAreComparedByResourceVersion() throws Exception {
        EtcdSnapshotBuilder builder = new EtcdSnapshotBuilder();
        Snapshot now = builder.fromBackup(backupB, "prod", new NullProgressMonitor());
        Snapshot apiOnly = new Snapshot(now.manifest(), now.objects(), now.events(), Map.of());
        Snapshot backup = builder.fromBackup(backupA, "prod", new NullProgressMonitor());

        RestoreImpactReport report = RestoreImpact.analyse(apiOnly, backup);
        assertEquals(RestoreImpactReport.BASIS_API_OBJECTS, report.basis());
        assertEquals(List.of(ImpactKind.WOULD_COME_BACK, ImpactKind.WOULD_GO_BACK, ImpactKind.WOULD_DISAPPEAR),
                report.entries().stream().map(ImpactEntry::impact).toList());
        assertEquals(List.of("settings", "web", "web-8f6c2-xyz12"),
                report.entries().stream().map(e -> e.key().name()).toList());
        assertEquals("web:2.4.1", report.entries().get(1).details().get(ImpactEntry.IMAGES_BACKUP));
        assertEquals(newPodRevB, report.currentRevision(), "the newest resourceVersion the API shows");
        assertEquals(revision(backupA), report.backupRevision(), "the backup snapshot's etcd section");
        assertEquals(2, report.count(ImpactKind.UNCHANGED));

        RestoreImpactReport bothSections = RestoreImpact.analyse(now, backup);
        assertEquals(RestoreImpactReport.BASIS_ETCD_KEYS, bothSections.basis());
        assertEquals(revision(backupB) - revision(backupA), bothSections.revisionDrop());
        assertEquals(report.entries(), bothSections.entries());
    }

    @Test
    void aBackupTakenNowIsHarmless() throws Exception {
        RestoreImpactReport report = RestoreImpact.analyse(section(backupB), section(backupB));
        assertEquals(0, report.revisionDrop());
        assertEquals(List.of(), report.entries());
        assertEquals(4, report.count(ImpactKind.UNCHANGED));
        assertTrue(report.harmless());
        assertEquals("Restoring this backup leaves etcd at revision " + revision(backupB) + ". No object would change.",
                report.summary());
    }

    @Test
    void valuesThatDoNotDecodeMakeTheDecodeSourcePartial() {
        byte[] encrypted = "k8s:enc:aescbc:v1:key1:\u0001\u0002garbage".getBytes(StandardCharsets.ISO_8859_1);
        byte[] pod = KubeStore.pod("shop", "p", "web:1");
        EtcdSection section = new EtcdSection("backup /tmp/x.db", 20, 0, null, List.of(
                new EtcdKeyInfo("/registry/pods/shop/p", 3, 7, 1, 0, pod.length, pod),
                new EtcdKeyInfo("/registry/secrets/shop/db", 4, 8, 1, 0, encrypted.length, encrypted)));
        Snapshot snapshot = new EtcdSnapshotBuilder().fromSection(section, null);
        SourceStatus decode = snapshot.manifest().sources().get(1);
        assertEquals(EtcdSnapshotBuilder.SOURCE_DECODE, decode.source());
        assertEquals(SourceState.PARTIAL, decode.state());
        assertEquals(1, decode.count());
        assertTrue(decode.reason().startsWith("1 of 2 values not (fully) decoded"), decode.reason());
        assertTrue(decode.reason().contains("/registry/secrets/shop/db: encrypted at rest"), decode.reason());
        assertEquals("7", snapshot.objects().iterator().next().resourceVersion());
    }

    @Test
    void aTruncatedBackupIsRefusedNamingTheFile() throws Exception {
        Path truncated = ETCD.workDir().resolve("truncated.db");
        Files.copy(backupA, truncated);
        try (FileChannel channel = FileChannel.open(truncated, StandardOpenOption.WRITE)) {
            channel.truncate(Files.size(backupA) / 3);
        }
        BackupFormatException e = assertThrows(BackupFormatException.class,
                () -> new EtcdSnapshotBuilder().fromBackup(truncated, null, new NullProgressMonitor()));
        assertTrue(e.getMessage().startsWith(truncated.toString()), e.getMessage());
    }
}
