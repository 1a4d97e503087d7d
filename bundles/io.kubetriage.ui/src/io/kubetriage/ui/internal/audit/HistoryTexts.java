package io.kubetriage.ui.internal.audit;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import io.kubetriage.connector.kube.fix.AuditLog;
import io.kubetriage.connector.kube.fix.UndoRecord;
import io.kubetriage.ui.internal.findings.QuickFixDialog;

/** What the Fix History view writes about an audit line: its columns and its details. */
final class HistoryTexts {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    private HistoryTexts() {
    }

    static String when(HistoryRow row) {
        return row.malformed() ? "line " + row.line() : WHEN.format(row.entry().time());
    }

    static String cluster(HistoryRow row) {
        return row.malformed() ? "" : orDash(row.entry().context());
    }

    static String user(HistoryRow row) {
        if (row.malformed()) {
            return "";
        }
        AuditLog.Entry e = row.entry();
        return orDash(e.osUser()) + (e.kubeUser() == null ? "" : " (" + e.kubeUser() + ")");
    }

    static String finding(HistoryRow row) {
        return row.malformed() ? "" : orDash(row.entry().findingId());
    }

    static String fix(HistoryRow row) {
        return row.malformed() ? "" : orDash(row.entry().fixId());
    }

    static String result(HistoryRow row) {
        if (row.malformed()) {
            return row.problem();
        }
        String reason = row.entry().reason().lines().findFirst().orElse("");
        return orDash(row.entry().result()) + (reason.isEmpty() ? "" : ": " + reason);
    }

    /**
     * Everything the line says, and for an applied fix what Undo… would do.
     *
     * @param undo        the fix's undo record; null when there is none or it cannot be read
     * @param undoProblem why the record cannot be read; null when it could, or there is none
     */
    static String details(HistoryRow row, UndoRecord undo, String undoProblem) {
        if (row.malformed()) {
            return "Line " + row.line() + " of the audit log is not an audit entry (" + row.problem() + "). It is shown "
                    + "as it is:\n\n" + row.text();
        }
        AuditLog.Entry e = row.entry();
        StringBuilder s = new StringBuilder();
        s.append(row.action()).append(" \u2014 ").append(orDash(e.result())).append('\n');
        s.append("When: ").append(WHEN.format(e.time())).append(" (").append(e.time()).append(")\n");
        s.append("Cluster: context ").append(orDash(e.context())).append(", server ").append(orDash(e.server()))
                .append('\n');
        s.append("User: ").append(orDash(e.osUser())).append(", kubeconfig user ").append(orDash(e.kubeUser()))
                .append('\n');
        s.append("Finding: ").append(orDash(e.findingCode())).append(" (").append(orDash(e.findingId())).append(")\n");
        s.append("Fix: ").append(orDash(e.fixId())).append('\n');
        s.append("Steps:\n");
        if (e.steps().isEmpty()) {
            s.append("  (none)\n");
        }
        for (int i = 0; i < e.steps().size(); i++) {
            s.append("  ").append(i + 1).append(". ").append(e.steps().get(i)).append('\n');
        }
        s.append("Result and the server's answers:\n  ").append(e.reason().isEmpty() ? "(none recorded)"
                : e.reason().replace("\n", "\n  ")).append('\n');
        if (e.undoRecordId() != null) {
            s.append("Undo record: ").append(e.undoRecordId()).append('\n');
        }
        if (undoProblem != null) {
            s.append('\n').append(undoProblem).append('\n');
        } else if (undo != null) {
            s.append("\nWhat Undo\u2026 would do (each object as it is after the fix, and as the undo leaves it):\n\n")
                    .append(QuickFixDialog.preview(undo.inversePlan()));
        }
        return s.toString();
    }

    private static String orDash(String s) {
        return s == null || s.isBlank() ? "-" : s;
    }
}
