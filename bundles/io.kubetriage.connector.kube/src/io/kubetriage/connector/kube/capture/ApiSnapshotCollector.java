package io.kubetriage.connector.kube.capture;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.kubetriage.connector.kube.ClusterConnectException;
import io.kubetriage.connector.kube.ClusterConnectException.Reason;
import io.kubetriage.connector.kube.KubeClientFactory;
import io.kubetriage.core.kubeconfig.KubeContext;
import io.kubetriage.core.snapshot.ApiObject;
import io.kubetriage.core.snapshot.ObjectKey;
import io.kubetriage.core.snapshot.Snapshot;
import io.kubetriage.core.snapshot.SnapshotManifest;
import io.kubetriage.core.snapshot.SourceState;
import io.kubetriage.core.snapshot.SourceStatus;
import io.kubetriage.core.snapshot.store.SecretRedaction;
import io.kubetriage.core.snapshot.store.SnapshotStore;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Captures every object the API server serves into a {@link Snapshot}.
 *
 * <p>Discovery finds the resource types: those of the core group ({@code /api/v1}) and those of
 * each group's preferred version ({@code /apis}, custom resources included), keeping the types
 * that can be listed and leaving out subresources and events. Each type is listed across all
 * namespaces in pages of {@link CaptureOptions#pageSize()} items, following the server's
 * {@code continue} token. Objects are stored without {@code metadata.managedFields}, and Secrets
 * with their values replaced by digests unless {@link CaptureOptions#includeSecretValues()}.
 * The newest core events, up to {@link CaptureOptions#eventLimit()}, go to the events section.
 *
 * <p>A type that cannot be read does not stop the capture: its source in the manifest says why
 * ({@code FAILED} for a refused, missing or timed-out list, {@code PARTIAL} when the list
 * expired while it was read in pages). Only a failure to reach the server, to learn its version
 * or to discover its types ends the capture with a {@link ClusterConnectException}.
 *
 * <p>Progress has one step per resource type, named {@code Capturing <resource>}. Cancelling the
 * monitor closes the client, so that a request waiting on a silent server is abandoned at once;
 * the capture then throws {@link OperationCanceledException}, or, with
 * {@link CaptureOptions#keepPartialOnCancel()} and once discovery is done, returns what it has,
 * with the types not done marked {@code CANCELLED}.
 *
 * <p>Instances hold no state between captures and may be shared between threads.
 */
public final class ApiSnapshotCollector {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);

    /** The source name prefix of the API's resource types, as in {@code api:apps/v1/deployments}. */
    public static final String SOURCE_PREFIX = "api:";

    /** How often the waiting thread looks at the monitor. */
    private static final long POLL_MILLIS = 50;
    /** Time allowed beyond the client's own timeouts before a request is given up. */
    private static final long GRACE_MILLIS = 2_000;
    /** Ticks given to each list; pages use them up ever more slowly, as their number is unknown. */
    private static final int PAGE_TICKS = 10;
    /** Progress ticks: opening, version and discovery take the first ones, the types the rest. */
    private static final int TOTAL_TICKS = 1_000;
    private static final int OPEN_TICKS = 20;
    private static final int VERSION_TICKS = 10;
    private static final int DISCOVERY_TICKS = 40;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final KubeClientFactory clients;
    private final Duration connectTimeout;
    private final Duration requestTimeout;

    /** A collector with the default timeouts. */
    public ApiSnapshotCollector() {
        this(new KubeClientFactory(), DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT);
    }

    /**
     * @param clients        opens the client for each capture
     * @param connectTimeout how long to wait for a connection
     * @param requestTimeout how long to wait for the answer to each request (one page of a list)
     */
    public ApiSnapshotCollector(KubeClientFactory clients, Duration connectTimeout,
            Duration requestTimeout) {
        this.clients = Objects.requireNonNull(clients, "clients");
        this.connectTimeout = requirePositive(connectTimeout, "connectTimeout");
        this.requestTimeout = requirePositive(requestTimeout, "requestTimeout");
    }

    /**
     * Captures the objects of the cluster of a context.
     *
     * @param ctx     the context to connect to
     * @param options what to capture; null for {@link CaptureOptions#defaults()}
     * @param monitor progress and cancellation; may be null
     * @return the snapshot; its manifest tells which types are incomplete and why
     * @throws ClusterConnectException    when the context cannot be used, the server cannot be
     *                                    reached, or it refuses to tell its version or its types
     * @throws OperationCanceledException when the monitor is cancelled (unless
     *                                    {@code keepPartialOnCancel} and discovery is done)
     */
    public Snapshot capture(KubeContext ctx, CaptureOptions options, IProgressMonitor monitor)
            throws ClusterConnectException {
        Objects.requireNonNull(ctx, "ctx");
        CaptureOptions opts = options == null ? CaptureOptions.defaults() : options;
        Instant start = Instant.now();
        SubMonitor progress = SubMonitor.convert(monitor, "Capturing " + ctx.name(), TOTAL_TICKS);
        ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "Kubetriage capture: " + ctx.name());
            thread.setDaemon(true);
            return thread;
        });
        try {
            KubernetesClient client = open(ctx, worker, progress.split(OPEN_TICKS));
            try {
                return new Capture(ctx, opts, client, start).run(progress);
            } finally {
                closeQuietly(client);
            }
        } finally {
            worker.shutdownNow();
        }
    }

    /** One resource type as discovery tells it. */
    private record ResourceType(String group, String version, String resource, String kind,
            boolean namespaced) {

        String groupVersion() {
            return group.isEmpty() ? version : group + "/" + version;
        }

        String source() {
            return SOURCE_PREFIX + groupVersion() + "/" + resource;
        }

        /** The name shown in progress, as kubectl would write it: {@code pods}, {@code deployments.apps}. */
        String label() {
            return group.isEmpty() ? resource : resource + "." + group;
        }

        String listPath() {
            return (group.isEmpty() ? "/api/" : "/apis/") + groupVersion() + "/" + resource;
        }
    }

    /** An answer from the server. */
    private record Answer(int code, String body) {

        boolean ok() {
            return code >= 200 && code < 300;
        }
    }

    /** One capture: the client, the options and what has been read so far. */
    private final class Capture {

        private final KubeContext ctx;
        private final CaptureOptions options;
        private final KubernetesClient client;
        private final HttpClient http;
        private final String serverUrl;
        private final String base;
        private final Instant start;

        private final Map<ObjectKey, ApiObject> objects = new LinkedHashMap<>();
        private final List<SourceStatus> sources = new ArrayList<>();

        Capture(KubeContext ctx, CaptureOptions options, KubernetesClient client, Instant start) {
            this.ctx = ctx;
            this.options = options;
            this.client = client;
            this.http = client.getHttpClient();
            String master = client.getConfiguration().getMasterUrl();
            this.serverUrl = stripSlash(master != null ? master : ctx.serverUrl());
            this.base = serverUrl;
            this.start = start;
        }

        Snapshot run(SubMonitor progress) throws ClusterConnectException {
            progress.subTask("Reading the server version");
            String serverVersion = serverVersion(progress.split(VERSION_TICKS));
            progress.subTask("Discovering the resource types");
            List<ResourceType> types = discover(progress.split(DISCOVERY_TICKS));
            progress.subTask("");

            progress.setWorkRemaining(types.size() + 1);
            boolean cancelled = false;
            int next = 0;
            for (; next < types.size() && !cancelled; next++) {
                ResourceType type = types.get(next);
                try {
                    SubMonitor step = progress.split(1);
                    progress.setTaskName("Capturing " + type.label());
                    sources.add(list(type, step));
                } catch (OperationCanceledException e) {
                    if (!options.keepPartialOnCancel()) {
                        throw e;
                    }
                    cancelled = true;
                    next--; // the type being read is not done
                }
            }
            for (; next < types.size(); next++) {
                sources.add(new SourceStatus(types.get(next).source(), SourceState.CANCELLED,
                        countOf(types.get(next)), "cancelled before it was read whole"));
            }

            List<ApiObject> events = List.of();
            String eventSource = SOURCE_PREFIX + "v1/events";
            if (options.eventLimit() == 0) {
                sources.add(new SourceStatus(eventSource, SourceState.SKIPPED, 0,
                        "no events asked for"));
            } else if (cancelled) {
                sources.add(new SourceStatus(eventSource, SourceState.CANCELLED, 0,
                        "cancelled before it was read"));
            } else {
                try {
                    SubMonitor step = progress.split(1);
                    progress.setTaskName("Capturing events");
                    EventResult result = events(step);
                    events = result.events();
                    sources.add(result.status());
                } catch (OperationCanceledException e) {
                    if (!options.keepPartialOnCancel()) {
                        throw e;
                    }
                    sources.add(new SourceStatus(eventSource, SourceState.CANCELLED, 0,
                            "cancelled before it was read whole"));
                }
            }

            Instant end = Instant.now();
            String name = options.name() != null ? options.name()
                    : ctx.name() + " " + start.truncatedTo(ChronoUnit.SECONDS);
            SnapshotManifest manifest = new SnapshotManifest(SnapshotStore.FORMAT_VERSION,
                    UUID.randomUUID().toString(), name, ctx.name(), serverUrl, serverVersion,
                    start, end, toolVersion(), !options.includeSecretValues(), sources);
            return new Snapshot(manifest, objects.values(), events, Map.of());
        }

        private long countOf(ResourceType type) {
            return objects.keySet().stream()
                    .filter(k -> k.group().equals(type.group()) && k.kind().equals(type.kind()))
                    .count();
        }

        // ------------------------------------------------------------ version and discovery

        private String serverVersion(IProgressMonitor monitor) throws ClusterConnectException {
            Answer answer = get("/version", monitor);
            if (!answer.ok()) {
                throw failure(answer);
            }
            String version = parse(answer.body()).path("gitVersion").asString("");
            if (version.isBlank()) {
                throw new ClusterConnectException(Reason.OTHER,
                        "the server did not tell its version" + at());
            }
            return version;
        }

        private List<ResourceType> discover(SubMonitor progress) throws ClusterConnectException {
            progress.setWorkRemaining(3);
            List<ResourceType> types = new ArrayList<>();

            Answer core = get("/api", progress.split(1));
            if (!core.ok()) {
                throw failure(core);
            }
            List<String> coreVersions = strings(parse(core.body()).path("versions"));
            String coreVersion = coreVersions.contains("v1") || coreVersions.isEmpty() ? "v1"
                    : coreVersions.get(0);

            Answer groups = get("/apis", progress.split(1));
            if (!groups.ok()) {
                throw failure(groups);
            }
            List<String> groupVersions = new ArrayList<>();
            groupVersions.add(coreVersion);
            for (JsonNode group : parse(groups.body()).path("groups")) {
                String preferred = group.path("preferredVersion").path("groupVersion").asString("");
                if (preferred.isEmpty() && group.path("versions").size() > 0) {
                    preferred = group.path("versions").get(0).path("groupVersion").asString("");
                }
                if (!preferred.isEmpty()) {
                    groupVersions.add(preferred);
                }
            }

            SubMonitor each = progress.split(1).setWorkRemaining(groupVersions.size());
            for (String groupVersion : groupVersions) {
                boolean isCore = groupVersion.indexOf('/') < 0;
                String path = (isCore ? "/api/" : "/apis/") + groupVersion;
                Answer resources;
                try {
                    resources = get(path, each.split(1));
                } catch (ClusterConnectException e) {
                    if (isCore) {
                        throw e;
                    }
                    sources.add(new SourceStatus(SOURCE_PREFIX + groupVersion, SourceState.FAILED,
                            0, "discovery failed: " + e.getMessage()));
                    continue;
                }
                if (!resources.ok()) {
                    if (isCore) {
                        throw failure(resources);
                    }
                    // An aggregated API whose server is down answers 503 here; the other
                    // groups can still be captured.
                    sources.add(new SourceStatus(SOURCE_PREFIX + groupVersion, SourceState.FAILED,
                            0, "discovery failed: " + reason(resources)));
                    continue;
                }
                String group = ObjectKey.groupOf(groupVersion);
                String version = groupVersion.substring(groupVersion.indexOf('/') + 1);
                for (JsonNode r : parse(resources.body()).path("resources")) {
                    String name = r.path("name").asString("");
                    String kind = r.path("kind").asString("");
                    if (name.isEmpty() || kind.isEmpty() || name.indexOf('/') >= 0
                            || name.equals("events") || !strings(r.path("verbs")).contains("list")) {
                        continue;
                    }
                    types.add(new ResourceType(group, version, name, kind,
                            r.path("namespaced").asBoolean(false)));
                }
            }
            return types;
        }

        // ------------------------------------------------------------ lists

        /** Reads every page of a type into the objects; never throws for a failed list. */
        private SourceStatus list(ResourceType type, SubMonitor progress) {
            boolean redact = !options.includeSecretValues() && type.group().isEmpty()
                    && type.resource().equals("secrets");
            long count = 0;
            String token = null;
            do {
                progress.setWorkRemaining(PAGE_TICKS);
                Answer page;
                try {
                    page = get(listQuery(type.listPath(), token), progress.split(1));
                } catch (ClusterConnectException e) {
                    return incomplete(type, count, e.getMessage());
                }
                if (!page.ok()) {
                    if (page.code() == 410 && token != null) {
                        return new SourceStatus(type.source(), SourceState.PARTIAL, count,
                                "the list expired while it was read in pages (410 Gone); "
                                        + count + " items read");
                    }
                    return incomplete(type, count, reason(page));
                }
                JsonNode list;
                try {
                    list = JSON.readTree(page.body());
                } catch (JacksonException e) {
                    return incomplete(type, count, "the server sent a list that is not JSON");
                }
                for (JsonNode item : list.path("items")) {
                    ApiObject object = toObject(type, item, redact);
                    if (object != null && objects.putIfAbsent(object.key(), object) == null) {
                        count++;
                    }
                }
                String nextToken = list.path("metadata").path("continue").asString("");
                if (!nextToken.isEmpty() && nextToken.equals(token)) {
                    return incomplete(type, count,
                            "the server repeated a list continuation token");
                }
                token = nextToken.isEmpty() ? null : nextToken;
            } while (token != null);
            return SourceStatus.complete(type.source(), count);
        }

        private SourceStatus incomplete(ResourceType type, long count, String reason) {
            return new SourceStatus(type.source(),
                    count == 0 ? SourceState.FAILED : SourceState.PARTIAL, count,
                    count == 0 ? reason : reason + "; " + count + " items read before");
        }

        private String listQuery(String path, String token) {
            return path + "?limit=" + options.pageSize()
                    + (token == null ? "" : "&continue=" + URLEncoder.encode(token,
                            StandardCharsets.UTF_8));
        }

        /** An item of a list as stored: apiVersion and kind set, managed fields dropped. */
        private ApiObject toObject(ResourceType type, JsonNode item, boolean redact) {
            if (!item.isObject()) {
                return null;
            }
            ObjectNode object = JSON.createObjectNode();
            object.put("apiVersion", type.groupVersion());
            object.put("kind", type.kind());
            for (Map.Entry<String, JsonNode> field : item.properties()) {
                if (!field.getKey().equals("apiVersion") && !field.getKey().equals("kind")) {
                    object.set(field.getKey(), field.getValue());
                }
            }
            JsonNode metadata = object.path("metadata");
            if (metadata instanceof ObjectNode meta) {
                meta.remove("managedFields");
            }
            String name = metadata.path("name").asString("");
            if (name.isEmpty()) {
                return null;
            }
            String namespace = type.namespaced() ? metadata.path("namespace").asString("") : "";
            String json = JSON.writeValueAsString(object);
            if (redact) {
                json = SecretRedaction.redactSecretJson(json);
            }
            return new ApiObject(new ObjectKey(type.group(), type.kind(), namespace, name),
                    type.groupVersion(), text(metadata.path("uid")),
                    text(metadata.path("resourceVersion")), json);
        }

        // ------------------------------------------------------------ events

        private record EventResult(List<ApiObject> events, SourceStatus status) {
        }

        private record TimedEvent(Instant time, ApiObject event) {
        }

        private EventResult events(SubMonitor progress) {
            ResourceType type = new ResourceType("", "v1", "events", "Event", true);
            Comparator<TimedEvent> oldestFirst = Comparator.comparing(TimedEvent::time)
                    .thenComparing(e -> e.event().key(), Comparator.reverseOrder());
            PriorityQueue<TimedEvent> newest = new PriorityQueue<>(oldestFirst);
            long seen = 0;
            String token = null;
            SourceStatus problem = null;
            do {
                progress.setWorkRemaining(PAGE_TICKS);
                Answer page;
                try {
                    page = get(listQuery(type.listPath(), token), progress.split(1));
                } catch (ClusterConnectException e) {
                    problem = incomplete(type, seen, e.getMessage());
                    break;
                }
                if (!page.ok()) {
                    problem = page.code() == 410 && token != null
                            ? new SourceStatus(type.source(), SourceState.PARTIAL, seen,
                                    "the list expired while it was read in pages (410 Gone); "
                                            + seen + " items read")
                            : incomplete(type, seen, reason(page));
                    break;
                }
                JsonNode list;
                try {
                    list = JSON.readTree(page.body());
                } catch (JacksonException e) {
                    problem = incomplete(type, seen, "the server sent a list that is not JSON");
                    break;
                }
                for (JsonNode item : list.path("items")) {
                    ApiObject event = toObject(type, item, false);
                    if (event == null) {
                        continue;
                    }
                    seen++;
                    newest.add(new TimedEvent(eventTime(item), event));
                    if (newest.size() > options.eventLimit()) {
                        newest.poll();
                    }
                }
                String nextToken = list.path("metadata").path("continue").asString("");
                token = nextToken.isEmpty() || nextToken.equals(token) ? null : nextToken;
            } while (token != null);

            List<TimedEvent> kept = new ArrayList<>(newest);
            kept.sort(oldestFirst.reversed());
            List<ApiObject> events = kept.stream().map(TimedEvent::event).toList();
            if (problem != null) {
                return new EventResult(events, new SourceStatus(problem.source(), problem.state(),
                        events.size(), problem.reason()));
            }
            // Keeping only the newest events is by design, so the source stays complete; the
            // reason tells that older ones were left out.
            String capped = seen > events.size()
                    ? "the newest " + events.size() + " of " + seen + " events kept"
                    : null;
            return new EventResult(events, new SourceStatus(type.source(), SourceState.COMPLETE,
                    events.size(), capped));
        }

        // ------------------------------------------------------------ requests

        private Answer get(String pathAndQuery, IProgressMonitor monitor)
                throws ClusterConnectException {
            HttpRequest request = http.newHttpRequestBuilder()
                    .uri(base + pathAndQuery)
                    .header("Accept", "application/json")
                    .timeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS)
                    .build();
            if (monitor.isCanceled()) {
                throw cancel(null);
            }
            CompletableFuture<HttpResponse<String>> answer = http.sendAsync(request, String.class);
            HttpResponse<String> response = await(answer, monitor, () -> closeQuietly(client),
                    "the server did not answer in time" + at(), serverUrl, false);
            return new Answer(response.code(), response.body() == null ? "" : response.body());
        }

        /** A failed answer to a request the capture cannot do without. */
        private ClusterConnectException failure(Answer answer) {
            return ClusterConnectException.classify(httpFailure(answer), serverUrl);
        }

        /** Why a list was refused, in one plain line. */
        private String reason(Answer answer) {
            if (answer.code() == 404) {
                return "not found: the server no longer serves this type (404)";
            }
            return ClusterConnectException.classify(httpFailure(answer), serverUrl).getMessage();
        }

        private KubernetesClientException httpFailure(Answer answer) {
            String message = null;
            try {
                JsonNode status = JSON.readTree(answer.body());
                message = status.path("message").asString(null);
            } catch (JacksonException e) {
                // not a Status: the code alone tells what happened
            }
            return new KubernetesClientException(new StatusBuilder().withStatus("Failure")
                    .withCode(answer.code()).withMessage(message).build());
        }

        private String at() {
            String where = ClusterConnectException.hostAndPort(serverUrl);
            return where == null ? "" : " (" + where + ")";
        }

        private JsonNode parse(String body) throws ClusterConnectException {
            try {
                return JSON.readTree(body);
            } catch (JacksonException e) {
                throw new ClusterConnectException(Reason.OTHER,
                        "the server sent an answer that is not JSON" + at(), e);
            }
        }
    }

    /**
     * Opens the client on the worker: opening runs the context's credential plugin, if any, which
     * may take long and must not keep a cancelled capture waiting.
     */
    private KubernetesClient open(KubeContext ctx, ExecutorService worker,
            IProgressMonitor monitor) throws ClusterConnectException {
        progressName(monitor, "Connecting to " + ctx.name());
        Opening opening = new Opening();
        Future<KubernetesClient> result = worker.submit(
                () -> opening.deliver(clients.open(ctx, connectTimeout, requestTimeout)));
        return await(result, monitor, opening::abandon,
                "the credentials of context '" + ctx.name() + "' were not ready in time",
                ctx.serverUrl(), true);
    }

    private static void progressName(IProgressMonitor monitor, String name) {
        monitor.subTask(name);
    }

    /**
     * Waits for a result in short slices, watching the monitor.
     *
     * @param onCancel         run when the monitor is cancelled, before the wait is abandoned
     * @param timeoutDetail    the message when the answer takes longer than the timeouts allow
     * @param serverUrl        named in the messages of failed requests; may be null
     * @param cancelOnTimeout  whether running out of time also runs {@code onCancel}
     */
    private <T> T await(Future<T> result, IProgressMonitor monitor, Runnable onCancel,
            String timeoutDetail, String serverUrl, boolean cancelOnTimeout)
            throws ClusterConnectException {
        long limit = connectTimeout.toMillis() + requestTimeout.toMillis() + GRACE_MILLIS;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(limit);
        while (true) {
            if (monitor.isCanceled()) {
                onCancel.run();
                throw cancel(result);
            }
            try {
                return result.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException stillWaiting) {
                if (System.nanoTime() - deadline > 0) {
                    if (cancelOnTimeout) {
                        onCancel.run();
                    }
                    result.cancel(true);
                    throw new ClusterConnectException(Reason.TIMEOUT, timeoutDetail);
                }
            } catch (ExecutionException e) {
                if (monitor.isCanceled()) {
                    onCancel.run();
                    throw cancel(result);
                }
                throw ClusterConnectException.classify(e.getCause() == null ? e : e.getCause(),
                        serverUrl);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                onCancel.run();
                throw cancel(result);
            }
        }
    }

    private static OperationCanceledException cancel(Future<?> result) {
        if (result != null) {
            result.cancel(true);
        }
        return new OperationCanceledException();
    }

    /** Hands the opened client to the capture, or closes it when the capture gave up meanwhile. */
    private static final class Opening {

        private static final Object ABANDONED = new Object();

        private final AtomicReference<Object> slot = new AtomicReference<>();

        KubernetesClient deliver(KubernetesClient client) {
            if (!slot.compareAndSet(null, client)) {
                closeQuietly(client);
            }
            return client;
        }

        void abandon() {
            if (slot.getAndSet(ABANDONED) instanceof KubernetesClient client) {
                closeQuietly(client);
            }
        }
    }

    /** When an event last happened, for keeping the newest ones. */
    static Instant eventTime(JsonNode event) {
        for (JsonNode candidate : List.of(event.path("lastTimestamp"), event.path("eventTime"),
                event.path("series").path("lastObservedTime"), event.path("firstTimestamp"),
                event.path("metadata").path("creationTimestamp"))) {
            String text = candidate.asString("");
            if (!text.isEmpty()) {
                try {
                    return Instant.parse(text);
                } catch (DateTimeParseException e) {
                    // try the next field
                }
            }
        }
        return Instant.EPOCH;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        for (JsonNode value : array) {
            if (value.isString()) {
                values.add(value.stringValue());
            }
        }
        return values;
    }

    private static String text(JsonNode node) {
        String value = node.isString() ? node.stringValue() : null;
        return value == null || value.isEmpty() ? null : value;
    }

    private static String stripSlash(String url) {
        if (url == null) {
            return null;
        }
        String u = url.strip();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }

    /** The version of this bundle when running in OSGi, else {@code dev}. */
    static String toolVersion() {
        try {
            Bundle bundle = FrameworkUtil.getBundle(ApiSnapshotCollector.class);
            return bundle == null ? "dev" : bundle.getVersion().toString();
        } catch (LinkageError notInOsgi) {
            return "dev";
        }
    }

    private static void closeQuietly(KubernetesClient client) {
        try {
            client.close();
        } catch (RuntimeException e) {
            // Closing is best effort: the capture's outcome is already decided.
        }
    }

    private static Duration requirePositive(Duration duration, String what) {
        Objects.requireNonNull(duration, what);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(what + " must be positive: " + duration);
        }
        return duration;
    }
}
