package io.kubetriage.connector.kube.fix;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.kubetriage.connector.kube.ClusterConnectException;
import io.kubetriage.connector.kube.ClusterConnectException.Reason;
import io.kubetriage.connector.kube.KubeClientFactory;
import io.kubetriage.core.diagnosis.Finding;
import io.kubetriage.core.diagnosis.FixPlan;
import io.kubetriage.core.diagnosis.FixStep;
import io.kubetriage.core.diagnosis.FixStep.ApiStep;
import io.kubetriage.core.kubeconfig.KubeContext;
import io.kubetriage.core.snapshot.ObjectKey;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Carries out {@link FixPlan}s against a cluster, never by surprise.
 *
 * <ul>
 * <li>{@link #dryRun} sends every API step with {@code ?dryRun=All}: the server admits and
 * validates it as it would for real and persists nothing. The request is exactly the one
 * {@link #apply} sends, the query parameter aside.</li>
 * <li>{@link #apply} refuses (and sends nothing) when the cluster is read-only or the user did not
 * confirm; otherwise it runs the dry run, stops if the server rejects any step, then applies the
 * steps in order, each guarded by the plan's resourceVersion, and stops at the first failure.
 * Before each PATCH and DELETE it reads the object, and keeps it with the server's answer in an
 * {@link UndoRecord}, saved next to the audit log.</li>
 * <li>Runbook steps are never run: results list them, to do by hand.</li>
 * <li>Every preview, dry run, apply, undo and refusal is a line of the {@link AuditLog}.</li>
 * </ul>
 *
 * <p>Requests, for an object whose plural and scope discovery tells ({@code /api/v1} or
 * {@code /apis/<group>/<version>}):
 * <ul>
 * <li>CREATE: {@code POST} of the plan's "after" object (without server-owned metadata) to the
 * collection.</li>
 * <li>PATCH: {@code PATCH} of the plan's patch body with its content type. The resourceVersion
 * precondition travels in the patch itself, so that the server's optimistic concurrency check
 * refuses a stale object with <b>409 Conflict</b>: a merge or strategic merge patch gets
 * {@code metadata.resourceVersion}; a JSON patch gets a final
 * {@code {"op":"add","path":"/metadata/resourceVersion","value":...}} op. (A JSON patch
 * {@code test} op was not chosen: the API server answers a failed test with 422, which does not
 * say "changed since".) A PATCH step without a patch body is sent as a JSON merge patch
 * computed from its before and after objects.</li>
 * <li>DELETE: {@code DELETE} with {@code DeleteOptions} whose {@code preconditions.resourceVersion}
 * is the plan's; the server answers 409 when the object changed.</li>
 * </ul>
 * A 409 stops the plan with a message naming the object that changed since the preview and saying
 * that nothing after it ran.
 *
 * <p>Cancelling the monitor stops before the next request; a request already sent is waited for,
 * so that the result always tells what the server did.
 *
 * <p>Instances hold no state between calls and may be shared between threads.
 */
public final class FixExecutor {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);

    public static final String JSON_PATCH = "application/json-patch+json";
    public static final String MERGE_PATCH = "application/merge-patch+json";
    public static final String STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";
    /** The query parameter of a server-side dry run. */
    public static final String DRY_RUN_QUERY = "dryRun=All";

    private static final long GRACE_MILLIS = 2_000;

    private final KubeClientFactory clients;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final AuditLog audit;

    /** An executor with the default timeouts, recording into the audit log. */
    public FixExecutor(AuditLog audit) {
        this(new KubeClientFactory(), DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, audit);
    }

    public FixExecutor(KubeClientFactory clients, Duration connectTimeout, Duration requestTimeout, AuditLog audit) {
        this.clients = Objects.requireNonNull(clients, "clients");
        this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    public AuditLog auditLog() {
        return audit;
    }

    /**
     * The preview of a plan, recorded in the audit log. Nothing is sent.
     *
     * @param finding the finding, for its code in the audit; may be null
     * @throws IOException when the audit log cannot be written
     */
    public FixPreview preview(KubeContext ctx, Finding finding, FixPlan plan) throws IOException {
        FixPreview preview = FixPreview.of(plan);
        audit.record(AuditLog.entry(AuditLog.PREVIEW, ctx, null, finding, plan, true,
                preview.mutatesCluster() ? "previewed" : "previewed; changes nothing", null));
        return preview;
    }

    /**
     * Sends every API step of the plan as a server-side dry run, and records it in the audit log.
     * Every step is sent, even after one is rejected, so that the user sees all problems at once
     * (a step that needs an earlier one to be persisted may be rejected for that reason alone).
     *
     * @throws ClusterConnectException when no client can be opened for the context
     * @throws IOException             when the audit log cannot be written
     */
    public DryRunResult dryRun(KubeContext ctx, FixPlan plan, IProgressMonitor monitor)
            throws ClusterConnectException, IOException {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(plan, "plan");
        SubMonitor progress = SubMonitor.convert(monitor, "Dry run of " + plan.title(), plan.steps().size() + 1);
        try (Session session = open(ctx, progress.split(1))) {
            DryRunResult result = session.dryRun(plan, progress);
            audit.record(AuditLog.entry(AuditLog.DRY_RUN, ctx, session.server, null, plan, result.ok(),
                    result.summary(), null));
            return result;
        }
    }

    /**
     * Applies a plan: refuses when the cluster is read-only or the user did not confirm; runs the
     * dry run and stops if the server rejects a step; applies the API steps in order, each only if
     * its object still has the plan's resourceVersion; stops at the first failure. Runbook steps
     * are listed, to do by hand.
     *
     * @throws FixRefusedException       read-only cluster, audit log not writable (nothing sent)
     * @throws FixNotConfirmedException  the user did not confirm (nothing sent)
     * @throws ClusterConnectException   no client can be opened for the context (nothing sent)
     */
    public ApplyResult apply(KubeContext ctx, FixPlan plan, ApplyOptions options, IProgressMonitor monitor)
            throws FixRefusedException, ClusterConnectException {
        return run(AuditLog.APPLY, ctx, null, plan, options, monitor);
    }

    /**
     * Applies a plan found for a finding; as {@link #apply(KubeContext, FixPlan, ApplyOptions, IProgressMonitor)},
     * the finding's code going into the audit log.
     */
    public ApplyResult apply(KubeContext ctx, Finding finding, FixPlan plan, ApplyOptions options,
            IProgressMonitor monitor) throws FixRefusedException, ClusterConnectException {
        return run(AuditLog.APPLY, ctx, finding, plan, options, monitor);
    }

    /**
     * Undoes an applied fix: applies {@link UndoRecord#inversePlan()}, with the same rules as
     * {@link #apply} (read-only, confirmation, dry run, preconditions). The user confirms the
     * preview of the inverse plan.
     */
    public ApplyResult undo(KubeContext ctx, UndoRecord record, ApplyOptions options, IProgressMonitor monitor)
            throws FixRefusedException, ClusterConnectException {
        return run(AuditLog.UNDO, ctx, null, record.inversePlan(), options, monitor);
    }

    private ApplyResult run(String event, KubeContext ctx, Finding finding, FixPlan plan, ApplyOptions options,
            IProgressMonitor monitor) throws FixRefusedException, ClusterConnectException {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(options, "options");
        if (options.readOnly()) {
            String why = "Cluster '" + ctx.name() + "' is marked read-only: fixes are only previewed. Nothing was "
                    + "sent.";
            refuse(ctx, finding, plan, event + " refused: " + why);
            throw new FixRefusedException(FixRefusedException.Reason.READ_ONLY, why);
        }
        if (!options.confirmed()) {
            String why = "The fix '" + plan.title() + "' was not confirmed. Nothing was sent.";
            refuse(ctx, finding, plan, event + " refused: " + why);
            throw new FixNotConfirmedException(why);
        }
        int apiCount = (int) plan.steps().stream().filter(s -> s instanceof ApiStep).count();
        SubMonitor progress = SubMonitor.convert(monitor, plan.title(), 1 + 2 * apiCount);
        try (Session session = open(ctx, progress.split(1))) {
            DryRunResult dry = session.dryRun(plan, progress.split(apiCount));
            try {
                audit.record(AuditLog.entry(AuditLog.DRY_RUN, ctx, session.server, finding, plan, dry.ok(),
                        dry.summary(), null));
            } catch (IOException e) {
                throw new FixRefusedException(FixRefusedException.Reason.AUDIT_UNAVAILABLE,
                        "The audit log " + audit.file() + " cannot be written (" + e.getMessage()
                                + "); no fix runs unrecorded. Nothing was sent.", e);
            }
            ApplyResult result;
            if (!dry.ok()) {
                result = rejectedByDryRun(plan, dry);
            } else {
                result = session.apply(event, plan, dry, progress.split(apiCount));
            }
            String auditProblem = null;
            try {
                audit.record(AuditLog.entry(event, ctx, session.server, finding, plan, result.ok(), result.message(),
                        result.undo() == null ? null : result.undo().id()));
            } catch (IOException e) {
                auditProblem = "the audit log " + audit.file() + " could not record this: " + e.getMessage();
            }
            return auditProblem == null ? result
                    : new ApplyResult(result.fixId(), result.ok(), result.message(), result.dryRun(), result.steps(),
                            result.failedStep(), result.byHand(), result.undo(), auditProblem);
        }
    }

    private void refuse(KubeContext ctx, Finding finding, FixPlan plan, String why) throws FixRefusedException {
        try {
            audit.record(AuditLog.entry(AuditLog.REFUSED, ctx, null, finding, plan, false, why, null));
        } catch (IOException e) {
            throw new FixRefusedException(FixRefusedException.Reason.AUDIT_UNAVAILABLE,
                    why + " (The audit log " + audit.file() + " cannot be written either: " + e.getMessage() + ")",
                    e);
        }
    }

    private static ApplyResult rejectedByDryRun(FixPlan plan, DryRunResult dry) {
        StepOutcome problem = dry.firstProblem();
        List<StepOutcome> notRun = dry.steps().stream()
                .map(s -> new StepOutcome(s.index(), s.step(), StepOutcome.Status.NOT_RUN, 0, "not sent: the dry "
                        + "run was not accepted"))
                .toList();
        String what = problem.conflict() && problem.step().operation() != FixStep.Operation.CREATE
                ? problem.step().target() + " changed since the preview (409 Conflict: its resourceVersion is no "
                        + "longer " + problem.step().resourceVersion() + "). Preview the fix again."
                : "The server's dry run rejected step " + problem.index() + " (" + problem.step().operation() + " "
                        + problem.step().target() + "): " + describe(problem) + ".";
        return new ApplyResult(plan.fixId(), false, "Nothing was changed. " + what, dry, notRun, problem.index(),
                byHand(plan), null, null);
    }

    private static String describe(StepOutcome o) {
        return (o.code() > 0 ? o.code() + " " : "") + o.message();
    }

    private static List<FixStep.RunbookStep> byHand(FixPlan plan) {
        return plan.steps().stream().filter(s -> s instanceof FixStep.RunbookStep)
                .map(s -> (FixStep.RunbookStep) s).toList();
    }

    private Session open(KubeContext ctx, IProgressMonitor monitor) throws ClusterConnectException {
        monitor.subTask("Connecting to " + ctx.name());
        KubernetesClient client = clients.open(ctx, connectTimeout, requestTimeout);
        return new Session(ctx, client);
    }

    /** An answer from the server. */
    private record Answer(int code, String body) {

        boolean ok() {
            return code >= 200 && code < 300;
        }

        /** The Status message of a failed answer, or a plain description of the code. */
        String message() {
            ObjectNode status = FixJson.object(body);
            String message = status == null ? null : FixJson.text(status, "message");
            if (message != null && !message.isBlank()) {
                return message.strip();
            }
            return switch (code) {
                case 404 -> "not found";
                case 409 -> "conflict";
                case 422 -> "invalid";
                default -> body == null || body.isBlank() ? "no details" : body.strip().lines().findFirst().orElse("");
            };
        }
    }

    /** A request as it is sent (the dry run adds {@value #DRY_RUN_QUERY}). */
    private record Request(String method, String path, String contentType, String body) {

        Request dryRun() {
            return new Request(method, path + (path.contains("?") ? "&" : "?") + DRY_RUN_QUERY, contentType, body);
        }
    }

    /** The REST name of a type: its apiVersion, plural and scope. */
    private record Resource(String apiVersion, String plural, boolean namespaced) {
    }

    /** A step that cannot be turned into a request. */
    private static final class StepProblem extends Exception {

        private static final long serialVersionUID = 1L;

        StepProblem(String message) {
            super(message);
        }
    }

    /** One client for one call of the executor. */
    private final class Session implements AutoCloseable {

        private final KubernetesClient client;
        private final HttpClient http;
        private final String contextName;
        private final String server;
        private final Map<String, Answer> discovery = new HashMap<>();

        Session(KubeContext ctx, KubernetesClient client) {
            this.client = client;
            this.http = client.getHttpClient();
            this.contextName = ctx.name();
            String master = client.getConfiguration().getMasterUrl();
            String url = master != null ? master : ctx.serverUrl();
            this.server = url != null && url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        }

        @Override
        public void close() {
            client.close();
        }

        DryRunResult dryRun(FixPlan plan, IProgressMonitor monitor) {
            List<FixStep> steps = plan.steps();
            SubMonitor progress = SubMonitor.convert(monitor, steps.size());
            List<StepOutcome> outcomes = new ArrayList<>();
            for (int i = 0; i < steps.size(); i++) {
                if (!(steps.get(i) instanceof ApiStep step)) {
                    continue;
                }
                SubMonitor tick = progress.split(1);
                int index = i + 1;
                if (tick.isCanceled()) {
                    outcomes.add(new StepOutcome(index, step, StepOutcome.Status.NOT_RUN, 0, "cancelled"));
                    continue;
                }
                tick.subTask("Dry run: " + step.operation() + " " + step.target());
                try {
                    Request request = request(step).dryRun();
                    Answer answer = send(request);
                    outcomes.add(answer.ok() ? new StepOutcome(index, step, StepOutcome.Status.OK, answer.code(),
                            "the server accepts it (dry run)") : rejected(index, step, answer));
                } catch (StepProblem e) {
                    outcomes.add(new StepOutcome(index, step, StepOutcome.Status.FAILED, 0, e.getMessage()));
                } catch (ClusterConnectException e) {
                    outcomes.add(new StepOutcome(index, step, StepOutcome.Status.FAILED, 0, e.getMessage()));
                }
            }
            return new DryRunResult(plan.fixId(), outcomes, byHand(plan));
        }

        ApplyResult apply(String event, FixPlan plan, DryRunResult dry, IProgressMonitor monitor) {
            List<FixStep> steps = plan.steps();
            SubMonitor progress = SubMonitor.convert(monitor, steps.size());
            List<StepOutcome> outcomes = new ArrayList<>();
            List<UndoRecord.Entry> undo = new ArrayList<>();
            StepOutcome failure = null;
            for (int i = 0; i < steps.size(); i++) {
                if (!(steps.get(i) instanceof ApiStep step)) {
                    continue;
                }
                int index = i + 1;
                if (failure != null) {
                    outcomes.add(new StepOutcome(index, step, StepOutcome.Status.NOT_RUN, 0,
                            "not sent: step " + failure.index() + " failed"));
                    continue;
                }
                SubMonitor tick = progress.split(1);
                if (tick.isCanceled()) {
                    failure = new StepOutcome(index, step, StepOutcome.Status.NOT_RUN, 0, "cancelled before it was sent");
                    outcomes.add(failure);
                    continue;
                }
                tick.subTask(step.operation() + " " + step.target());
                StepOutcome outcome;
                try {
                    Request request = request(step);
                    String before = null;
                    if (step.operation() != FixStep.Operation.CREATE) {
                        Answer current = send(new Request("GET", objectPath(resource(step), step.target()), null,
                                null));
                        if (!current.ok()) {
                            throw new StepProblem(current.code() == 404 ? step.target() + " no longer exists"
                                    : "cannot read " + step.target() + " before changing it: " + current.code() + " "
                                            + current.message());
                        }
                        before = current.body();
                    }
                    Answer answer = send(request);
                    if (answer.ok()) {
                        outcome = new StepOutcome(index, step, StepOutcome.Status.OK, answer.code(), "applied");
                        undo.add(new UndoRecord.Entry(step.operation(), step.target(), before,
                                step.operation() == FixStep.Operation.DELETE ? null : answer.body()));
                    } else {
                        outcome = rejected(index, step, answer);
                    }
                } catch (StepProblem e) {
                    outcome = new StepOutcome(index, step, StepOutcome.Status.FAILED, 0, e.getMessage());
                } catch (ClusterConnectException e) {
                    outcome = new StepOutcome(index, step, StepOutcome.Status.FAILED, 0,
                            e.getMessage() + " (whether the server carried it out is not known)");
                }
                outcomes.add(outcome);
                if (!outcome.ok()) {
                    failure = outcome;
                }
            }
            UndoRecord record = null;
            String undoProblem = null;
            if (!undo.isEmpty()) {
                record = new UndoRecord(UUID.randomUUID().toString(), Instant.now().truncatedTo(ChronoUnit.MILLIS),
                        plan.fixId(), plan.findingId(), contextName, server, undo);
                try {
                    audit.saveUndo(record);
                } catch (IOException e) {
                    undoProblem = " The undo record could not be saved (" + e.getMessage() + "); it is in this "
                            + "result only.";
                }
            }
            List<FixStep.RunbookStep> manual = byHand(plan);
            String handText = manual.isEmpty() ? "" : " " + manual.size() + (manual.size() == 1 ? " step remains" : " steps remain")
                    + " to do by hand: " + String.join("; ", manual.stream().map(FixStep::summary).toList()) + ".";
            String verb = event.equals(AuditLog.UNDO) ? "Undid" : "Applied";
            String message;
            if (failure == null) {
                message = verb + " all " + undo.size() + " API steps of " + plan.fixId() + "." + handText;
            } else {
                String applied = undo.isEmpty() ? "No step was applied"
                        : "Steps before it were applied (" + undo.size() + "; undo record " + record.id() + ")";
                String what = failure.conflict() && failure.step().operation() != FixStep.Operation.CREATE
                        ? failure.step().target() + " changed since the preview: the server answered 409 Conflict "
                                + "(its resourceVersion is no longer " + failure.step().resourceVersion() + "), so "
                                + "step " + failure.index() + " was not applied"
                        : "Step " + failure.index() + " (" + failure.step().operation() + " "
                                + failure.step().target() + ") failed: " + describe(failure);
                message = what + ". " + applied + "; nothing after step " + failure.index() + " ran." + handText;
            }
            if (undoProblem != null) {
                message += undoProblem;
            }
            return new ApplyResult(plan.fixId(), failure == null, message, dry, outcomes,
                    failure == null ? -1 : failure.index(), manual, record, null);
        }

        private StepOutcome rejected(int index, ApiStep step, Answer answer) {
            String message = answer.message();
            if (answer.code() == 409 && step.operation() != FixStep.Operation.CREATE) {
                message = step.target() + " changed since the preview: " + message;
            }
            return new StepOutcome(index, step, StepOutcome.Status.REJECTED, answer.code(), message);
        }

        // ------------------------------------------------------------ requests

        /** The request that carries out a step (without the dry-run parameter). */
        private Request request(ApiStep step) throws StepProblem, ClusterConnectException {
            Resource resource = resource(step);
            return switch (step.operation()) {
                case CREATE -> {
                    ObjectNode object = FixJson.object(step.afterJson());
                    if (object == null) {
                        throw new StepProblem("the object to create is not JSON");
                    }
                    yield new Request("POST", collectionPath(resource, step.target()), "application/json",
                            FixJson.compact(FixJson.forCreate(object)));
                }
                case PATCH -> {
                    String type = step.patch() == null ? MERGE_PATCH : step.patchType();
                    String body = step.patch() == null ? mergePatch(step) : step.patch();
                    yield new Request("PATCH", objectPath(resource, step.target()), type,
                            withPrecondition(body, type, step.resourceVersion()));
                }
                case DELETE -> {
                    ObjectNode options = FixJson.JSON.createObjectNode();
                    options.put("apiVersion", "v1");
                    options.put("kind", "DeleteOptions");
                    if (step.resourceVersion() != null) {
                        options.putObject("preconditions").put("resourceVersion", step.resourceVersion());
                    }
                    yield new Request("DELETE", objectPath(resource, step.target()), "application/json",
                            FixJson.compact(options));
                }
            };
        }

        private Resource resource(ApiStep step) throws StepProblem, ClusterConnectException {
            ObjectKey key = step.target();
            ObjectNode object = FixJson.object(step.afterJson() != null ? step.afterJson() : step.beforeJson());
            String apiVersion = object == null ? null : FixJson.text(object, "apiVersion");
            if (apiVersion == null || apiVersion.isBlank()) {
                throw new StepProblem("the step's object has no apiVersion");
            }
            if (!ObjectKey.groupOf(apiVersion).equals(key.group())) {
                throw new StepProblem("the object's apiVersion " + apiVersion + " is not of group '" + key.group()
                        + "'");
            }
            String path = key.group().isEmpty() ? "/api/" + apiVersion : "/apis/" + apiVersion;
            Answer answer = discovery.get(path);
            if (answer == null) {
                answer = send(new Request("GET", path, null, null));
                discovery.put(path, answer);
            }
            ObjectNode list = answer.ok() ? FixJson.object(answer.body()) : null;
            if (list != null && list.get("resources") instanceof ArrayNode resources) {
                for (JsonNode r : resources) {
                    String name = r.path("name").asString("");
                    if (!name.contains("/") && key.kind().equals(r.path("kind").asString(""))) {
                        return new Resource(apiVersion, name, r.path("namespaced").asBoolean(key.isNamespaced()));
                    }
                }
                throw new StepProblem("the server does not serve " + key.kind() + " in " + apiVersion);
            }
            // No discovery document: the usual plural, the scope from the key.
            return new Resource(apiVersion, plural(key.kind()), key.isNamespaced());
        }

        private Answer send(Request request) throws ClusterConnectException {
            HttpRequest.Builder builder = http.newHttpRequestBuilder().uri(server + request.path())
                    .header("Accept", "application/json")
                    .timeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (request.body() != null) {
                builder.method(request.method(), request.contentType(), request.body());
            } else if (!request.method().equals("GET")) {
                throw new IllegalStateException(request.method() + " without a body");
            }
            CompletableFuture<HttpResponse<String>> future = http.sendAsync(builder.build(), String.class);
            long limit = connectTimeout.toMillis() + requestTimeout.toMillis() + GRACE_MILLIS;
            try {
                HttpResponse<String> response = future.get(limit, TimeUnit.MILLISECONDS);
                return new Answer(response.code(), response.body() == null ? "" : response.body());
            } catch (TimeoutException e) {
                future.cancel(true);
                throw new ClusterConnectException(Reason.TIMEOUT, "the server did not answer in time", e);
            } catch (ExecutionException e) {
                throw ClusterConnectException.classify(e.getCause() == null ? e : e.getCause(), server);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClusterConnectException(Reason.OTHER, "interrupted while waiting for the server", e);
            }
        }
    }

    // ---------------------------------------------------------------- request bodies

    private static String collectionPath(Resource r, ObjectKey key) {
        String prefix = key.group().isEmpty() ? "/api/" + r.apiVersion() : "/apis/" + r.apiVersion();
        String ns = r.namespaced() ? "/namespaces/" + encode(key.namespace()) : "";
        return prefix + ns + "/" + r.plural();
    }

    private static String objectPath(Resource r, ObjectKey key) {
        return collectionPath(r, key) + "/" + encode(key.name());
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The usual plural of a kind, as the API names resources: {@code NetworkPolicy} → {@code networkpolicies}. */
    static String plural(String kind) {
        String k = kind.toLowerCase(Locale.ROOT);
        if (k.endsWith("s") || k.endsWith("x") || k.endsWith("ch") || k.endsWith("sh")) {
            return k + "es";
        }
        if (k.endsWith("y") && k.length() > 1 && "aeiou".indexOf(k.charAt(k.length() - 2)) < 0) {
            return k.substring(0, k.length() - 1) + "ies";
        }
        return k + "s";
    }

    /**
     * The patch body with the resourceVersion precondition in it, so a stale object gets 409
     * Conflict: {@code metadata.resourceVersion} in a merge or strategic merge patch, a final
     * {@code add /metadata/resourceVersion} op in a JSON patch.
     */
    static String withPrecondition(String patch, String contentType, String resourceVersion) throws StepProblem {
        if (resourceVersion == null) {
            return patch;
        }
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        try {
            if (type.startsWith(JSON_PATCH)) {
                if (!(FixJson.JSON.readTree(patch) instanceof ArrayNode ops)) {
                    throw new StepProblem("the JSON patch is not an array");
                }
                ops.addObject().put("op", "add").put("path", "/metadata/resourceVersion").put("value", resourceVersion);
                return FixJson.compact(ops);
            }
            if (type.startsWith(MERGE_PATCH) || type.startsWith(STRATEGIC_MERGE_PATCH)) {
                if (!(FixJson.JSON.readTree(patch) instanceof ObjectNode body)) {
                    throw new StepProblem("the merge patch is not an object");
                }
                body.withObject("/metadata").put("resourceVersion", resourceVersion);
                return FixJson.compact(body);
            }
        } catch (JacksonException e) {
            throw new StepProblem("the patch is not JSON: " + e.getOriginalMessage());
        }
        throw new StepProblem("patch type " + contentType + " cannot carry the resourceVersion precondition");
    }

    /** A JSON merge patch (RFC 7386) from the step's before object to its after object; status left out. */
    private static String mergePatch(ApiStep step) throws StepProblem {
        ObjectNode before = FixJson.object(step.beforeJson());
        ObjectNode after = FixJson.object(step.afterJson());
        if (before == null || after == null) {
            throw new StepProblem("the PATCH step has no patch and its objects are not JSON");
        }
        before.remove("status");
        after.remove("status");
        JsonNode diff = mergeDiff(before, after);
        return FixJson.compact(diff == null ? FixJson.JSON.createObjectNode() : diff);
    }

    private static JsonNode mergeDiff(JsonNode from, JsonNode to) {
        if (from instanceof ObjectNode f && to instanceof ObjectNode t) {
            ObjectNode out = FixJson.JSON.createObjectNode();
            for (Map.Entry<String, JsonNode> e : f.properties()) {
                if (!t.has(e.getKey())) {
                    out.putNull(e.getKey());
                }
            }
            for (Map.Entry<String, JsonNode> e : t.properties()) {
                JsonNode d = mergeDiff(f.get(e.getKey()), e.getValue());
                if (d != null) {
                    out.set(e.getKey(), d);
                }
            }
            return out.isEmpty() ? null : out;
        }
        return to.equals(from) ? null : to;
    }
}
