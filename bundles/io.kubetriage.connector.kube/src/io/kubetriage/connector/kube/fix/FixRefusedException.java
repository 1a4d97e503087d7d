package io.kubetriage.connector.kube.fix;

/** A fix was not applied, and nothing was sent to the cluster; the message says why in one line. */
public class FixRefusedException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a fix was refused. */
    public enum Reason {
        /** The cluster is marked read-only: fixes are only previewed. */
        READ_ONLY,
        /** The user did not confirm the preview. */
        NOT_CONFIRMED,
        /** The audit log cannot be written, and no fix runs unrecorded. */
        AUDIT_UNAVAILABLE
    }

    private final Reason reason;

    public FixRefusedException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public FixRefusedException(Reason reason, String message) {
        this(reason, message, null);
    }

    public Reason reason() {
        return reason;
    }
}
