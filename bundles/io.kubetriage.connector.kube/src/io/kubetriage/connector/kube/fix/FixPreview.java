package io.kubetriage.connector.kube.fix;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import io.kubetriage.core.diagnosis.FixPlan;
import io.kubetriage.core.diagnosis.FixStep;
import io.kubetriage.core.snapshot.store.SecretRedaction;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a {@link FixPlan} will do, in words the user reads before confirming: for each API step the
 * object, the operation, the precondition and a unified diff of the object before and after as
 * YAML-like text; for each runbook step the node and the commands a person runs there. Secret
 * values never appear: a Secret's {@code data}/{@code stringData} values are shown as their
 * digests (see {@link SecretRedaction}), so the diff still tells which keys change.
 *
 * @param plan            the plan previewed
 * @param steps           one preview per step, in order
 * @param mutatesCluster  whether carrying the plan out changes the cluster
 * @param confirmation    the text the user is asked to confirm
 * @param text            the whole preview as plain text
 */
public record FixPreview(FixPlan plan, List<StepPreview> steps, boolean mutatesCluster, String confirmation,
        String text) {

    /** Lines of context around each change in the diff. */
    public static final int CONTEXT_LINES = 3;
    /** Above this many line pairs the diff shows the whole object removed and added, not an LCS. */
    private static final long MAX_LCS_CELLS = 4_000_000L;
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./@()+-][A-Za-z0-9_./@()+ ,=-]*");
    private static final Pattern NOT_PLAIN = Pattern.compile(
            "(?i)true|false|yes|no|on|off|null|~|[-+]?[0-9][0-9._eE+-]*|.*\\s|-.*|.*: .*|.* #.*");

    /**
     * One step as shown.
     *
     * @param index   1-based
     * @param heading e.g. {@code Step 1 of 2: PATCH Deployment.apps team-a/web}
     * @param detail  the request, the precondition and the diff, or the node, the commands, why
     *                and how to verify
     * @param byHand  whether a person does the step (a runbook step: Kubetriage never runs it)
     */
    public record StepPreview(int index, String heading, String detail, boolean byHand) {
    }

    public FixPreview {
        Objects.requireNonNull(plan, "plan");
        steps = List.copyOf(steps);
    }

    /** The preview of a plan. */
    public static FixPreview of(FixPlan plan) {
        Objects.requireNonNull(plan, "plan");
        List<StepPreview> steps = new ArrayList<>();
        int n = plan.steps().size();
        int apiSteps = 0;
        int runbookSteps = 0;
        for (int i = 0; i < n; i++) {
            FixStep step = plan.steps().get(i);
            String prefix = "Step " + (i + 1) + " of " + n + ": ";
            if (step instanceof FixStep.ApiStep api) {
                apiSteps++;
                steps.add(new StepPreview(i + 1, prefix + api.operation() + " " + api.target(), apiDetail(api),
                        false));
            } else if (step instanceof FixStep.RunbookStep book) {
                runbookSteps++;
                steps.add(new StepPreview(i + 1, prefix + "by hand on " + book.node(), runbookDetail(book), true));
            }
        }
        boolean mutates = plan.mutatesCluster() || apiSteps > 0;
        StringBuilder confirm = new StringBuilder();
        if (!plan.confirmation().isBlank()) {
            confirm.append(plan.confirmation().strip()).append("\n\n");
        }
        if (apiSteps > 0) {
            confirm.append("Kubetriage will send ").append(apiSteps).append(apiSteps == 1 ? " change" : " changes")
                    .append(" to the cluster, after a server-side dry run, each only if its object has not changed "
                            + "since this preview.");
        } else {
            confirm.append("Kubetriage sends nothing to the cluster.");
        }
        if (runbookSteps > 0) {
            confirm.append(' ').append(runbookSteps).append(runbookSteps == 1 ? " step is" : " steps are")
                    .append(" yours to do by hand; Kubetriage does not run them.");
        }
        if (!plan.undo().isBlank()) {
            confirm.append("\nUndo: ").append(plan.undo().strip());
        }
        String confirmation = confirm.toString();

        StringBuilder text = new StringBuilder();
        text.append("Fix: ").append(plan.title()).append(" (").append(plan.fixId()).append(")\n");
        text.append("For finding: ").append(plan.findingId()).append('\n');
        text.append("Changes the cluster: ").append(mutates ? "yes" : "no").append("\n\n");
        for (StepPreview s : steps) {
            text.append(s.heading()).append('\n').append(indent(s.detail(), "  ")).append('\n');
        }
        text.append("Confirm:\n").append(indent(confirmation, "  "));
        return new FixPreview(plan, steps, mutates, confirmation, text.toString());
    }

    private static String apiDetail(FixStep.ApiStep api) {
        StringBuilder d = new StringBuilder();
        d.append(api.summary()).append('\n');
        switch (api.operation()) {
            case CREATE -> d.append("Request: POST (create) the object below\n");
            case PATCH -> d.append("Request: PATCH with ")
                    .append(api.patchType() == null ? "a merge patch computed from the diff" : api.patchType())
                    .append('\n');
            case DELETE -> d.append("Request: DELETE the object\n");
        }
        d.append(api.resourceVersion() == null ? "Precondition: none (the object is not checked for changes)\n"
                : "Precondition: only if its resourceVersion is still " + api.resourceVersion()
                        + " (otherwise the server answers 409 Conflict and nothing more is sent)\n");
        boolean secret = FixJson.isSecret(api.target());
        List<String> before = yamlLines(api.beforeJson(), secret);
        List<String> after = yamlLines(api.afterJson(), secret);
        String label = api.target().toString();
        d.append(unifiedDiff(api.beforeJson() == null ? "/dev/null" : label + " (now)",
                api.afterJson() == null ? "/dev/null" : label + " (after)", before, after));
        return d.toString().stripTrailing();
    }

    private static String runbookDetail(FixStep.RunbookStep book) {
        StringBuilder d = new StringBuilder();
        d.append(book.summary()).append('\n');
        d.append("To do by hand on ").append(book.node()).append(" (Kubetriage does not run these):\n");
        for (String c : book.commands()) {
            d.append(c.startsWith("#") ? "  " + c : "  $ " + c).append('\n');
        }
        if (!book.why().isBlank()) {
            d.append("Why: ").append(book.why()).append('\n');
        }
        if (!book.verify().isBlank()) {
            d.append("Check: ").append(book.verify()).append('\n');
        }
        return d.toString().stripTrailing();
    }

    private static String indent(String text, String prefix) {
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            out.append(line.isEmpty() ? "" : prefix + line).append('\n');
        }
        return out.toString();
    }

    // ------------------------------------------------------------------ YAML-like text

    /**
     * The object as YAML-like lines (block style, keys in their order, strings quoted when plain
     * text would read as something else); Secret values redacted when {@code secret}. Empty for
     * null; the text as it is when it is not JSON.
     */
    public static List<String> yamlLines(String json, boolean secret) {
        if (json == null) {
            return List.of();
        }
        String shown = json;
        if (secret) {
            try {
                shown = SecretRedaction.redactSecretJson(json);
            } catch (IllegalArgumentException notAnObject) {
                return List.of("<a Secret that is not JSON: not shown>");
            }
        }
        ObjectNode root = FixJson.object(shown);
        if (root == null) {
            return List.of(shown.split("\n", -1));
        }
        List<String> lines = new ArrayList<>();
        writeObject(root, "", lines);
        return lines;
    }

    /** {@link #yamlLines(String, boolean)} joined. */
    public static String yaml(String json) {
        return String.join("\n", yamlLines(json, false));
    }

    private static void writeObject(JsonNode object, String indent, List<String> lines) {
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            writeEntry(indent, scalarKey(e.getKey()) + ":", e.getValue(), lines, indent);
        }
    }

    /** Writes {@code head value}: inline for scalars and empty containers, else nested under head. */
    private static void writeEntry(String indent, String head, JsonNode value, List<String> lines,
            String childBase) {
        if (value.isObject() && !value.isEmpty()) {
            lines.add(indent + head);
            writeObject(value, childBase + "  ", lines);
        } else if (value.isArray() && !value.isEmpty()) {
            lines.add(indent + head);
            writeArray((ArrayNode) value, childBase + "  ", lines);
        } else {
            lines.add(indent + head + " " + scalar(value));
        }
    }

    private static void writeArray(ArrayNode array, String indent, List<String> lines) {
        for (JsonNode item : array) {
            if (item.isObject() && !item.isEmpty()) {
                boolean first = true;
                for (Map.Entry<String, JsonNode> e : item.properties()) {
                    String lead = first ? indent + "- " : indent + "  ";
                    writeEntry(lead, scalarKey(e.getKey()) + ":", e.getValue(), lines, indent + "  ");
                    first = false;
                }
            } else if (item.isArray() && !item.isEmpty()) {
                lines.add(indent + "-");
                writeArray((ArrayNode) item, indent + "  ", lines);
            } else {
                lines.add(indent + "- " + scalar(item));
            }
        }
    }

    private static String scalarKey(String key) {
        return plain(key) ? key : FixJson.compact(FixJson.JSON.getNodeFactory().stringNode(key));
    }

    private static String scalar(JsonNode value) {
        if (value.isObject()) {
            return "{}";
        }
        if (value.isArray()) {
            return "[]";
        }
        if (value.isNull()) {
            return "null";
        }
        if (value.isString()) {
            String s = value.asString();
            return plain(s) ? s : FixJson.compact(value);
        }
        return value.asString();
    }

    private static boolean plain(String s) {
        return !s.isEmpty() && PLAIN.matcher(s).matches() && !NOT_PLAIN.matcher(s).matches();
    }

    // ------------------------------------------------------------------ diff

    /**
     * A unified diff (as {@code diff -u} writes it, {@value #CONTEXT_LINES} lines of context) of
     * two texts given as lines, from their longest common subsequence. Empty when they are equal.
     */
    public static String unifiedDiff(String fromLabel, String toLabel, List<String> from, List<String> to) {
        List<Edit> edits = edits(from, to);
        if (edits.stream().allMatch(e -> e.kind == ' ')) {
            return "(no change)\n";
        }
        StringBuilder out = new StringBuilder();
        out.append("--- ").append(fromLabel).append('\n').append("+++ ").append(toLabel).append('\n');
        int i = 0;
        while (i < edits.size()) {
            // find the next change
            int change = i;
            while (change < edits.size() && edits.get(change).kind == ' ') {
                change++;
            }
            if (change == edits.size()) {
                break;
            }
            int start = Math.max(i, change - CONTEXT_LINES);
            int end = change;
            // extend the hunk while changes are within 2 * context of each other
            int lastChange = change;
            while (end < edits.size()) {
                if (edits.get(end).kind != ' ') {
                    lastChange = end;
                } else if (end - lastChange > 2 * CONTEXT_LINES) {
                    break;
                }
                end++;
            }
            end = Math.min(edits.size(), lastChange + 1 + CONTEXT_LINES);
            int fromStart = edits.get(start).fromLine;
            int toStart = edits.get(start).toLine;
            int fromCount = 0;
            int toCount = 0;
            for (int k = start; k < end; k++) {
                char kind = edits.get(k).kind;
                fromCount += kind != '+' ? 1 : 0;
                toCount += kind != '-' ? 1 : 0;
            }
            out.append("@@ -").append(range(fromStart, fromCount)).append(" +").append(range(toStart, toCount))
                    .append(" @@\n");
            for (int k = start; k < end; k++) {
                out.append(edits.get(k).kind).append(edits.get(k).line).append('\n');
            }
            i = end;
        }
        return out.toString();
    }

    private static String range(int startLine, int count) {
        // diff -u: an empty range names the line before it
        int first = count == 0 ? startLine - 1 : startLine;
        return count == 1 ? String.valueOf(first) : first + "," + count;
    }

    /** One line of the edit script; fromLine/toLine are 1-based positions in each text. */
    private record Edit(char kind, String line, int fromLine, int toLine) {
    }

    private static List<Edit> edits(List<String> a, List<String> b) {
        int prefix = 0;
        while (prefix < a.size() && prefix < b.size() && a.get(prefix).equals(b.get(prefix))) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < a.size() - prefix && suffix < b.size() - prefix
                && a.get(a.size() - 1 - suffix).equals(b.get(b.size() - 1 - suffix))) {
            suffix++;
        }
        int n = a.size() - prefix - suffix;
        int m = b.size() - prefix - suffix;
        List<Edit> edits = new ArrayList<>();
        for (int k = 0; k < prefix; k++) {
            edits.add(new Edit(' ', a.get(k), k + 1, k + 1));
        }
        int ai = prefix;
        int bi = prefix;
        if ((long) (n + 1) * (m + 1) > MAX_LCS_CELLS) {
            for (; ai < prefix + n; ai++) {
                edits.add(new Edit('-', a.get(ai), ai + 1, bi + 1));
            }
            for (; bi < prefix + m; bi++) {
                edits.add(new Edit('+', b.get(bi), ai + 1, bi + 1));
            }
        } else {
            int[][] lcs = new int[n + 1][m + 1];
            for (int x = n - 1; x >= 0; x--) {
                for (int y = m - 1; y >= 0; y--) {
                    lcs[x][y] = a.get(prefix + x).equals(b.get(prefix + y)) ? lcs[x + 1][y + 1] + 1
                            : Math.max(lcs[x + 1][y], lcs[x][y + 1]);
                }
            }
            int x = 0;
            int y = 0;
            while (x < n || y < m) {
                if (x < n && y < m && a.get(prefix + x).equals(b.get(prefix + y))) {
                    edits.add(new Edit(' ', a.get(prefix + x), prefix + x + 1, prefix + y + 1));
                    x++;
                    y++;
                } else if (y < m && (x == n || lcs[x][y + 1] > lcs[x + 1][y])) {
                    edits.add(new Edit('+', b.get(prefix + y), prefix + x + 1, prefix + y + 1));
                    y++;
                } else {
                    edits.add(new Edit('-', a.get(prefix + x), prefix + x + 1, prefix + y + 1));
                    x++;
                }
            }
            ai = prefix + n;
            bi = prefix + m;
        }
        for (int k = 0; k < suffix; k++) {
            edits.add(new Edit(' ', a.get(ai + k), ai + k + 1, bi + k + 1));
        }
        return edits;
    }
}
