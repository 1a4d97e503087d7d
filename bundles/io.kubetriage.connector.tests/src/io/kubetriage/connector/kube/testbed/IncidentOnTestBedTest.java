package io.kubetriage.connector.kube.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kubetriage.connector.kube.KubeClientFactory;
import io.kubetriage.connector.kube.capture.ApiSnapshotCollector;
import io.kubetriage.connector.kube.capture.CaptureOptions;
import io.kubetriage.connector.kube.fix.ApplyOptions;
import io.kubetriage.connector.kube.fix.ApplyResult;
import io.kubetriage.connector.kube.fix.AuditLog;
import io.kubetriage.connector.kube.fix.DryRunResult;
import io.kubetriage.connector.kube.fix.FixExecutor;
import io.kubetriage.core.diagnosis.Diagnosis;
import io.kubetriage.core.diagnosis.DiagnosisInput;
import io.kubetriage.core.diagnosis.Finding;
import io.kubetriage.core.diagnosis.FindingCatalog;
import io.kubetriage.core.diagnosis.FixPlan;
import io.kubetriage.core.kubeconfig.KubeContext;
import io.kubetriage.core.kubeconfig.KubeconfigParser;
import io.kubetriage.core.snapshot.ObjectKey;
import io.kubetriage.core.snapshot.Snapshot;
import io.kubetriage.phase.rollback.ObjectsBackwardsDetector;
import io.kubetriage.phase.rollback.ResourceVersionErrorsDetector;
import io.kubetriage.phase.rollback.RevisionBackwardsDetector;
import io.kubetriage.phase.rollback.RollbackCodes;
import io.kubetriage.phase.rollback.RollbackFixes;
import io.kubetriage.phase.rollback.RolloutHistory;
import io.kubetriage.phase.rollback.RolloutMismatchDetector;
import io.kubetriage.phase.rollback.SchedulerDetector;
import io.kubetriage.test.support.testbed.KubeTestBed;

/**
 * The founding incident on a real control plane: a Deployment rolls out twice, then etcd is
 * restored under the running API server from a backup taken before the rollouts. Kubetriage,
 * given the snapshot after the restore and the one before it, must name the restore (KT-ROLLBACK-001)
 * as the root of the objects that went back in time (KT-ROLLBACK-002), and must either repair a
 * rollout history that no longer fits its ReplicaSets (KT-ROLLBACK-003, rollback.rollout-undo) or,
 * when the real cluster shows a consistent history, not claim that it is broken.
 */
@Tag(KubeTestBed.TESTBED_TAG)
class IncidentOnTestBedTest {

    @RegisterExtension
    static final KubeTestBed CLUSTER = KubeTestBed.protobuf();

    private static final String NAMESPACE = "shop";
    private static final String NAME = "web";
    private static final String REVISION = "deployment.kubernetes.io/revision";
    private static final ObjectKey DEPLOYMENT = new ObjectKey("apps", "Deployment", NAMESPACE, NAME);
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** The writes of "a few days" between the backup and the restore, so that the revision drop is plain. */
    private static final int LATER_CHANGES = 60;

    @TempDir
    Path audit;

    @Test
    void restoreOfADayZeroBackupIsNamedAndTheRolloutIsRepaired() throws Exception {
        KubeContext ctx = new KubeconfigParser().parse(CLUSTER.kubeconfig()).context(KubeTestBed.CONTEXT)
                .orElseThrow();
        try (KubernetesClient client = new KubeClientFactory().open(ctx, Duration.ofSeconds(5),
                Duration.ofSeconds(15))) {
            // ---- day 0: the Deployment at revision 1, and the backup
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata()
                    .build()).create();
            client.apps().deployments().inNamespace(NAMESPACE).resource(deployment("nginx:1.19")).create();
            await("the ReplicaSet of revision 1", () -> replicaSet(client, 1));
            Path day0 = CLUSTER.etcd().snapshotSave(CLUSTER.workDir().resolve("day0.db"));

            // ---- the days after: two rollouts and other changes
            setImage(client, "nginx:1.20");
            await("the ReplicaSet of revision 2", () -> replicaSet(client, 2));
            setImage(client, "nginx:1.21");
            ReplicaSet third = await("the ReplicaSet of revision 3", () -> replicaSet(client, 3));
            assertEquals("nginx:1.21", image(third));
            await("the Deployment at revision 3", () -> Optional.ofNullable(deployment(client))
                    .filter(d -> "3".equals(annotation(d.getMetadata().getAnnotations()))));
            for (int i = 0; i < LATER_CHANGES; i++) {
                client.configMaps().inNamespace(NAMESPACE).resource(new ConfigMapBuilder().withNewMetadata()
                        .withName("change-" + i).withNamespace(NAMESPACE).endMetadata().addToData("n", "" + i)
                        .build()).create();
            }

            Snapshot before = capture(ctx);
            assertEquals(List.of(1L, 2L, 3L), RolloutHistory.of(before, DEPLOYMENT).stream()
                    .map(RolloutHistory.Revision::revision).toList(), "the history before the restore");
            long storeBefore = CLUSTER.etcd().revision();

            // ---- the incident
            long restoreStart = System.nanoTime();
            CLUSTER.restoreEtcdFrom(day0);
            assertTrue(CLUSTER.etcd().revision() < storeBefore, "the store's revision went back");
            Deployment restored = await("the day-0 Deployment served again", () -> {
                try {
                    return Optional.ofNullable(deployment(client)).filter(d -> "nginx:1.19".equals(image(d)));
                } catch (RuntimeException e) {
                    return Optional.empty();
                }
            });
            System.out.printf("[incident] day-0 Deployment served %d ms after the restore began: revision %s, "
                    + "resourceVersion %s%n", (System.nanoTime() - restoreStart) / 1_000_000,
                    annotation(restored.getMetadata().getAnnotations()), restored.getMetadata().getResourceVersion());
            // let the controller-manager do whatever it does right after a restore, then look
            Thread.sleep(3_000);
            System.out.println("[incident] after the restore: " + describe(client));

            Snapshot after = capture(ctx);
            System.out.println("[incident] history captured after the restore: "
                    + RolloutHistory.of(after, DEPLOYMENT).stream()
                            .map(r -> r.revision() + "=" + r.replicaSet().name() + " " + r.images()).toList());
            System.out.println("[incident] highest resourceVersion before " + before.maxResourceVersion()
                    + ", after " + after.maxResourceVersion() + "; etcd revision now " + CLUSTER.etcd().revision());

            // ---- the diagnosis
            DiagnosisInput input = new DiagnosisInput(after, before, null, null);
            List<Finding> findings = new Diagnosis(List.of(new RevisionBackwardsDetector(),
                    new ObjectsBackwardsDetector(), new RolloutMismatchDetector(), new SchedulerDetector(),
                    new ResourceVersionErrorsDetector())).run(input);
            findings.forEach(f -> System.out.println("[incident] finding " + f.id() + " (cause " + f.cause()
                    + "): " + f.title()));
            assertTrue(findings.stream().noneMatch(f -> f.code().equals(FindingCatalog.INTERNAL)),
                    "no detector failed: " + findings);

            Finding root = findings.get(0);
            assertEquals(RollbackCodes.REVISION_BACKWARDS, root.code(), "the restore is named first: " + findings);
            assertNull(root.cause(), "KT-ROLLBACK-001 is a root");
            List<Finding> backwards = findings.stream()
                    .filter(f -> f.code().equals(RollbackCodes.OBJECTS_BACKWARDS)).toList();
            assertFalse(backwards.isEmpty(), "KT-ROLLBACK-002 is raised: " + findings);
            for (Finding f : backwards) {
                assertEquals(RollbackCodes.REVISION_BACKWARDS, f.cause(), f.id() + " is caused by the restore");
                assertTrue(findings.indexOf(f) > 0, f.id() + " comes after its cause");
            }
            assertTrue(backwards.stream().anyMatch(f -> f.affected().contains(DEPLOYMENT)),
                    "the Deployment went back in time: " + backwards.stream().map(Finding::affected).toList());

            // ---- the repair
            Optional<Finding> mismatch = findings.stream()
                    .filter(f -> f.code().equals(RollbackCodes.ROLLOUT_MISMATCH) && f.affected().contains(DEPLOYMENT))
                    .findFirst();
            if (mismatch.isEmpty()) {
                System.out.println("[incident] no KT-ROLLBACK-003 for " + DEPLOYMENT
                        + ": the real cluster shows a consistent rollout history; no rollout-undo plan applies");
                assertTrue(findings.stream().noneMatch(f -> f.code().equals(RollbackCodes.ROLLOUT_MISMATCH)),
                        "no KT-ROLLBACK-003 false positive: " + findings);
                assertTrue(new RollbackFixes().plan(RollbackCodes.FIX_ROLLOUT_UNDO, root, input).isEmpty(),
                        "rollout-undo is not offered for the restore itself");
                assertConsistent(client);
                return;
            }

            long wanted = RolloutHistory.of(after, DEPLOYMENT).stream()
                    .filter(r -> r.images().contains("nginx:1.21")).mapToLong(RolloutHistory.Revision::revision)
                    .max().orElse(-1);
            Optional<FixPlan> planned = wanted >= 0 ? RollbackFixes.rolloutUndo(mismatch.get(), input, wanted)
                    : new RollbackFixes().plan(RollbackCodes.FIX_ROLLOUT_UNDO, mismatch.get(), input);
            FixPlan plan = planned.orElseThrow(() -> new AssertionError("rollout-undo is planned for "
                    + mismatch.get().id()));
            System.out.println("[incident] plan: " + plan.title());
            FixExecutor executor = new FixExecutor(new AuditLog(audit.resolve("audit.jsonl")));
            DryRunResult dryRun = executor.dryRun(ctx, plan, new NullProgressMonitor());
            assertTrue(dryRun.ok(), "the dry run passes: " + dryRun.summary());
            ApplyResult applied = executor.apply(ctx, mismatch.get(), plan, new ApplyOptions(false, true),
                    new NullProgressMonitor());
            assertTrue(applied.ok(), applied.message());
            await("a consistent rollout history", () -> {
                try {
                    return problems(client).isEmpty() ? Optional.of(true) : Optional.empty();
                } catch (RuntimeException e) {
                    return Optional.empty();
                }
            });
            System.out.println("[incident] after the repair: " + describe(client));
            assertConsistent(client);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static Snapshot capture(KubeContext ctx) throws Exception {
        return new ApiSnapshotCollector().capture(ctx, CaptureOptions.defaults(), new NullProgressMonitor());
    }

    private static Deployment deployment(String image) {
        return new DeploymentBuilder()
                .withNewMetadata().withName(NAME).withNamespace(NAMESPACE).endMetadata()
                .withNewSpec()
                .withReplicas(1)
                .withNewSelector().withMatchLabels(Map.of("app", NAME)).endSelector()
                .withNewTemplate()
                .withNewMetadata().withLabels(Map.of("app", NAME)).endMetadata()
                .withNewSpec().addNewContainer().withName(NAME).withImage(image).endContainer().endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    /** As {@code kubectl set image}: a strategic merge patch, no resourceVersion to race the controller with. */
    private static void setImage(KubernetesClient client, String image) {
        client.apps().deployments().inNamespace(NAMESPACE).withName(NAME).patch(
                PatchContext.of(PatchType.STRATEGIC_MERGE),
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"" + NAME + "\",\"image\":\"" + image
                        + "\"}]}}}}");
    }

    private static Deployment deployment(KubernetesClient client) {
        return client.apps().deployments().inNamespace(NAMESPACE).withName(NAME).get();
    }

    private static List<ReplicaSet> replicaSets(KubernetesClient client) {
        return client.apps().replicaSets().inNamespace(NAMESPACE).list().getItems();
    }

    private static Optional<ReplicaSet> replicaSet(KubernetesClient client, long revision) {
        return replicaSets(client).stream()
                .filter(rs -> String.valueOf(revision).equals(annotation(rs.getMetadata().getAnnotations())))
                .findFirst();
    }

    private static String annotation(Map<String, String> annotations) {
        return annotations == null ? null : annotations.get(REVISION);
    }

    private static String image(Deployment d) {
        return d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    private static String image(ReplicaSet rs) {
        return rs.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    /** What is wrong with the rollout history the API serves: empty when it is consistent. */
    private static List<String> problems(KubernetesClient client) {
        Deployment d = deployment(client);
        List<ReplicaSet> sets = replicaSets(client).stream()
                .filter(rs -> rs.getMetadata().getOwnerReferences().stream()
                        .anyMatch(o -> o.getUid().equals(d.getMetadata().getUid())))
                .toList();
        List<String> problems = new ArrayList<>();
        Map<String, List<String>> byRevision = new HashMap<>();
        for (ReplicaSet rs : sets) {
            byRevision.computeIfAbsent(annotation(rs.getMetadata().getAnnotations()), r -> new ArrayList<>())
                    .add(rs.getMetadata().getName());
        }
        byRevision.forEach((revision, names) -> {
            if (names.size() > 1) {
                problems.add("revision " + revision + " is carried by " + names);
            }
        });
        long newest = sets.stream().map(rs -> annotation(rs.getMetadata().getAnnotations()))
                .filter(r -> r != null).mapToLong(Long::parseLong).max().orElse(-1);
        String own = annotation(d.getMetadata().getAnnotations());
        if (own == null || Long.parseLong(own) != newest) {
            problems.add("the Deployment says revision " + own + ", its newest ReplicaSet has " + newest);
        }
        return problems;
    }

    private static void assertConsistent(KubernetesClient client) {
        assertNotNull(deployment(client), "the Deployment exists");
        assertEquals(List.of(), problems(client), "the rollout history is consistent: " + describe(client));
    }

    private static String describe(KubernetesClient client) {
        Deployment d = deployment(client);
        return "deployment " + NAMESPACE + "/" + NAME + " revision " + annotation(d.getMetadata().getAnnotations())
                + " image " + image(d) + " rv " + d.getMetadata().getResourceVersion() + "; replicaSets "
                + replicaSets(client).stream().map(rs -> rs.getMetadata().getName() + "(rev "
                        + annotation(rs.getMetadata().getAnnotations()) + ", " + image(rs) + ", replicas "
                        + rs.getSpec().getReplicas() + ", rv " + rs.getMetadata().getResourceVersion() + ")")
                        .collect(Collectors.joining(", "));
    }

    private static <T> T await(String what, Supplier<Optional<T>> probe) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<T> found = probe.get();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(200);
        }
        throw new AssertionError(what + " did not happen within " + WAIT.toSeconds() + " s; see "
                + CLUSTER.apiServerLog() + " and " + CLUSTER.controllerManagerLog());
    }
}
