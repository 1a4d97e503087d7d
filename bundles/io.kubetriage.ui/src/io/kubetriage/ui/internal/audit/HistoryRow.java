package io.kubetriage.ui.internal.audit;

import io.kubetriage.connector.kube.fix.AuditLog;

/**
 * One line of the audit log as the Fix History view lists it: an entry, or a line that is not one
 * (kept with why, so that a damaged file is shown rather than hidden).
 *
 * @param line    the 1-based line number in the file; lines never move, the file being append-only
 * @param entry   the entry; null when the line is malformed
 * @param text    the line as it is in the file
 * @param problem why the line is not an entry; null when it is one
 */
public record HistoryRow(int line, AuditLog.Entry entry, String text, String problem) {

    /** Whether the line could not be read as an entry. */
    public boolean malformed() {
        return entry == null;
    }

    /** Whether the line is an applied fix with an undo record, which Undo… can take back. */
    public boolean undoable() {
        return entry != null && AuditLog.APPLY.equals(entry.event()) && entry.undoRecordId() != null
                && !entry.undoRecordId().isBlank();
    }

    /** The action as the view names it: preview, dry run, apply, undo, refusal; the raw event otherwise. */
    public String action() {
        if (entry == null) {
            return "malformed line";
        }
        return switch (entry.event()) {
            case AuditLog.DRY_RUN -> "dry run";
            case AuditLog.REFUSED -> "refusal";
            default -> entry.event();
        };
    }
}
