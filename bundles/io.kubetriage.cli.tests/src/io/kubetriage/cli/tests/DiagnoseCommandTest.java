package io.kubetriage.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.kubetriage.cli.internal.ExitCode;
import io.kubetriage.core.snapshot.ApiObject;
import io.kubetriage.core.snapshot.Snapshot;
import io.kubetriage.core.snapshot.SnapshotManifest;
import io.kubetriage.core.snapshot.SourceStatus;
import io.kubetriage.core.snapshot.store.ObjectJson;
import io.kubetriage.core.snapshot.store.SnapshotStore;

/**
 * {@code diagnose} through the installed rollback phase (found by the extension registry, as in the
 * product) on snapshot files: a cluster whose objects went back in time, and a healthy one.
 */
class DiagnoseCommandTest {

    @TempDir
    Path tmp;

    @Test
    void objectsThatWentBackInTimeAreAnErrorWithTheStoreRevisionAsRootCause() throws Exception {
        Path before = write("before", List.of(configMap("web-config", 300, "v2"), configMap("db-config", 280, "v1")),
                Instant.parse("2026-11-22T10:00:00Z"));
        Path after = write("after", List.of(configMap("web-config", 250, "v1"), configMap("db-config", 240, "v0")),
                Instant.parse("2026-11-25T10:00:00Z"));

        CliRun text = CliRun.run(Map.of(), tmp, "diagnose", after.toString(), "--baseline", before.toString());
        assertEquals(ExitCode.FINDINGS, text.exitCode(), text.out() + text.err());
        int root = text.out().indexOf("KT-ROLLBACK-001");
        int objects = text.out().indexOf("KT-ROLLBACK-002");
        assertTrue(root >= 0 && objects > root, "the store revision first, then the objects: " + text.out());
        assertTrue(text.out().contains("web-config"), text.out());

        CliRun json = CliRun.run(Map.of(), tmp, "diagnose", after.toString(), "--baseline", before.toString(), "-o", "json");
        assertEquals(ExitCode.FINDINGS, json.exitCode(), json.err());
        assertTrue(json.out().contains("\"code\": \"KT-ROLLBACK-002\""), json.out());
    }

    @Test
    void aHealthyClusterHasNoErrorAndExitsZero() throws Exception {
        Path before = write("before", List.of(configMap("web-config", 300, "v2")), Instant.parse("2026-11-22T10:00:00Z"));
        Path after = write("after", List.of(configMap("web-config", 320, "v3")), Instant.parse("2026-11-25T10:00:00Z"));
        CliRun r = CliRun.run(Map.of(), tmp, "diagnose", after.toString(), "--baseline", before.toString());
        assertEquals(ExitCode.OK, r.exitCode(), r.out() + r.err());
        assertFalse(r.out().contains("ERROR"), r.out());
    }

    @Test
    void anUnreadableSnapshotIsAnErrorNamingTheFile() throws Exception {
        Path bad = tmp.resolve("bad.ktsnap");
        java.nio.file.Files.writeString(bad, "not a snapshot");
        CliRun r = CliRun.run(Map.of(), tmp, "diagnose", bad.toString());
        assertEquals(ExitCode.FINDINGS, r.exitCode());
        assertTrue(r.err().contains(bad.toString()), r.err());
    }

    private Path write(String name, List<ApiObject> objects, Instant at) throws Exception {
        SnapshotManifest manifest = new SnapshotManifest(SnapshotStore.FORMAT_VERSION, java.util.UUID.randomUUID().toString(),
                name, "prod", "https://10.0.0.1:6443", "v1.20.2", at, at.plusSeconds(5), "test", true,
                List.of(SourceStatus.complete("api:v1/configmaps", objects.size())));
        Path file = tmp.resolve(name + SnapshotStore.EXTENSION);
        SnapshotStore.write(new Snapshot(manifest, objects, List.of(), Map.of()), file);
        return file;
    }

    private static ApiObject configMap(String name, long resourceVersion, String value) {
        return ObjectJson.fromJson("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name
                + "\",\"namespace\":\"shop\",\"uid\":\"uid-" + name + "\",\"resourceVersion\":\"" + resourceVersion
                + "\"},\"data\":{\"value\":\"" + value + "\"}}");
    }
}
