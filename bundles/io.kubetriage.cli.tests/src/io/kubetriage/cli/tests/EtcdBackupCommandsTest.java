package io.kubetriage.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.google.protobuf.Message;

import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;
import io.kubetriage.cli.internal.ExitCode;
import io.kubetriage.core.snapshot.ObjectKey;
import io.kubetriage.core.snapshot.Snapshot;
import io.kubetriage.core.snapshot.store.SnapshotStore;
import io.kubetriage.test.support.etcd.EtcdServerExtension;

/**
 * {@code etcd-backup info|keys|get|impact}, {@code snapshot from-backup} and {@code decode} on real
 * {@code etcdctl snapshot save} files of a real etcd holding protobuf values as the API server
 * writes them. Backup A is the day-0 state; then the Deployment is rolled out to a new image, the
 * ConfigMap deleted and a Pod created, and backup B taken.
 */
class EtcdBackupCommandsTest {

    @RegisterExtension
    static final EtcdServerExtension ETCD = EtcdServerExtension.plain();

    private static final String DEPLOYMENT = "/registry/deployments/shop/web";
    private static final String CONFIG_MAP = "/registry/configmaps/shop/settings";
    private static final String NEW_POD = "/registry/pods/shop/web-new";

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Path backupA;
    private static Path backupB;
    private static Path truncated;
    private static long deploymentRev3;
    private static long compactedAt;
    private static long deploymentRevA;
    private static long deploymentRevB;

    @TempDir
    Path home;

    @BeforeAll
    static void writeStoreAndTakeBackups() throws Exception {
        deploymentRev3 = put(DEPLOYMENT, deployment("3", "web:2.4.0"));
        compactedAt = put(CONFIG_MAP, configMap("fast"));
        ETCD.etcdctl("compaction", Long.toString(compactedAt));
        deploymentRevA = put(DEPLOYMENT, deployment("4", "web:2.4.1"));
        put("/registry/pods/shop/web-old", pod("web-old", "web:2.4.1"));
        ETCD.etcdctl("put", "/registry/plain", "just text");
        backupA = ETCD.workDir().resolve("backup-a.db");
        ETCD.etcdctl("snapshot", "save", backupA.toString());

        deploymentRevB = put(DEPLOYMENT, deployment("5", "web:2.5.0"));
        ETCD.etcdctl("del", CONFIG_MAP);
        put(NEW_POD, pod("web-new", "web:2.5.0"));
        backupB = ETCD.workDir().resolve("backup-b.db");
        ETCD.etcdctl("snapshot", "save", backupB.toString());

        truncated = ETCD.workDir().resolve("truncated.db");
        Files.copy(backupA, truncated);
        try (FileChannel channel = FileChannel.open(truncated, StandardOpenOption.WRITE)) {
            channel.truncate(Files.size(backupA) / 2);
        }
    }

    // ------------------------------------------------------------------ store as the API server writes it

    private static long put(String key, byte[] value) throws IOException, InterruptedException {
        String body = "{\"key\":\"" + b64(key.getBytes(StandardCharsets.UTF_8)) + "\",\"value\":\"" + b64(value)
                + "\"}";
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(ETCD.clientEndpoint()
                + "/v3/kv/put")).timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        Matcher m = Pattern.compile("\"revision\":\"(\\d+)\"").matcher(response.body());
        assertTrue(m.find(), response.body());
        return Long.parseLong(m.group(1));
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static byte[] stored(String apiVersion, String kind, Message object) {
        byte[] body = Runtime.Unknown.newBuilder()
                .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion(apiVersion).setKind(kind))
                .setRaw(object.toByteString()).setContentEncoding("").setContentType("").build().toByteArray();
        byte[] value = new byte[body.length + 4];
        value[0] = 'k';
        value[1] = '8';
        value[2] = 's';
        System.arraycopy(body, 0, value, 4, body.length);
        return value;
    }

    private static Meta.ObjectMeta.Builder metadata(String name) {
        return Meta.ObjectMeta.newBuilder().setName(name).setNamespace("shop").setUid("uid-" + name)
                .setResourceVersion("").setGeneration(1)
                .setCreationTimestamp(Meta.Time.newBuilder().setSeconds(1704164645L).setNanos(0));
    }

    private static V1.PodSpec.Builder podSpec(String image) {
        return V1.PodSpec.newBuilder().addContainers(V1.Container.newBuilder().setName("web").setImage(image))
                .setRestartPolicy("Always");
    }

    private static byte[] deployment(String revision, String image) {
        return stored("apps/v1", "Deployment", V1Apps.Deployment.newBuilder()
                .setMetadata(metadata("web").putAnnotations("deployment.kubernetes.io/revision", revision))
                .setSpec(V1Apps.DeploymentSpec.newBuilder().setReplicas(2)
                        .setSelector(Meta.LabelSelector.newBuilder().putMatchLabels("app", "web"))
                        .setTemplate(V1.PodTemplateSpec.newBuilder()
                                .setMetadata(Meta.ObjectMeta.newBuilder().putLabels("app", "web"))
                                .setSpec(podSpec(image))))
                .build());
    }

    private static byte[] configMap(String mode) {
        return stored("v1", "ConfigMap", V1.ConfigMap.newBuilder().setMetadata(metadata("settings"))
                .putData("mode", mode).build());
    }

    private static byte[] pod(String name, String image) {
        return stored("v1", "Pod", V1.Pod.newBuilder().setMetadata(metadata(name)).setSpec(podSpec(image)).build());
    }

    private CliRun cli(String... args) {
        return CliRun.run(Map.of(), home, args);
    }

    private static long revisionOf(Path backup) throws IOException {
        String status = ETCD.etcdctl("snapshot", "status", backup.toString(), "-w", "json").stdout();
        Matcher m = Pattern.compile("\"revision\":(\\d+)").matcher(status);
        assertTrue(m.find(), status);
        return Long.parseLong(m.group(1));
    }

    // ------------------------------------------------------------------ info, keys, get, decode

    @Test
    void infoShowsWhatEtcdctlSnapshotStatusShowsAndMore() throws Exception {
        String status = ETCD.etcdctl("snapshot", "status", backupA.toString(), "-w", "json").stdout();
        CliRun r = cli("etcd-backup", "info", backupA.toString(), "-o", "json");
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        for (String field : List.of("revision", "totalKey", "totalSize")) {
            Matcher m = Pattern.compile("\"" + field + "\":(\\d+)").matcher(status);
            assertTrue(m.find(), status);
            assertTrue(r.out().contains("\"" + field + "\": " + m.group(1)), field + " in " + r.out());
        }
        Matcher hash = Pattern.compile("\"hash\":(\\d+)").matcher(status);
        assertTrue(hash.find(), status);
        assertTrue(r.out().contains(String.format("\"hash\": \"%08x\"", Long.parseLong(hash.group(1)))), r.out());
        assertTrue(r.out().contains("\"compactRevision\": " + compactedAt), r.out());
        assertTrue(r.out().contains("\"keyCount\": 4"), r.out());
        assertTrue(r.out().contains("\"integrityHashPresent\": true"), r.out());
        assertTrue(r.out().contains("\"integrityHashMatches\": true"), r.out());

        CliRun text = cli("etcd-backup", "info", backupA.toString());
        assertEquals(ExitCode.OK, text.exitCode(), text.err());
        assertTrue(text.out().matches("(?s).*\nREVISION\\s+" + revisionOf(backupA) + "\n.*"), text.out());
        assertTrue(text.out().contains("present, matches"), text.out());
    }

    @Test
    void keysListsTheKeysOnePerLine() {
        CliRun all = cli("etcd-backup", "keys", backupA.toString());
        assertEquals(ExitCode.OK, all.exitCode(), all.err());
        assertEquals("/registry/configmaps/shop/settings\n/registry/deployments/shop/web\n/registry/plain\n"
                + "/registry/pods/shop/web-old\n", all.out());
        CliRun pods = cli("etcd-backup", "keys", backupB.toString(), "--prefix", "/registry/pods/");
        assertEquals("/registry/pods/shop/web-new\n/registry/pods/shop/web-old\n", pods.out());
    }

    @Test
    void getDecodesTheObjectAtTheNewestOrAGivenRevision() {
        CliRun newest = cli("etcd-backup", "get", backupB.toString(), DEPLOYMENT);
        assertEquals(ExitCode.OK, newest.exitCode(), newest.err());
        assertTrue(newest.out().startsWith("apiVersion: apps/v1\n"), newest.out());
        assertTrue(newest.out().contains("image: web:2.5.0"), newest.out());
        assertTrue(newest.out().contains("resourceVersion: \"" + deploymentRevB + "\""), newest.out());

        CliRun older = cli("etcd-backup", "get", backupB.toString(), DEPLOYMENT, "--rev", Long.toString(deploymentRevA),
                "-o", "json");
        assertEquals(ExitCode.OK, older.exitCode(), older.err());
        assertTrue(older.out().contains("\"image\" : \"web:2.4.1\"") || older.out().contains("\"image\": \"web:2.4.1\""),
                older.out());
        assertTrue(older.out().contains("\"" + deploymentRevA + "\""), older.out());

        CliRun compacted = cli("etcd-backup", "get", backupB.toString(), DEPLOYMENT, "--rev",
                Long.toString(deploymentRev3));
        assertEquals(ExitCode.FINDINGS, compacted.exitCode());
        assertTrue(compacted.err().contains("compacted at " + compactedAt), compacted.err());

        CliRun missing = cli("etcd-backup", "get", backupB.toString(), CONFIG_MAP);
        assertEquals(ExitCode.FINDINGS, missing.exitCode());
        assertTrue(missing.err().startsWith("error: " + CONFIG_MAP + ": not found"), missing.err());

        CliRun plain = cli("etcd-backup", "get", backupB.toString(), "/registry/plain");
        assertEquals(ExitCode.FINDINGS, plain.exitCode());
        assertEquals("just text\n", plain.out());
        assertTrue(plain.err().contains("not a Kubernetes object"), plain.err());
    }

    @Test
    void decodeReadsOneRawValueFromAFile() throws Exception {
        Path value = home.resolve("pod.bin");
        Files.write(value, pod("web-0", "nginx:1.25"));
        CliRun yaml = cli("decode", value.toString());
        assertEquals(ExitCode.OK, yaml.exitCode(), yaml.err());
        assertTrue(yaml.out().startsWith("apiVersion: v1\n"), yaml.out());
        assertTrue(yaml.out().contains("kind: Pod"), yaml.out());
        assertTrue(yaml.out().contains("image: nginx:1.25"), yaml.out());
        CliRun json = cli("decode", value.toString(), "--key", "/registry/pods/shop/web-0", "-o", "json");
        assertEquals(ExitCode.OK, json.exitCode(), json.err());
        assertTrue(json.out().trim().startsWith("{"), json.out());

        Path encrypted = home.resolve("secret.bin");
        Files.write(encrypted, "k8s:enc:aescbc:v1:key1:\u0001\u0002\u0003".getBytes(StandardCharsets.ISO_8859_1));
        CliRun e = cli("decode", encrypted.toString(), "--key", "/registry/secrets/shop/db");
        assertEquals(ExitCode.FINDINGS, e.exitCode());
        assertTrue(e.err().startsWith("error: /registry/secrets/shop/db: encrypted at rest"), e.err());

        CliRun none = cli("decode", home.resolve("missing.bin").toString());
        assertEquals(ExitCode.FINDINGS, none.exitCode());
        assertTrue(none.err().startsWith("error: cannot read "), none.err());
    }

    // ------------------------------------------------------------------ snapshot from-backup, impact

    @Test
    void snapshotFromBackupWritesTheDayZeroObjects() throws Exception {
        Path target = home.resolve("a.ktsnap");
        CliRun r = cli("snapshot", "from-backup", backupA.toString(), "-o", target.toString(), "--cluster", "prod");
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        assertEquals("Converted backup " + backupA + " into " + target + ": 3 objects and 0 events\n", r.out());
        Snapshot snapshot = SnapshotStore.read(target);
        assertEquals("prod", snapshot.manifest().clusterName());
        assertEquals(Long.toString(deploymentRevA), snapshot.object(new ObjectKey("apps", "Deployment", "shop", "web"))
                .orElseThrow().resourceVersion());
    }

    @Test
    void impactAgainstASnapshotListsWhatTheRestoreWouldUndo() throws Exception {
        Path now = home.resolve("now.ktsnap");
        assertEquals(ExitCode.OK, cli("snapshot", "from-backup", backupB.toString(), "-o", now.toString()).exitCode());

        CliRun r = cli("etcd-backup", "impact", backupA.toString(), "--snapshot", now.toString());
        assertEquals(ExitCode.FINDINGS, r.exitCode(), r.err());
        long drop = revisionOf(backupB) - revisionOf(backupA);
        String[] lines = r.out().split("\n");
        assertTrue(lines[0].startsWith("Restoring this backup moves etcd from revision " + revisionOf(backupB)
                + " back to " + revisionOf(backupA) + " (" + drop + " revisions)."), lines[0]);
        assertTrue(lines[0].contains("Deployment shop/web: revision 5 \u2192 4, image web:2.5.0 \u2192 web:2.4.1"),
                lines[0]);
        assertEquals("", lines[1]);
        assertEquals(List.of(
                "WOULD_COME_BACK  ConfigMap shop/settings  rv - -> " + compactedAt,
                "WOULD_GO_BACK    Deployment shop/web      rv " + deploymentRevB + " -> " + deploymentRevA,
                "WOULD_DISAPPEAR  Pod shop/web-new         rv " + (deploymentRevB + 2) + " -> -"),
                List.of(lines).subList(2, lines.length));

        CliRun json = cli("etcd-backup", "impact", backupA.toString(), "--snapshot", now.toString(), "-o", "json");
        assertEquals(ExitCode.FINDINGS, json.exitCode(), json.err());
        assertTrue(json.out().contains("\"revisionDrop\": " + drop), json.out());
        assertTrue(json.out().contains("\"impact\": \"WOULD_GO_BACK\""), json.out());
        assertTrue(json.out().contains("\"imagesBackup\": \"web:2.4.1\""), json.out());
        assertTrue(json.out().contains("\"modRevisionBackup\": null"), json.out());
        assertTrue(json.out().contains("\"WOULD_DISAPPEAR\": 1"), json.out());
    }

    @Test
    void aBackupOfTheCurrentStateIsHarmless() {
        Path now = home.resolve("now.ktsnap");
        assertEquals(ExitCode.OK, cli("snapshot", "from-backup", backupB.toString(), "-o", now.toString()).exitCode());
        CliRun r = cli("etcd-backup", "impact", backupB.toString(), "--snapshot", now.toString());
        assertEquals(ExitCode.OK, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().endsWith("No object would change.\n"), r.out());
    }

    @Test
    void impactAgainstTheLiveEtcd() throws Exception {
        CliRun r = cli("etcd-backup", "impact", backupA.toString(), "--endpoints", ETCD.clientEndpoint().toString(),
                "-o", "json");
        assertEquals(ExitCode.FINDINGS, r.exitCode(), r.err());
        assertTrue(r.out().contains("\"backupRevision\": " + revisionOf(backupA)), r.out());
        assertTrue(r.out().contains("\"WOULD_GO_BACK\": 1"), r.out());
        assertTrue(r.out().contains("\"WOULD_COME_BACK\": 1"), r.out());
        assertTrue(r.out().contains("\"WOULD_DISAPPEAR\": 1"), r.out());
        assertTrue(r.out().contains("\"imagesCurrent\": \"web:2.5.0\""), r.out());
    }

    // ------------------------------------------------------------------ damaged files, usage

    @Test
    void aTruncatedBackupIsAnErrorNamingTheFile() {
        Path out = home.resolve("t.ktsnap");
        for (String[] args : List.of(
                new String[] {"etcd-backup", "info", truncated.toString()},
                new String[] {"etcd-backup", "keys", truncated.toString()},
                new String[] {"etcd-backup", "get", truncated.toString(), DEPLOYMENT},
                new String[] {"etcd-backup", "impact", truncated.toString(), "--snapshot", out.toString()},
                new String[] {"snapshot", "from-backup", truncated.toString(), "-o", out.toString()})) {
            CliRun r = cli(args);
            assertEquals(ExitCode.FINDINGS, r.exitCode(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().startsWith("error: "), r.err());
            assertTrue(r.err().contains(truncated.toString()) || args[1].equals("impact"), r.err());
        }
        assertFalse(Files.exists(out));
        // impact reads the backup after the snapshot: give it a readable snapshot
        Path now = home.resolve("now.ktsnap");
        assertEquals(ExitCode.OK, cli("snapshot", "from-backup", backupB.toString(), "-o", now.toString()).exitCode());
        CliRun impact = cli("etcd-backup", "impact", truncated.toString(), "--snapshot", now.toString());
        assertEquals(ExitCode.FINDINGS, impact.exitCode());
        assertTrue(impact.err().startsWith("error: " + truncated + ": "), impact.err());
    }

    @Test
    void usageErrors() {
        String a = backupA.toString();
        for (String[] args : List.of(
                new String[] {"etcd-backup", "info"},
                new String[] {"etcd-backup", "info", a, "extra"},
                new String[] {"etcd-backup", "info", a, "-o", "xml"},
                new String[] {"etcd-backup", "keys", a, "--prefix"},
                new String[] {"etcd-backup", "get", a},
                new String[] {"etcd-backup", "get", a, DEPLOYMENT, "--rev", "abc"},
                new String[] {"etcd-backup", "get", a, DEPLOYMENT, "-o", "text"},
                new String[] {"etcd-backup", "impact", a},
                new String[] {"etcd-backup", "impact", a, "--snapshot", "x", "--endpoints", "http://127.0.0.1:1"},
                new String[] {"etcd-backup", "impact", a, "--snapshot", "x", "--cacert", "ca.pem"},
                new String[] {"etcd-backup", "impact", a, "--endpoints", "http://127.0.0.1:1", "--dial-timeout", "x"},
                new String[] {"etcd-backup", "frobnicate"},
                new String[] {"snapshot", "from-backup", a},
                new String[] {"decode"},
                new String[] {"decode", "f", "--bogus"})) {
            CliRun r = cli(args);
            assertEquals(ExitCode.USAGE, r.exitCode(), String.join(" ", args) + ": " + r.out() + r.err());
            assertFalse(r.err().isBlank(), String.join(" ", args));
        }
        CliRun help = cli("etcd-backup", "impact", "--help");
        assertEquals(ExitCode.OK, help.exitCode());
        assertTrue(help.out().startsWith("Usage: kubetriage-cli etcd-backup impact FILE"), help.out());
    }
}
