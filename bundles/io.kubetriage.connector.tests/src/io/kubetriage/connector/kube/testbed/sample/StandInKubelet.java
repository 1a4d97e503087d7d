package io.kubetriage.connector.kube.testbed.sample;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;

import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Stands in for the scheduler and the kubelet of node {@value #NODE}, which the test bed does not
 * run: binds each unbound Pod to the node, posts the status a kubelet would for a Pod whose
 * containers started (Running, Ready, a Pod IP from Calico's block of the node, or the node's IP
 * for host-network Pods), records the events they would, and removes Pods whose deletion was asked
 * for once their grace period would have passed.
 */
final class StandInKubelet {

    static final String NODE = "master-1";
    static final String NODE_IP = "192.168.10.11";
    /** Calico's address block of the node: 10.233.90.0 is tunl0's. */
    private static final String POD_BLOCK = "10.233.90.";
    private static final Duration POLL = Duration.ofMillis(250);

    private final KubernetesClient client;
    private final Random random = new Random(20240304);
    private int nextPodAddress = 2;

    StandInKubelet(KubernetesClient client) {
        this.client = client;
    }

    /**
     * Does the scheduler's and kubelet's work until {@code done} holds with nothing left to do.
     *
     * @throws AssertionError when that does not happen within the timeout
     */
    void settle(String what, Duration timeout, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean acted = step();
            if (!acted && done.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " did not happen within " + timeout.toSeconds() + " s");
            }
            if (!acted) {
                Thread.sleep(POLL.toMillis());
            }
        }
    }

    /** One pass over the Pods; true when something was done. */
    private boolean step() {
        boolean acted = false;
        for (Pod pod : client.pods().inAnyNamespace().list().getItems()) {
            try {
                if (pod.getMetadata().getDeletionTimestamp() != null) {
                    client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                            .withGracePeriod(0).delete();
                    acted = true;
                } else if (pod.getSpec().getNodeName() == null) {
                    bind(pod);
                    acted = true;
                } else if (pod.getStatus() == null || !"Running".equals(pod.getStatus().getPhase())) {
                    run(pod);
                    acted = true;
                }
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404 && e.getCode() != 409) {
                    throw e;
                }
                // the Pod went away or changed meanwhile: the next pass sees it as it is
                acted = true;
            }
        }
        return acted;
    }

    private void bind(Pod pod) {
        String ns = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        client.bindings().inNamespace(ns).resource(new BindingBuilder()
                .withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                .withNewTarget().withApiVersion("v1").withKind("Node").withName(NODE).endTarget()
                .build()).create();
        event(pod, null, "Normal", "Scheduled", "Successfully assigned " + ns + "/" + name + " to " + NODE,
                "default-scheduler", 1, Instant.now());
    }

    private void run(Pod pod) {
        String now = timestamp(Instant.now());
        boolean hostNetwork = Boolean.TRUE.equals(pod.getSpec().getHostNetwork());
        String ip = hostNetwork ? NODE_IP : POD_BLOCK + nextPodAddress++;
        PodStatus status = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
        status.setPhase("Running");
        status.setHostIP(NODE_IP);
        status.setPodIP(ip);
        status.setPodIPs(List.of(new PodIP(ip)));
        status.setStartTime(now);
        status.setConditions(List.of(condition("Initialized", now), condition("Ready", now),
                condition("ContainersReady", now), condition("PodScheduled", now)));
        List<ContainerStatus> init = new ArrayList<>();
        for (Container c : pod.getSpec().getInitContainers()) {
            init.add(new ContainerStatusBuilder().withName(c.getName()).withImage(c.getImage())
                    .withImageID(imageId(c.getImage())).withContainerID(containerId()).withReady(true)
                    .withRestartCount(0).withNewState().withNewTerminated().withExitCode(0).withReason("Completed")
                    .withStartedAt(now).withFinishedAt(now).withContainerID(null).endTerminated().endState().build());
        }
        status.setInitContainerStatuses(init);
        List<ContainerStatus> containers = new ArrayList<>();
        for (Container c : pod.getSpec().getContainers()) {
            containers.add(runningContainer(c, now, true, 0));
        }
        status.setContainerStatuses(containers);
        pod.setStatus(status);
        client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).updateStatus();
        for (Container c : pod.getSpec().getContainers()) {
            String field = "spec.containers{" + c.getName() + "}";
            event(pod, field, "Normal", "Pulled", "Container image \"" + c.getImage() + "\" already present on machine",
                    "kubelet", 1, Instant.now());
            event(pod, field, "Normal", "Created", "Created container " + c.getName(), "kubelet", 1, Instant.now());
            event(pod, field, "Normal", "Started", "Started container " + c.getName(), "kubelet", 1, Instant.now());
        }
    }

    /** A container as the kubelet reports it while it runs. */
    ContainerStatus runningContainer(Container c, String startedAt, boolean ready, int restarts) {
        return new ContainerStatusBuilder().withName(c.getName()).withImage(c.getImage())
                .withImageID(imageId(c.getImage())).withContainerID(containerId()).withReady(ready)
                .withStarted(true).withRestartCount(restarts).withNewState().withNewRunning().withStartedAt(startedAt)
                .endRunning().endState().build();
    }

    static PodCondition condition(String type, String now) {
        return new PodConditionBuilder().withType(type).withStatus("True").withLastTransitionTime(now)
                .withLastProbeTime(null).build();
    }

    /**
     * Records an event about a Pod as a component would, with {@code count} occurrences, the last at
     * {@code last}.
     */
    void event(Pod pod, String fieldPath, String type, String reason, String message, String component, int count,
            Instant last) {
        String ns = pod.getMetadata().getNamespace();
        Instant first = count > 1 ? last.minus(Duration.ofSeconds(31L * (count - 1))) : last;
        client.v1().events().inNamespace(ns).resource(new EventBuilder()
                .withNewMetadata().withNamespace(ns)
                .withName(pod.getMetadata().getName() + "." + Long.toHexString(System.nanoTime() * 1000 + random.nextInt(1000)))
                .endMetadata()
                .withNewInvolvedObject().withApiVersion("v1").withKind("Pod").withNamespace(ns)
                .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid())
                .withResourceVersion(pod.getMetadata().getResourceVersion()).withFieldPath(fieldPath)
                .endInvolvedObject()
                .withType(type).withReason(reason).withMessage(message)
                .withNewSource().withComponent(component).withHost(component.equals("kubelet") ? NODE : null)
                .endSource()
                .withCount(count).withFirstTimestamp(timestamp(first)).withLastTimestamp(timestamp(last))
                .withReportingComponent("").withReportingInstance("")
                .build()).create();
    }

    /** A random id of 32 bytes in hex, as Docker gives containers and sandboxes. */
    String hexId() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private String containerId() {
        return "docker://" + hexId();
    }

    private String imageId(String image) {
        int tag = image.lastIndexOf(':');
        String repository = tag > image.lastIndexOf('/') ? image.substring(0, tag) : image;
        return "docker-pullable://" + repository + "@sha256:" + hexId();
    }

    static String timestamp(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
