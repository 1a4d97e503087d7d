package io.kubetriage.ui.internal.findings;

import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IWorkbenchPage;

import io.kubetriage.core.snapshot.diff.YamlRendering;
import io.kubetriage.ui.internal.compare.TextCompareInput;

/**
 * Two texts (usually YAML of one object, or of two revisions of a pod template) side by side in
 * the shared read-only compare editor ({@link TextCompareInput}), the older on the left. A facade
 * whose signatures name no compare type, so phase UI bundles call it without requiring
 * {@code org.eclipse.compare}.
 */
public final class YamlCompare {

    private YamlCompare() {
    }

    /**
     * Opens the compare editor, showing the editor area if the layout hides it.
     *
     * @return the editor's input
     */
    public static IEditorInput open(IWorkbenchPage page, String title, String tooltip, String leftLabel,
            String leftText, String rightLabel, String rightText) {
        return TextCompareInput.open(page, title, tooltip, new TextCompareInput.Side(leftLabel, leftText),
                new TextCompareInput.Side(rightLabel, rightText));
    }

    /** JSON as YAML; the text itself (with a newline) when it is not a JSON object; a note for null. */
    public static String yaml(String json, String whenAbsent) {
        if (json == null) {
            return whenAbsent == null ? "" : whenAbsent + "\n";
        }
        try {
            return YamlRendering.toYaml(json);
        } catch (IllegalArgumentException e) {
            return json.endsWith("\n") ? json : json + "\n";
        }
    }
}
