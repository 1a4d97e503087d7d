package io.kubetriage.connector.kube.node;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How node data is collected by agent Pods.
 *
 * @param nodes             the nodes to collect from; empty for every node of the cluster
 * @param namespace         where the agent Pods are created
 * @param image             the agent's image; it needs {@code sh} and the commands (see
 *                          {@link NodeAgentSpec#DEFAULT_IMAGE}); a missing command is reported as
 *                          not found in the agent image
 * @param perNodeTimeout    how long to wait for an agent Pod to run (scheduling, image pull)
 * @param perCommandTimeout how long one command may take on the node
 * @param readOnly          read-only mode: nothing may be created in the cluster, so the collector
 *                          refuses
 * @param confirmed         whether the user agreed that a privileged Pod is created on each node;
 *                          without it the collector refuses and creates nothing
 */
public record NodeCollectOptions(List<String> nodes, String namespace, String image, Duration perNodeTimeout,
        Duration perCommandTimeout, boolean readOnly, boolean confirmed) {

    public static final String DEFAULT_NAMESPACE = "kube-system";
    public static final Duration DEFAULT_PER_NODE_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_PER_COMMAND_TIMEOUT = Duration.ofSeconds(30);

    public NodeCollectOptions {
        nodes = List.copyOf(nodes);
        if (namespace == null || namespace.isBlank()) {
            namespace = DEFAULT_NAMESPACE;
        }
        if (image == null || image.isBlank()) {
            image = NodeAgentSpec.DEFAULT_IMAGE;
        }
        requirePositive(perNodeTimeout, "perNodeTimeout");
        requirePositive(perCommandTimeout, "perCommandTimeout");
    }

    /** Every node, in kube-system, with the default image and timeouts; not confirmed. */
    public static NodeCollectOptions defaults() {
        return new NodeCollectOptions(List.of(), DEFAULT_NAMESPACE, NodeAgentSpec.DEFAULT_IMAGE,
                DEFAULT_PER_NODE_TIMEOUT, DEFAULT_PER_COMMAND_TIMEOUT, false, false);
    }

    public NodeCollectOptions withNodes(List<String> names) {
        return new NodeCollectOptions(names, namespace, image, perNodeTimeout, perCommandTimeout, readOnly, confirmed);
    }

    public NodeCollectOptions withNamespace(String ns) {
        return new NodeCollectOptions(nodes, ns, image, perNodeTimeout, perCommandTimeout, readOnly, confirmed);
    }

    public NodeCollectOptions withImage(String agentImage) {
        return new NodeCollectOptions(nodes, namespace, agentImage, perNodeTimeout, perCommandTimeout, readOnly,
                confirmed);
    }

    public NodeCollectOptions withPerNodeTimeout(Duration timeout) {
        return new NodeCollectOptions(nodes, namespace, image, timeout, perCommandTimeout, readOnly, confirmed);
    }

    public NodeCollectOptions withPerCommandTimeout(Duration timeout) {
        return new NodeCollectOptions(nodes, namespace, image, perNodeTimeout, timeout, readOnly, confirmed);
    }

    public NodeCollectOptions withReadOnly(boolean ro) {
        return new NodeCollectOptions(nodes, namespace, image, perNodeTimeout, perCommandTimeout, ro, confirmed);
    }

    public NodeCollectOptions withConfirmed(boolean yes) {
        return new NodeCollectOptions(nodes, namespace, image, perNodeTimeout, perCommandTimeout, readOnly, yes);
    }

    private static void requirePositive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive: " + d);
        }
    }
}
