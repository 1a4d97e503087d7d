package io.kubetriage.connector.kube.node;

/**
 * The user has not confirmed that a privileged Pod may be created on each node
 * ({@link NodeCollectOptions#confirmed()}); nothing was created. The caller asks, remembers the
 * answer per cluster, and collects again with the confirmation.
 */
public final class NodeAgentConsentRequiredException extends NodeAgentRefusedException {

    private static final long serialVersionUID = 1L;

    public NodeAgentConsentRequiredException(String message) {
        super(message);
    }
}
