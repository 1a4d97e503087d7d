package io.kubetriage.ui.internal.etcd;

/** Keys or a history could not be read; the message says why in plain words, ready for the user. */
final class EtcdSourceException extends Exception {

    private static final long serialVersionUID = 1L;

    EtcdSourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
