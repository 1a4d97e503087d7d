package io.kubetriage.connector.kube.fix;

/** A fix was not applied because the user did not confirm its preview; nothing was sent. */
public final class FixNotConfirmedException extends FixRefusedException {

    private static final long serialVersionUID = 1L;

    public FixNotConfirmedException(String message) {
        super(Reason.NOT_CONFIRMED, message);
    }
}
