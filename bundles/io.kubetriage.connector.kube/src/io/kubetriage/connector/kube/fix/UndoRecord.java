package io.kubetriage.connector.kube.fix;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.kubetriage.core.diagnosis.FixPlan;
import io.kubetriage.core.diagnosis.FixStep;
import io.kubetriage.core.diagnosis.FixStep.Operation;
import io.kubetriage.core.snapshot.ObjectKey;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * How to undo the steps of a fix that were applied: for each, the object as the server had it just
 * before (read with a GET right before the step) and as the server answered right after.
 * {@link #inversePlan()} turns it into a plan that goes back, newest step first: a PATCH back to
 * the old fields, guarded by the resourceVersion the fix left; a CREATE of a deleted object
 * without its uid, resourceVersion and other server-owned fields; a DELETE of a created object,
 * guarded by its resourceVersion.
 *
 * <p>Saved by {@link AuditLog#saveUndo} as {@code undo/<id>.json} next to the audit log. The file
 * holds whole objects, a deleted Secret's values included (or it could not be re-created): it is
 * written readable by its owner only where the file system allows it.
 *
 * @param id          a UUID, named by the audit log lines
 * @param createdAt   when the fix was applied
 * @param fixId       the fix that was applied
 * @param findingId   the finding it repaired
 * @param contextName the kubeconfig context it was applied through
 * @param serverUrl   the API server
 * @param entries     the steps applied, in the order they were applied
 */
public record UndoRecord(String id, Instant createdAt, String fixId, String findingId, String contextName,
        String serverUrl, List<Entry> entries) {

    /** The fix id prefix of an undo plan: {@code undo:rollback.rollout-undo}. */
    public static final String UNDO_PREFIX = "undo:";

    /**
     * One applied step.
     *
     * @param operation  what the step did
     * @param target     the object
     * @param beforeJson the object just before the step (null for CREATE)
     * @param afterJson  the object as the server answered the step (null for DELETE)
     */
    public record Entry(Operation operation, ObjectKey target, String beforeJson, String afterJson) {

        public Entry {
            Objects.requireNonNull(operation, "operation");
            Objects.requireNonNull(target, "target");
        }
    }

    public UndoRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(fixId, "fixId");
        Objects.requireNonNull(findingId, "findingId");
        entries = List.copyOf(entries);
    }

    /**
     * The plan that undoes the applied steps, newest first. Steps that cannot be undone (a PATCH
     * whose fields are back already, an entry without the object it needs) are left out; when none
     * is left the plan holds a single runbook step saying there is nothing to undo.
     */
    public FixPlan inversePlan() {
        List<FixStep> steps = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (int i = entries.size() - 1; i >= 0; i--) {
            Entry e = entries.get(i);
            FixStep step = inverse(e);
            if (step == null) {
                notes.add(e.target() + ": nothing to undo");
            } else {
                steps.add(step);
            }
        }
        if (steps.isEmpty()) {
            steps.add(new FixStep.RunbookStep("none", List.of(), String.join("; ", notes), "",
                    "Nothing to undo for " + fixId));
        }
        String confirmation = "Undo fix " + fixId + " applied at " + createdAt + " through context " + contextName
                + ": " + steps.stream().map(FixStep::summary).reduce((a, b) -> a + "; " + b).orElse("");
        return new FixPlan(UNDO_PREFIX + fixId, "Undo " + fixId, findingId, steps,
                steps.stream().anyMatch(s -> s instanceof FixStep.ApiStep), confirmation,
                "Apply fix " + fixId + " again.");
    }

    private static FixStep inverse(Entry e) {
        ObjectNode before = FixJson.object(e.beforeJson());
        ObjectNode after = FixJson.object(e.afterJson());
        switch (e.operation()) {
            case CREATE: {
                if (after == null) {
                    return null;
                }
                return new FixStep.ApiStep(Operation.DELETE, e.target(), e.afterJson(), null, null, null,
                        FixJson.text(after, "metadata", "resourceVersion"),
                        "Delete " + e.target() + ", which the fix created");
            }
            case DELETE: {
                if (before == null) {
                    return null;
                }
                return new FixStep.ApiStep(Operation.CREATE, e.target(), null, FixJson.pretty(FixJson.forCreate(before)),
                        null, null, null, "Create " + e.target() + " again, as it was before the fix deleted it");
            }
            case PATCH: {
                if (before == null || after == null) {
                    return null;
                }
                ArrayNode patch = FixJson.JSON.createArrayNode();
                ObjectNode restored = after.deepCopy();
                for (String field : fieldNames(before, after)) {
                    if (field.equals("apiVersion") || field.equals("kind") || field.equals("metadata")
                            || field.equals("status")) {
                        continue;
                    }
                    revert(patch, restored, "", field, before.get(field), after.get(field));
                }
                ObjectNode bm = before.get("metadata") instanceof ObjectNode m ? m : FixJson.JSON.createObjectNode();
                ObjectNode am = after.get("metadata") instanceof ObjectNode m ? m : FixJson.JSON.createObjectNode();
                ObjectNode rm = restored.withObject("/metadata");
                for (String field : List.of("labels", "annotations", "finalizers", "ownerReferences")) {
                    revert(patch, rm, "/metadata", field, bm.get(field), am.get(field));
                }
                if (patch.isEmpty()) {
                    return null;
                }
                return new FixStep.ApiStep(Operation.PATCH, e.target(), e.afterJson(), FixJson.pretty(restored),
                        FixJson.compact(patch), FixExecutor.JSON_PATCH, FixJson.text(after, "metadata",
                                "resourceVersion"),
                        "Patch " + e.target() + " back to the fields it had before the fix");
            }
            default:
                return null;
        }
    }

    private static Set<String> fieldNames(JsonNode a, JsonNode b) {
        Set<String> names = new LinkedHashSet<>();
        for (Map.Entry<String, JsonNode> f : a.properties()) {
            names.add(f.getKey());
        }
        for (Map.Entry<String, JsonNode> f : b.properties()) {
            names.add(f.getKey());
        }
        return names;
    }

    /** Adds the JSON patch op that turns {@code now} back into {@code was}, and applies it to {@code into}. */
    private static void revert(ArrayNode patch, ObjectNode into, String parent, String field, JsonNode was,
            JsonNode now) {
        String path = parent + "/" + FixJson.pointer(field);
        if (was == null && now == null || was != null && was.equals(now)) {
            return;
        }
        if (was == null) {
            patch.addObject().put("op", "remove").put("path", path);
            into.remove(field);
        } else {
            patch.addObject().put("op", now == null ? "add" : "replace").put("path", path).set("value", was);
            into.set(field, was.deepCopy());
        }
    }

    // ------------------------------------------------------------------ JSON

    /** The record as JSON. */
    public String toJson() {
        ObjectNode root = FixJson.JSON.createObjectNode();
        root.put("formatVersion", 1);
        root.put("id", id);
        root.put("createdAt", createdAt.toString());
        root.put("fixId", fixId);
        root.put("findingId", findingId);
        root.put("context", contextName);
        root.put("server", serverUrl);
        ArrayNode list = root.putArray("entries");
        for (Entry e : entries) {
            ObjectNode n = list.addObject();
            n.put("operation", e.operation().name());
            ObjectNode t = n.putObject("target");
            t.put("group", e.target().group()).put("kind", e.target().kind())
                    .put("namespace", e.target().namespace()).put("name", e.target().name());
            putObject(n, "before", e.beforeJson());
            putObject(n, "after", e.afterJson());
        }
        return FixJson.pretty(root);
    }

    private static void putObject(ObjectNode n, String field, String json) {
        if (json == null) {
            n.putNull(field);
            return;
        }
        ObjectNode o = FixJson.object(json);
        if (o != null) {
            n.set(field, o);
        } else {
            n.put(field, json);
        }
    }

    /**
     * Reads a record written by {@link #toJson()}.
     *
     * @throws IllegalArgumentException when the text is not such a record
     */
    public static UndoRecord fromJson(String json) {
        ObjectNode root = FixJson.object(json);
        if (root == null || !root.has("id") || !root.path("entries").isArray()) {
            throw new IllegalArgumentException("not an undo record");
        }
        try {
            List<Entry> entries = new ArrayList<>();
            for (JsonNode n : root.get("entries")) {
                JsonNode t = n.path("target");
                ObjectKey key = new ObjectKey(t.path("group").asString(""), t.path("kind").asString(),
                        t.path("namespace").asString(""), t.path("name").asString());
                entries.add(new Entry(Operation.valueOf(n.path("operation").asString()), key, objectText(n.get("before")),
                        objectText(n.get("after"))));
            }
            return new UndoRecord(root.get("id").asString(), Instant.parse(root.path("createdAt").asString()),
                    root.path("fixId").asString(), root.path("findingId").asString(),
                    FixJson.text(root, "context"), FixJson.text(root, "server"), entries);
        } catch (RuntimeException e) {
            if (e instanceof JacksonException || e instanceof IllegalArgumentException
                    || e instanceof NullPointerException || e instanceof java.time.DateTimeException) {
                throw new IllegalArgumentException("not a valid undo record: " + e.getMessage(), e);
            }
            throw e;
        }
    }

    private static String objectText(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        return n.isObject() ? FixJson.compact(n) : n.asString();
    }
}
