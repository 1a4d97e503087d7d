package io.kubetriage.core.node.section;

/**
 * Node data that cannot be used: a directory or snapshot entry with a bad name, text that is not
 * UTF-8, a missing or malformed status. The message names the file or entry.
 */
public final class NodeDataException extends Exception {

    private static final long serialVersionUID = 1L;

    public NodeDataException(String message) {
        super(message);
    }

    public NodeDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
