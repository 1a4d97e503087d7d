package io.kubetriage.sample;

/**
 * The built-in sample incident cannot be read: its file is missing from the installation or is
 * corrupt. Unchecked, since it means a broken installation rather than bad input; the message says
 * which file and what is wrong with it.
 */
public final class SampleIncidentException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public SampleIncidentException(String message, Throwable cause) {
        super(message, cause);
    }
}
