package io.kubetriage.connector.kube.node;

/** The collector created nothing, because it may not (read-only mode) or was not allowed to. */
public class NodeAgentRefusedException extends Exception {

    private static final long serialVersionUID = 1L;

    public NodeAgentRefusedException(String message) {
        super(message);
    }
}
