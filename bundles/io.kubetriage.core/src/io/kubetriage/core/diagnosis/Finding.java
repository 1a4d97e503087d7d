package io.kubetriage.core.diagnosis;

import java.util.List;
import java.util.Objects;

import io.kubetriage.core.snapshot.ObjectKey;

/**
 * What a detector found: a broken layer of the cluster, in words, with the facts it rests on, the
 * objects it touches, what caused it and which quick fixes apply.
 *
 * @param id          stable over runs on the same cluster state: the code and the subject
 *                    ({@link #id(String, String)}), e.g. {@code KT-ROLLBACK-003:default/web}
 * @param code        the stable code, e.g. {@code KT-ROLLBACK-001}; see {@link FindingCatalog}
 * @param severity    how bad
 * @param title       one line
 * @param explanation what it means, in plain words, and why it matters
 * @param evidence    the facts, most telling first
 * @param affected    the objects it touches
 * @param cause       the code or the id of the finding that causes this one; null when this
 *                    finding is a root (or its cause is not known)
 * @param fixIds      the quick fixes that apply, e.g. {@code rollback.rollout-undo}
 */
public record Finding(String id, String code, Severity severity, String title, String explanation,
        List<Evidence> evidence, List<ObjectKey> affected, String cause, List<String> fixIds) {

    public Finding {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(title, "title");
        explanation = explanation == null ? "" : explanation;
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
        affected = affected == null ? List.of() : List.copyOf(affected);
        fixIds = fixIds == null ? List.of() : List.copyOf(fixIds);
        if (cause != null && (cause.isBlank() || cause.equals(id))) {
            throw new IllegalArgumentException("a finding cannot be its own cause: " + id);
        }
    }

    /** {@code CODE:subject}, or the code alone when the subject is empty. */
    public static String id(String code, String subject) {
        return subject == null || subject.isEmpty() ? code : code + ":" + subject;
    }

    /** Whether {@code other} is the cause this finding names (by code or by id). */
    public boolean isCausedBy(Finding other) {
        return cause != null && other != this && (cause.equals(other.id) || cause.equals(other.code));
    }

    /** The same finding with another cause (null: none). */
    public Finding withCause(String newCause) {
        return new Finding(id, code, severity, title, explanation, evidence, affected, newCause, fixIds);
    }
}
