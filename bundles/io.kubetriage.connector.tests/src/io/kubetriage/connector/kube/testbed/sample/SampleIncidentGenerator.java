package io.kubetriage.connector.kube.testbed.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubetriage.connector.kube.KubeClientFactory;
import io.kubetriage.core.etcd.section.EtcdSectionCodec;
import io.kubetriage.core.kubeconfig.KubeContext;
import io.kubetriage.core.kubeconfig.KubeconfigParser;
import io.kubetriage.core.snapshot.ObjectKey;
import io.kubetriage.core.snapshot.Snapshot;
import io.kubetriage.core.snapshot.diff.YamlRendering;
import io.kubetriage.core.snapshot.store.SnapshotStore;
import io.kubetriage.test.support.testbed.KubeTestBed;

/**
 * Generates the built-in sample incident (bundle {@code io.kubetriage.sample}): the founding incident
 * played on the real test bed ({@link SampleIncidentScenario}), captured before and after the
 * restore with the etcd section, and the hand-written node data of {@code master-1} attached
 * ({@link SampleNodeFiles}). Writes {@code before.ktsnap} and {@code after.ktsnap} into the folder
 * named by the system property {@value #OUT_PROPERTY} (or the environment variable
 * {@value #OUT_ENV}); without it the test is skipped. {@code releng/scripts/make-sample-incident.sh}
 * runs it and copies the files into the bundle.
 */
@Tag(KubeTestBed.TESTBED_TAG)
class SampleIncidentGenerator {

    static final String OUT_PROPERTY = "kubetriage.sample.out";
    static final String OUT_ENV = "KUBETRIAGE_SAMPLE_OUT";
    static final String SRC_PROPERTY = "kubetriage.sample.src";
    static final String SRC_ENV = "KUBETRIAGE_SAMPLE_SRC";
    /** Where the hand-written sources are in the source tree. */
    static final String SRC_IN_TREE = "bundles/io.kubetriage.sample/sample-src";

    static final String SERVICE_CIDR = "10.233.0.0/18";
    /** The test bed's controllers and the endpoints controller, so Endpoints list the ready Pods. */
    static final String[] CONTROLLERS = {"deployment", "replicaset", "endpoint", "namespace", "garbagecollector",
            "serviceaccount", "serviceaccount-token"};

    /** The names shown for the two snapshots; the sample bundle's SampleIncident repeats them. */
    static final String BEFORE_NAME = "Sample incident: before the etcd restore";
    static final String AFTER_NAME = "Sample incident: after the etcd restore";

    @Test
    void generateTheSampleIncident() throws Exception {
        String out = setting(OUT_PROPERTY, OUT_ENV);
        assumeTrue(out != null, "set -D" + OUT_PROPERTY + "=<dir> (or " + OUT_ENV + ") to generate the sample");
        Path target = Files.createDirectories(Path.of(out));
        Path source = sourceDirectory();

        KubeTestBed bed = KubeTestBed.protobuf().withServiceCidr(SERVICE_CIDR).withControllers(CONTROLLERS);
        bed.beforeAll(null);
        try {
            KubeContext ctx = new KubeconfigParser().parse(bed.kubeconfig()).context(KubeTestBed.CONTEXT)
                    .orElseThrow();
            SampleIncidentScenario scenario;
            try (KubernetesClient client = new KubeClientFactory().open(ctx, Duration.ofSeconds(5),
                    Duration.ofSeconds(30))) {
                scenario = new SampleIncidentScenario(bed, ctx, client, source);
                scenario.run(BEFORE_NAME, AFTER_NAME);
            }
            assertTrue(scenario.revisionAfter < scenario.revisionBefore, "the store went back: "
                    + scenario.revisionBefore + " -> " + scenario.revisionAfter);

            Snapshot before = withNodes(scenario.before, source.resolve("before"), true);
            Snapshot after = withNodes(scenario.after, source.resolve("after"), false);
            before = SampleCapture.asSample(before, "before", BEFORE_NAME);
            after = SampleCapture.asSample(after, "after", AFTER_NAME);
            Path beforeFile = target.resolve("before" + SnapshotStore.EXTENSION);
            Path afterFile = target.resolve("after" + SnapshotStore.EXTENSION);
            SnapshotStore.write(before, beforeFile);
            SnapshotStore.write(after, afterFile);

            // what was written reads back, with its etcd section
            for (Path file : List.of(beforeFile, afterFile)) {
                Snapshot read = SnapshotStore.read(file);
                assertTrue(EtcdSectionCodec.fromSnapshot(read).isPresent(), file + " has its etcd section");
                assertEquals(SampleCapture.CLUSTER_NAME, read.manifest().clusterName());
                System.out.println("[sample] wrote " + file + ": " + describe(read));
            }
        } finally {
            bed.afterAll(null);
        }
    }

    private static Snapshot withNodes(Snapshot s, Path sideDir, boolean ipvsFromApi) throws Exception {
        String configMap = YamlRendering.toYaml(s.object(new ObjectKey("", "ConfigMap", "kube-system", "kube-proxy"))
                .orElseThrow(() -> new AssertionError("no kube-proxy ConfigMap captured")).json());
        return SampleNodeFiles.attach(s, sideDir, configMap, ipvsFromApi);
    }

    private static String describe(Snapshot s) throws Exception {
        List<String> parts = new ArrayList<>();
        parts.add(s.objectCount() + " objects");
        parts.add(s.events().size() + " events");
        parts.add("etcd revision " + EtcdSectionCodec.fromSnapshot(s).orElseThrow().revision());
        parts.add(s.sectionNames().stream().filter(n -> n.startsWith("nodes/")).count() + " node entries");
        return String.join(", ", parts);
    }

    private static Path sourceDirectory() {
        String given = setting(SRC_PROPERTY, SRC_ENV);
        if (given != null) {
            return Path.of(given);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(SRC_IN_TREE))) {
                return dir.resolve(SRC_IN_TREE);
            }
        }
        throw new AssertionError(SRC_IN_TREE + " not found above " + Path.of("").toAbsolutePath() + "; set -D"
                + SRC_PROPERTY);
    }

    private static String setting(String property, String env) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? null : value;
    }
}
