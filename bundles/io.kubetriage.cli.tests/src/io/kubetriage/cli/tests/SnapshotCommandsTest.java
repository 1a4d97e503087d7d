package io.kubetriage.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.kubetriage.cli.internal.ExitCode;
import io.kubetriage.test.support.kube.MockKubeCluster;

/**
 * {@code snapshot capture} and {@code snapshot diff}. The Kubernetes mock server stands in for a
 * real API server: in CRUD mode it keeps the objects the test creates and lists them; its
 * discovery documents are set up as expectations.
 */
class SnapshotCommandsTest {

    private static final String CONTEXT = "mock";

    @TempDir
    Path tmp;

    private MockKubeCluster cluster;
    private KubernetesMockServer server;
    private NamespacedKubernetesClient admin;
    private Path kubeconfig;

    @BeforeEach
    void startCluster() throws IOException {
        cluster = MockKubeCluster.start();
        server = cluster.server();
        server.setVersionInfo(new VersionInfo.Builder().withMajor("1").withMinor("20").withGitVersion("v1.20.2")
                .build());
        server.expect().get().withPath("/api")
                .andReturn(200, "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"]}").always();
        server.expect().get().withPath("/api/v1").andReturn(200, """
                {"kind":"APIResourceList","groupVersion":"v1","resources":[
                 {"name":"namespaces","namespaced":false,"kind":"Namespace","verbs":["get","list"]},
                 {"name":"pods","namespaced":true,"kind":"Pod","verbs":["get","list"]},
                 {"name":"configmaps","namespaced":true,"kind":"ConfigMap","verbs":["get","list"]},
                 {"name":"events","namespaced":true,"kind":"Event","verbs":["get","list"]}]}
                """).always();
        server.expect().get().withPath("/apis").andReturn(200, """
                {"kind":"APIGroupList","groups":[{"name":"apps",
                 "preferredVersion":{"groupVersion":"apps/v1","version":"v1"}}]}
                """).always();
        server.expect().get().withPath("/apis/apps/v1").andReturn(200, """
                {"kind":"APIResourceList","groupVersion":"apps/v1","resources":[
                 {"name":"deployments","namespaced":true,"kind":"Deployment","verbs":["get","list"]}]}
                """).always();
        admin = cluster.admin();
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build())
                .create();
        for (String pod : List.of("web-1", "web-2")) {
            admin.pods().inNamespace("shop").resource(new PodBuilder().withNewMetadata().withName(pod)
                    .withNamespace("shop").endMetadata().build()).create();
        }
        admin.configMaps().inNamespace("shop").resource(new ConfigMapBuilder().withNewMetadata()
                .withName("settings").withNamespace("shop").endMetadata().addToData("mode", "slow").build())
                .create();

        kubeconfig = cluster.writeKubeconfig(tmp.resolve("kubeconfig.yaml"), CONTEXT, "other");
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    @Test
    void captureWritesASnapshotAndSummarizesIt() throws Exception {
        Path file = tmp.resolve("before.ktsnap");

        CliRun r = capture("-o", file.toString());

        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        assertTrue(Files.size(file) > 0);
        assertEquals("Captured 4 objects of 4 types and 0 events from mock into " + file + " (0 incomplete)\n",
                r.out());
        assertEquals("", r.err());
    }

    @Test
    void captureOfAnotherContextNamesIt() throws Exception {
        Path file = tmp.resolve("other.ktsnap");

        CliRun r = capture("--context", "other", "-o", file.toString());

        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        assertTrue(r.out().contains(" from other into "), r.out());
    }

    @Test
    void aRefusedTypeIsReportedAndTheFileStillWritten() throws Exception {
        server.expect().get().withPath("/api/v1/configmaps?limit=500")
                .andReturn(403, new StatusBuilder().withStatus("Failure").withCode(403)
                        .withMessage("configmaps is forbidden").build())
                .always();
        Path file = tmp.resolve("partial.ktsnap");

        CliRun r = capture("-o", file.toString());

        assertEquals(ExitCode.FINDINGS, r.exitCode(), r.err());
        assertTrue(Files.exists(file));
        assertTrue(r.out().endsWith("(1 incomplete)\n"), r.out());
        assertEquals("error: api:v1/configmaps: FAILED: forbidden: configmaps is forbidden (403)\n", r.err());
    }

    @Test
    void diffShowsChangedRemovedAndAddedObjects() throws Exception {
        Path before = tmp.resolve("before.ktsnap");
        assertEquals(ExitCode.OK, capture("-o", before.toString()).exitCode());
        admin.configMaps().inNamespace("shop").withName("settings").edit(cm -> new ConfigMapBuilder(cm)
                .addToData("mode", "fast").build());
        admin.pods().inNamespace("shop").withName("web-2").delete();
        admin.apps().deployments().inNamespace("shop").resource(new DeploymentBuilder().withNewMetadata()
                .withName("web").withNamespace("shop").endMetadata().withNewSpec().withReplicas(2).endSpec()
                .build()).create();
        Path after = tmp.resolve("after.ktsnap");
        assertEquals(ExitCode.OK, capture("-o", after.toString()).exitCode());

        CliRun text = CliRun.run(Map.of(), tmp, "snapshot", "diff", before.toString(), after.toString());

        assertEquals(ExitCode.OK, text.exitCode(), text.err());
        String[] lines = text.out().split("\n");
        assertEquals(5, lines.length, text.out());
        assertTrue(lines[0].matches("CHANGED  ConfigMap shop/settings  \\d+ -> \\d+"), lines[0]);
        assertTrue(lines[1].matches("REMOVED  Pod shop/web-2  \\d+ -> -"), lines[1]);
        assertTrue(lines[2].matches("ADDED    Deployment\\.apps shop/web  - -> \\d+"), lines[2]);
        assertEquals("", lines[3]);
        assertEquals("3 changes: 1 ADDED, 1 REMOVED, 1 CHANGED", lines[4]);

        CliRun json = CliRun.run(Map.of(), tmp, "snapshot", "diff", before.toString(), after.toString(),
                "-o", "json");

        assertEquals(ExitCode.OK, json.exitCode(), json.err());
        String out = json.out();
        assertTrue(out.startsWith("{\n  \"before\": {\n    \"id\": \""), out);
        assertTrue(out.contains("\"cluster\": \"mock\""), out);
        assertTrue(out.contains("\"captureEnd\": \"20"), out);
        assertTrue(out.contains("""
                      "change": "REMOVED",
                      "group": "",
                      "kind": "Pod",
                      "namespace": "shop",
                      "name": "web-2",
                """), out);
        assertTrue(out.contains("\"resourceVersionAfter\": null,\n      \"uidChanged\": false"), out);
        assertTrue(out.contains("\"change\": \"ADDED\",\n      \"group\": \"apps\",\n      \"kind\": \"Deployment\""),
                out);
        assertTrue(out.contains("\"change\": \"CHANGED\""), out);
        assertEquals(3, out.split("\"change\"").length - 1, out);
    }

    @Test
    void diffOfASnapshotWithItselfHasNoChanges() throws Exception {
        Path file = tmp.resolve("same.ktsnap");
        assertEquals(ExitCode.OK, capture("-o", file.toString()).exitCode());

        CliRun text = CliRun.run(Map.of(), tmp, "snapshot", "diff", file.toString(), file.toString(), "--exact");
        CliRun json = CliRun.run(Map.of(), tmp, "snapshot", "diff", file.toString(), file.toString(), "-o", "json");

        assertEquals(ExitCode.OK, text.exitCode(), text.err());
        assertEquals("No changes.\n", text.out());
        assertEquals(ExitCode.OK, json.exitCode(), json.err());
        assertTrue(json.out().contains("\"changes\": []"), json.out());
    }

    @Test
    void aCorruptOrMissingFileIsAnErrorNamingIt() throws Exception {
        Path good = tmp.resolve("good.ktsnap");
        assertEquals(ExitCode.OK, capture("-o", good.toString()).exitCode());
        Path corrupt = tmp.resolve("corrupt.ktsnap");
        Files.write(corrupt, new byte[] {'P', 'K', 3, 4, 0, 0, 1, 2, 3, (byte) 0xff});
        Path missing = tmp.resolve("missing.ktsnap");

        CliRun r = CliRun.run(Map.of(), tmp, "snapshot", "diff", good.toString(), corrupt.toString());
        CliRun m = CliRun.run(Map.of(), tmp, "snapshot", "diff", missing.toString(), good.toString());

        assertEquals(ExitCode.FINDINGS, r.exitCode());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("error: cannot read " + corrupt + ": "), r.err());
        assertFalse(r.err().contains(good.toString()), r.err());
        assertEquals(ExitCode.FINDINGS, m.exitCode());
        assertEquals("error: cannot read " + missing + ": no such file or directory\n", m.err());
    }

    @Test
    void anUnknownContextOrAnUnreachableClusterIsAnError() throws Exception {
        Path file = tmp.resolve("x.ktsnap");

        CliRun unknown = capture("--context", "nope", "-o", file.toString());
        server.destroy();
        CliRun unreachable = capture("-o", file.toString());

        assertEquals(ExitCode.FINDINGS, unknown.exitCode());
        assertTrue(unknown.err().startsWith("error: context 'nope' is not defined in "), unknown.err());
        assertEquals(ExitCode.FINDINGS, unreachable.exitCode());
        assertTrue(unreachable.err().startsWith("error: context 'mock': unreachable: "), unreachable.err());
        assertFalse(Files.exists(file));
    }

    @Test
    void usageErrorsExitWithTwo() {
        Path file = tmp.resolve("x.ktsnap");
        assertUsage(capture(), "-o FILE is needed");
        assertUsage(capture("-o", file.toString(), "extra"), "unexpected argument 'extra'");
        assertUsage(capture("-o", file.toString(), "--etcd-colour", "blue"), "unknown option --etcd-colour");
        assertUsage(CliRun.run(Map.of(), tmp, "snapshot", "diff", "a.ktsnap"), "two snapshot files are needed");
        assertUsage(CliRun.run(Map.of(), tmp, "snapshot", "diff", "a", "b", "c"), "unexpected argument 'c'");
        assertUsage(CliRun.run(Map.of(), tmp, "snapshot", "diff", "a", "b", "-o", "yaml"), "-o takes one of text|json");
        CliRun group = CliRun.run(Map.of(), tmp, "snapshot");
        assertEquals(ExitCode.USAGE, group.exitCode());
        assertTrue(group.err().contains("snapshot capture") && group.err().contains("snapshot diff"), group.err());
        CliRun help = CliRun.run(Map.of(), tmp, "snapshot", "diff", "--help");
        assertEquals(ExitCode.OK, help.exitCode());
        assertTrue(help.out().startsWith("Usage: kubetriage-cli snapshot diff BEFORE AFTER"), help.out());
    }

    private void assertUsage(CliRun r, String message) {
        assertEquals(ExitCode.USAGE, r.exitCode(), r.err());
        assertTrue(r.err().contains(message), r.err());
        assertEquals("", r.out());
    }

    private CliRun capture(String... args) {
        String[] argv = new String[args.length + 4];
        argv[0] = "snapshot";
        argv[1] = "capture";
        argv[2] = "--kubeconfig";
        argv[3] = kubeconfig.toString();
        System.arraycopy(args, 0, argv, 4, args.length);
        return CliRun.run(Map.of(), tmp, argv);
    }
}
