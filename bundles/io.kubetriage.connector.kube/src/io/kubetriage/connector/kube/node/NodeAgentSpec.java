package io.kubetriage.connector.kube.node;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;

/**
 * The agent Pod that collects node data on one node, the way {@code kubectl debug node/NAME}
 * does: pinned to the node by {@code nodeName}, in the node's network and PID namespaces, one
 * privileged container that only sleeps while commands are run in it through exec, and deleted
 * by the collector as soon as it is done.
 *
 * <p>The node's {@code /etc/cni/net.d} and {@code /etc/kubernetes/manifests} are mounted read-only
 * under {@link #HOST_ROOT}; the rest of {@code /etc/kubernetes} (keys, kubeconfigs) is not
 * mounted. A folder missing on the node is created empty by the container runtime, as for any
 * hostPath volume without a type. The Pod tolerates every taint, has no service account token,
 * never restarts, and ends by itself after {@link #lifetimeSeconds(Duration)} even if it is never
 * deleted (its {@code sleep} ends and {@code activeDeadlineSeconds} passes).
 *
 * <p>Image: {@link #DEFAULT_IMAGE}, a network troubleshooting image that has {@code sh},
 * {@code iptables-save} and {@code ip6tables-save} of both back-ends (legacy and nf_tables),
 * {@code ipvsadm}, {@code ipset} and {@code ip}. The cluster's own kube-proxy image is already on
 * every node and has the iptables tools and {@code ipset}, but neither {@code ipvsadm} nor
 * {@code ip}, and recent ones have no shell; it can still be chosen, and the commands it lacks are
 * then reported as not found in the agent image.
 */
public final class NodeAgentSpec {

    /** The default agent image: has a shell and every command the collector runs. */
    public static final String DEFAULT_IMAGE = "docker.io/nicolaka/netshoot:v0.13";
    /** The label every agent Pod carries, to find leftovers: {@code app.kubernetes.io/name}. */
    public static final String NAME_LABEL = "app.kubernetes.io/name";
    public static final String NAME_LABEL_VALUE = "kubetriage-agent";
    /** The annotation that names the node, which may be too long for a label value. */
    public static final String NODE_ANNOTATION = "kubetriage.io/node";
    /** The prefix of agent Pod names: {@code kubetriage-agent-<node>-<random5>}. */
    public static final String NAME_PREFIX = "kubetriage-agent-";
    public static final String CONTAINER = "agent";
    /** Where the node's files are mounted in the container. */
    public static final String HOST_ROOT = "/host";
    public static final String HOST_CNI = "/etc/cni/net.d";
    public static final String HOST_MANIFESTS = "/etc/kubernetes/manifests";

    /** Shortest life of a Pod: the sleep of the brief, ten minutes. */
    private static final long MIN_LIFETIME_SECONDS = 600;
    /** The characters of Kubernetes' own random name suffixes: no vowels, no look-alikes. */
    private static final String SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final int MAX_NAME = 253;

    private NodeAgentSpec() {
    }

    /** A new Pod name for a node: {@code kubetriage-agent-<node>-<5 random characters>}. */
    public static String podName(String node, RandomGenerator random) {
        StringBuilder suffix = new StringBuilder(5);
        for (int i = 0; i < 5; i++) {
            suffix.append(SUFFIX_ALPHABET.charAt(random.nextInt(SUFFIX_ALPHABET.length())));
        }
        String nodePart = node.toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        int room = MAX_NAME - NAME_PREFIX.length() - 1 - suffix.length();
        if (nodePart.length() > room) {
            nodePart = nodePart.substring(0, room);
        }
        nodePart = nodePart.replaceAll("[.-]+$", "");
        return NAME_PREFIX + nodePart + "-" + suffix;
    }

    /**
     * How long the Pod may live at most: ten minutes, or longer when waiting for it to run and the
     * commands could take longer.
     */
    public static long lifetimeSeconds(Duration perNodeTimeout) {
        return Math.max(MIN_LIFETIME_SECONDS, perNodeTimeout.toSeconds() + MIN_LIFETIME_SECONDS / 2);
    }

    /**
     * The agent Pod for a node.
     *
     * @param node    the node's name
     * @param podName the Pod's name, from {@link #podName(String, RandomGenerator)}
     * @param options the namespace, image and timeouts
     */
    public static Pod pod(String node, String podName, NodeCollectOptions options) {
        Objects.requireNonNull(node, "node");
        long lifetime = lifetimeSeconds(options.perNodeTimeout());
        return new PodBuilder()
                .withNewMetadata()
                    .withName(podName)
                    .withNamespace(options.namespace())
                    .addToLabels(NAME_LABEL, NAME_LABEL_VALUE)
                    .addToLabels("app.kubernetes.io/managed-by", "kubetriage")
                    .addToAnnotations(NODE_ANNOTATION, node)
                .endMetadata()
                .withNewSpec()
                    .withNodeName(node)
                    .withHostNetwork(true)
                    .withHostPID(true)
                    .withRestartPolicy("Never")
                    .withActiveDeadlineSeconds(lifetime)
                    .withTerminationGracePeriodSeconds(0L)
                    .withAutomountServiceAccountToken(false)
                    .withEnableServiceLinks(false)
                    .addNewToleration().withOperator("Exists").endToleration()
                    .addNewContainer()
                        .withName(CONTAINER)
                        .withImage(options.image())
                        .withImagePullPolicy("IfNotPresent")
                        .withCommand("sleep", Long.toString(lifetime))
                        .withNewSecurityContext().withPrivileged(true).endSecurityContext()
                        .addNewVolumeMount().withName("cni").withMountPath(HOST_ROOT + HOST_CNI)
                            .withReadOnly(true).endVolumeMount()
                        .addNewVolumeMount().withName("manifests").withMountPath(HOST_ROOT + HOST_MANIFESTS)
                            .withReadOnly(true).endVolumeMount()
                    .endContainer()
                    .addNewVolume().withName("cni").withNewHostPath().withPath(HOST_CNI).endHostPath().endVolume()
                    .addNewVolume().withName("manifests").withNewHostPath().withPath(HOST_MANIFESTS).endHostPath()
                        .endVolume()
                .endSpec()
                .build();
    }
}
