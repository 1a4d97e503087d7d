package io.kubetriage.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.google.protobuf.Message;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;
import io.kubetriage.cli.internal.ExitCode;
import io.kubetriage.core.etcd.section.EtcdSection;
import io.kubetriage.core.etcd.section.EtcdSectionCodec;
import io.kubetriage.core.snapshot.ApiObject;
import io.kubetriage.core.snapshot.ObjectKey;
import io.kubetriage.core.snapshot.Snapshot;
import io.kubetriage.core.snapshot.SourceState;
import io.kubetriage.core.snapshot.SourceStatus;
import io.kubetriage.core.snapshot.store.SnapshotStore;
import io.kubetriage.test.support.etcd.EtcdServerExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code etcd get}, {@code etcd history} and {@code snapshot capture --etcd-endpoints} against a real
 * etcd holding values encoded the way the API server stores them (client-java-proto in the
 * {@code k8s\0} envelope). Each test has its own etcd: compaction is store-wide.
 */
class EtcdKeyCommandsTest {

    @RegisterExtension
    final EtcdServerExtension etcd = EtcdServerExtension.plain();

    @TempDir
    Path home;

    private static final String DEPLOYMENT = "/registry/deployments/shop/web";

    @Test
    void getShowsAKubernetesObjectAsYamlJsonOrRaw() throws Exception {
        long revision;
        try (Client client = client()) {
            revision = put(client, DEPLOYMENT, stored("apps/v1", "Deployment", deployment(3, "7")));
        }

        CliRun yaml = run("etcd", "get", DEPLOYMENT);
        assertEquals(ExitCode.OK, yaml.exitCode(), yaml.err());
        assertTrue(yaml.out().contains("kind: Deployment"), yaml.out());
        assertTrue(yaml.out().contains("name: web"), yaml.out());
        assertTrue(yaml.out().contains("deployment.kubernetes.io/revision:"), yaml.out());
        assertTrue(yaml.out().matches("(?s).*resourceVersion: \"?" + revision + "\"?\n.*"), yaml.out());

        CliRun json = run("etcd", "get", DEPLOYMENT, "-o", "json");
        assertEquals(ExitCode.OK, json.exitCode(), json.err());
        JsonNode object = JsonMapper.builder().build().readTree(json.out());
        assertEquals("Deployment", object.path("kind").asString());
        assertEquals(3, object.at("/metadata/generation").asLong());
        assertEquals(Long.toString(revision), object.at("/metadata/resourceVersion").asString());

        CliRun raw = run("etcd", "get", DEPLOYMENT, "-o", "raw");
        assertEquals(ExitCode.OK, raw.exitCode(), raw.err());
        assertTrue(raw.out().startsWith("00000000  6b 38 73 00 "), raw.out());
        assertTrue(raw.out().contains("|k8s."), raw.out());
    }

    @Test
    void getOfPlainTextAndOfAMissingKey() throws Exception {
        etcd.etcdctl("put", "/kubetriage/note", "plain text");

        CliRun text = run("etcd", "get", "/kubetriage/note");
        assertEquals(ExitCode.OK, text.exitCode(), text.err());
        assertEquals("plain text\n", text.out());

        CliRun asYaml = run("etcd", "get", "/kubetriage/note", "-o", "yaml");
        assertEquals(ExitCode.FINDINGS, asYaml.exitCode());
        assertTrue(asYaml.err().contains("is not a Kubernetes object"), asYaml.err());

        CliRun missing = run("etcd", "get", "/registry/pods/shop/none");
        assertEquals(ExitCode.FINDINGS, missing.exitCode());
        assertEquals("error: /registry/pods/shop/none does not exist\n", missing.err());
    }

    @Test
    void getBelowTheCompactionSaysWhereItWasCompacted() throws Exception {
        long old;
        long compactAt;
        try (Client client = client()) {
            old = put(client, "/kubetriage/value", bytes("old"));
            compactAt = put(client, "/kubetriage/value", bytes("new"));
            put(client, "/kubetriage/value", bytes("newest"));
            client.getKVClient().compact(compactAt).get(10, TimeUnit.SECONDS);
        }

        CliRun below = run("etcd", "get", "/kubetriage/value", "--rev", Long.toString(old));
        assertEquals(ExitCode.FINDINGS, below.exitCode(), below.out());
        assertEquals("", below.out());
        assertTrue(below.err().startsWith("error: ") && below.err().strip().endsWith("compacted at " + compactAt),
                below.err());
        assertFalse(below.err().contains("Exception"), below.err());

        CliRun at = run("etcd", "get", "/kubetriage/value", "--rev", Long.toString(compactAt));
        assertEquals(ExitCode.OK, at.exitCode(), at.err());
        assertEquals("new\n", at.out());

        assertEquals(ExitCode.USAGE, run("etcd", "get", "/kubetriage/value", "--rev", "zero").exitCode());
    }

    @Test
    void historyListsVersionsDeletionAndRolloutRevisions() throws Exception {
        long first;
        long second;
        long deletion;
        long again;
        try (Client client = client()) {
            first = put(client, DEPLOYMENT, stored("apps/v1", "Deployment", deployment(1, "1")));
            second = put(client, DEPLOYMENT, stored("apps/v1", "Deployment", deployment(2, "2")));
            deletion = client.getKVClient().delete(ByteSequence.from(DEPLOYMENT, StandardCharsets.UTF_8))
                    .get(10, TimeUnit.SECONDS).getHeader().getRevision();
            again = put(client, DEPLOYMENT, stored("apps/v1", "Deployment", deployment(1, "1")));
        }

        CliRun text = run("etcd", "history", DEPLOYMENT);
        assertEquals(ExitCode.OK, text.exitCode(), text.err());
        List<String> lines = text.out().lines().toList();
        assertEquals(5, lines.size(), text.out());
        assertTrue(lines.get(0).matches("MOD REVISION\\s+VERSION\\s+CREATE REVISION\\s+SIZE\\s+SUMMARY"), lines.get(0));
        assertTrue(lines.get(1).matches(again + "\\s+1\\s+" + again + "\\s+\\d+\\s+Deployment generation=1 revision=1"),
                lines.get(1));
        assertTrue(lines.get(2).matches(deletion + "\\s+-\\s+-\\s+-\\s+deleted"), lines.get(2));
        assertTrue(lines.get(3).matches(second + "\\s+2\\s+" + first + "\\s+\\d+\\s+Deployment generation=2 revision=2"),
                lines.get(3));
        assertTrue(lines.get(4).matches(first + "\\s+1\\s+" + first + "\\s+\\d+\\s+Deployment generation=1 revision=1"),
                lines.get(4));

        CliRun json = run("etcd", "history", DEPLOYMENT, "-o", "json");
        assertEquals(ExitCode.OK, json.exitCode(), json.err());
        JsonNode doc = JsonMapper.builder().build().readTree(json.out());
        assertEquals(4, doc.path("revisions").size());
        assertTrue(doc.path("revisions").get(1).path("deleted").asBoolean());
        assertTrue(doc.path("compactedAt").isNull());
    }

    @Test
    void historyEndsWithTheCompaction() throws Exception {
        long compactAt;
        try (Client client = client()) {
            put(client, "/kubetriage/counter", bytes("1"));
            compactAt = put(client, "/kubetriage/counter", bytes("2"));
            put(client, "/kubetriage/counter", bytes("3"));
            client.getKVClient().compact(compactAt).get(10, TimeUnit.SECONDS);
        }

        CliRun r = run("etcd", "history", "/kubetriage/counter");

        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(4, lines.size(), r.out());
        assertTrue(lines.get(2).matches(compactAt + "\\s+2\\s+\\d+\\s+1\\s+text: 2"), lines.get(2));
        assertEquals("compacted at " + compactAt, lines.get(3));

        CliRun none = run("etcd", "history", "/kubetriage/never");
        assertEquals(ExitCode.FINDINGS, none.exitCode());
        assertTrue(none.err().contains("has no history"), none.err());
    }

    @Test
    void captureFromEtcdAloneDecodesTheObjectsAndCountsWhatDoesNotDecode() throws Exception {
        long deploymentRevision;
        try (Client client = client()) {
            deploymentRevision = put(client, DEPLOYMENT, stored("apps/v1", "Deployment", deployment(2, "4")));
            put(client, "/registry/configmaps/shop/settings", stored("v1", "ConfigMap", V1.ConfigMap.newBuilder()
                    .setMetadata(metadata("shop", "settings")).putData("mode", "fast").build()));
            // A protobuf type the type library does not know: counted, not captured.
            put(client, "/registry/configmaps/shop/broken", stored("example.com/v1", "Widget",
                    V1.ConfigMap.newBuilder().setMetadata(metadata("shop", "broken")).build()));
        }
        Path file = home.resolve("etcd.ktsnap");

        CliRun r = run("snapshot", "capture", "--etcd-endpoints", etcd.clientEndpoint().toString(), "-o",
                file.toString());

        assertEquals(ExitCode.FINDINGS, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().startsWith("Captured 2 objects and 0 events from etcd " + etcd.clientEndpoint()), r.out());
        assertTrue(r.err().contains("error: etcd:decode: PARTIAL: 1 of 3 values"), r.err());
        Snapshot snapshot = SnapshotStore.read(file);
        ApiObject deployment = snapshot.object(new ObjectKey("apps", "Deployment", "shop", "web")).orElseThrow();
        assertEquals(Long.toString(deploymentRevision), deployment.resourceVersion());
        assertTrue(snapshot.object(new ObjectKey("", "ConfigMap", "shop", "settings")).isPresent());
        SourceStatus decode = snapshot.manifest().sources().stream()
                .filter(s -> s.source().equals("etcd:decode")).findFirst().orElseThrow();
        assertEquals(SourceState.PARTIAL, decode.state());
        assertTrue(decode.reason().contains("/registry/configmaps/shop/broken"), decode.reason());
        EtcdSection section = EtcdSectionCodec.fromSnapshot(snapshot).orElseThrow();
        assertEquals(3, section.keys().size());
        assertEquals(1, section.status().members().size());
        assertEquals("etcd " + etcd.clientEndpoint(), section.source());
    }

    @Test
    void captureFromEtcdAloneOfCleanValuesSucceeds() throws Exception {
        try (Client client = client()) {
            put(client, DEPLOYMENT, stored("apps/v1", "Deployment", deployment(1, "1")));
        }
        Path file = home.resolve("clean.ktsnap");

        CliRun r = run("snapshot", "capture", "--etcd-endpoints", etcd.clientEndpoint().toString(), "-o",
                file.toString());

        assertEquals(ExitCode.OK, r.exitCode(), r.out() + r.err());
        assertTrue(Files.exists(file));
        assertEquals(1, SnapshotStore.read(file).objectCount());
        assertEquals(ExitCode.USAGE, run("snapshot", "capture", "--etcd-cacert", "ca.pem", "-o", "x.ktsnap")
                .exitCode());
    }

    private CliRun run(String... args) {
        String[] all = args;
        if (args[0].equals("etcd")) {
            all = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                    java.util.stream.Stream.of("--endpoints", etcd.clientEndpoint().toString())).toArray(String[]::new);
        }
        return CliRun.run(Map.of(), home, all);
    }

    private Client client() throws Exception {
        return Client.builder().endpoints(etcd.clientEndpoint()).build();
    }

    private static long put(Client client, String key, byte[] value) throws Exception {
        return client.getKVClient().put(ByteSequence.from(key, StandardCharsets.UTF_8), ByteSequence.from(value))
                .get(10, TimeUnit.SECONDS).getHeader().getRevision();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A value as the API server stores it: {@code k8s\0} and a runtime.Unknown around the object. */
    static byte[] stored(String apiVersion, String kind, Message object) {
        byte[] body = Runtime.Unknown.newBuilder()
                .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion(apiVersion).setKind(kind))
                .setRaw(object.toByteString())
                .setContentEncoding("")
                .setContentType("")
                .build().toByteArray();
        byte[] value = new byte[body.length + 4];
        value[0] = 'k';
        value[1] = '8';
        value[2] = 's';
        value[3] = 0;
        System.arraycopy(body, 0, value, 4, body.length);
        return value;
    }

    private static Meta.ObjectMeta.Builder metadata(String namespace, String name) {
        return Meta.ObjectMeta.newBuilder().setName(name).setNamespace(namespace).setGenerateName("").setSelfLink("")
                .setUid("6f1e2b0c-2f43-4b38-a0f1-3d4c5e6f7a8b").setResourceVersion("").setGeneration(0)
                .setCreationTimestamp(Meta.Time.newBuilder().setSeconds(1704164645L).setNanos(0));
    }

    private static V1Apps.Deployment deployment(long generation, String rolloutRevision) {
        return V1Apps.Deployment.newBuilder()
                .setMetadata(metadata("shop", "web").setGeneration(generation)
                        .putAnnotations("deployment.kubernetes.io/revision", rolloutRevision))
                .setSpec(V1Apps.DeploymentSpec.newBuilder()
                        .setReplicas(2)
                        .setSelector(Meta.LabelSelector.newBuilder().putMatchLabels("app", "web"))
                        .setTemplate(V1.PodTemplateSpec.newBuilder()
                                .setMetadata(Meta.ObjectMeta.newBuilder().putLabels("app", "web"))
                                .setSpec(V1.PodSpec.newBuilder().addContainers(
                                        V1.Container.newBuilder().setName("web").setImage("nginx:1." + generation)))))
                .build();
    }
}
