package io.kubetriage.core.diagnosis;

/** How bad a finding is. The order is the order of the findings list: errors first. */
public enum Severity {
    /** The cluster is broken here: something does not work and will not heal by itself. */
    ERROR,
    /** Likely wrong or about to break; worth a look. */
    WARNING,
    /** Worth knowing; nothing to repair. */
    INFO
}
