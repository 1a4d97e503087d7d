package io.kubetriage.ui.internal.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;

import io.kubetriage.connector.kube.fix.AuditLog;

/** Reads an audit log for the Fix History view: every line, newest first, malformed lines included. */
public final class FixHistory {

    private FixHistory() {
    }

    /**
     * The lines of the file, newest first (the file is append-only, so the last line is the newest);
     * none when there is no file yet. Blank lines are skipped.
     *
     * @throws IOException                when the file cannot be read
     * @throws OperationCanceledException when the monitor is cancelled
     */
    public static List<HistoryRow> read(Path file, IProgressMonitor monitor) throws IOException {
        List<HistoryRow> rows = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String text;
            int line = 0;
            while ((text = in.readLine()) != null) {
                line++;
                if (monitor != null && monitor.isCanceled()) {
                    throw new OperationCanceledException();
                }
                if (!text.isBlank()) {
                    rows.add(row(line, text));
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        Collections.reverse(rows);
        return rows;
    }

    private static HistoryRow row(int line, String text) {
        try {
            return new HistoryRow(line, AuditLog.parse(text), text, null);
        } catch (IllegalArgumentException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            return new HistoryRow(line, null, text, "not an audit line: " + why.lines().findFirst().orElse(why));
        }
    }
}
