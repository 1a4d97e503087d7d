package io.kubetriage.connector.etcd;

/**
 * etcd could not be reached or the connection settings cannot be used. The message is meant for
 * the user as it stands and never contains a password.
 */
public class EtcdConnectException extends Exception {

    private static final long serialVersionUID = 1L;

    public EtcdConnectException(String message) {
        super(message);
    }

    public EtcdConnectException(String message, Throwable cause) {
        super(message, cause);
    }
}
