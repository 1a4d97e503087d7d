package io.kubetriage.connector.kube;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;

import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import io.kubetriage.connector.kube.ClusterConnectException.Reason;
import io.kubetriage.core.cluster.ClusterInfo;
import io.kubetriage.core.kubeconfig.KubeContext;

/**
 * Connects to a cluster and learns its server version, node count and namespace count.
 *
 * <p>Every request runs on a worker thread while the calling thread waits in short slices and
 * watches the progress monitor. Cancelling the monitor closes the client, so that a request
 * blocked on a silent server is abandoned, and the probe throws
 * {@link OperationCanceledException} within a fraction of a second.
 *
 * <p>Lists are read in pages of {@link #pageSize()} items, following the server's
 * {@code continue} token to the end, so the counts are exact however large the cluster.
 *
 * <p>Instances hold no state between probes and may be shared between threads.
 */
public final class KubeClusterProbe {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_PAGE_SIZE = 500;

    /** How often the waiting thread looks at the monitor. */
    private static final long POLL_MILLIS = 50;
    /** Time allowed beyond the client's own timeouts before a request is given up. */
    private static final long GRACE_MILLIS = 2_000;
    /** Ticks given to each list; pages use them up ever more slowly, as their number is unknown. */
    private static final int PAGE_TICKS = 10;

    private final KubeClientFactory clients;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final int pageSize;

    /** A probe with the default timeouts and page size. */
    public KubeClusterProbe() {
        this(new KubeClientFactory(), DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT,
                DEFAULT_PAGE_SIZE);
    }

    /**
     * @param clients        opens the client for each probe
     * @param connectTimeout how long to wait for a connection
     * @param requestTimeout how long to wait for the answer to each request
     * @param pageSize       items asked for per list request; at least 1
     */
    public KubeClusterProbe(KubeClientFactory clients, Duration connectTimeout,
            Duration requestTimeout, int pageSize) {
        this.clients = Objects.requireNonNull(clients, "clients");
        this.connectTimeout = requirePositive(connectTimeout, "connectTimeout");
        this.requestTimeout = requirePositive(requestTimeout, "requestTimeout");
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be at least 1: " + pageSize);
        }
        this.pageSize = pageSize;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    public int pageSize() {
        return pageSize;
    }

    /**
     * Probes the cluster of a context. The returned {@link ClusterInfo} has no etcd status.
     *
     * @param ctx     the context to connect to
     * @param monitor progress and cancellation; may be null
     * @throws ClusterConnectException    when the context cannot be used, or the server cannot be
     *                                    reached or refuses a request
     * @throws OperationCanceledException when the monitor is cancelled
     */
    public ClusterInfo probe(KubeContext ctx, IProgressMonitor monitor)
            throws ClusterConnectException {
        Objects.requireNonNull(ctx, "ctx");
        SubMonitor progress = SubMonitor.convert(monitor, "Connecting to " + ctx.name(), 4);
        IProgressMonitor opening = progress.split(1);
        ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "Kubetriage probe: " + ctx.name());
            thread.setDaemon(true);
            return thread;
        });
        try {
            KubernetesClient client = open(ctx, worker, opening);
            try {
                String masterUrl = client.getConfiguration().getMasterUrl();
                Requests requests = new Requests(client, worker,
                        masterUrl != null ? masterUrl : ctx.serverUrl());

                progress.subTask("Reading the server version");
                VersionInfo version = requests.run(client::getKubernetesVersion,
                        progress.split(1));
                String gitVersion = version == null ? null : version.getGitVersion();
                if (gitVersion == null || gitVersion.isBlank()) {
                    throw new ClusterConnectException(Reason.OTHER,
                            "the server did not tell its version" + requests.at());
                }

                progress.subTask("Counting nodes");
                int nodes = count(requests, options -> client.nodes().list(options),
                        progress.split(1));

                progress.subTask("Counting namespaces");
                int namespaces = count(requests, options -> client.namespaces().list(options),
                        progress.split(1));

                return new ClusterInfo(gitVersion, nodes, namespaces, null);
            } finally {
                closeQuietly(client);
            }
        } finally {
            worker.shutdownNow();
        }
    }

    /**
     * Opens the client on the worker: opening runs the context's credential plugin, if any, which
     * may take long (an interactive login, say) and must not keep a cancelled probe waiting.
     */
    private KubernetesClient open(KubeContext ctx, ExecutorService worker,
            IProgressMonitor monitor) throws ClusterConnectException {
        Opening opening = new Opening();
        Future<KubernetesClient> result = worker.submit(
                () -> opening.deliver(clients.open(ctx, connectTimeout, requestTimeout)));
        return await(result, monitor, opening::abandon,
                "the credentials of context '" + ctx.name() + "' were not ready in time",
                ctx.serverUrl());
    }

    private int count(Requests requests, Function<ListOptions, KubernetesResourceList<?>> lister,
            SubMonitor progress) throws ClusterConnectException {
        int total = 0;
        String next = null;
        do {
            progress.setWorkRemaining(PAGE_TICKS);
            ListOptions options = new ListOptionsBuilder()
                    .withLimit((long) pageSize)
                    .withContinue(next)
                    .build();
            KubernetesResourceList<?> page = requests.run(() -> lister.apply(options),
                    progress.split(1));
            if (page == null) {
                throw new ClusterConnectException(Reason.OTHER,
                        "the server sent an empty list" + requests.at());
            }
            total += page.getItems() == null ? 0 : page.getItems().size();
            String token = page.getMetadata() == null ? null : page.getMetadata().getContinue();
            if (token != null && token.equals(next)) {
                throw new ClusterConnectException(Reason.OTHER,
                        "the server repeated a list continuation token" + requests.at());
            }
            next = token == null || token.isEmpty() ? null : token;
        } while (next != null);
        return total;
    }

    /**
     * Waits for a result on the worker, in short slices, watching the monitor.
     *
     * @param onCancel      run when the monitor is cancelled, before the worker is interrupted
     * @param timeoutDetail the message when the worker takes longer than the client's timeouts
     *                      allow, which the client should have prevented
     * @param serverUrl     named in the messages of failed requests; may be null
     */
    private <T> T await(Future<T> result, IProgressMonitor monitor, Runnable onCancel,
            String timeoutDetail, String serverUrl) throws ClusterConnectException {
        long limit = connectTimeout.toMillis() + requestTimeout.toMillis() + GRACE_MILLIS;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(limit);
        while (true) {
            if (monitor.isCanceled()) {
                throw cancel(result, onCancel);
            }
            try {
                return result.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException stillWaiting) {
                if (System.nanoTime() - deadline > 0) {
                    onCancel.run();
                    result.cancel(true);
                    throw new ClusterConnectException(Reason.TIMEOUT, timeoutDetail);
                }
            } catch (ExecutionException e) {
                if (monitor.isCanceled()) {
                    throw cancel(result, onCancel);
                }
                throw ClusterConnectException.classify(e.getCause() == null ? e : e.getCause(),
                        serverUrl);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw cancel(result, onCancel);
            }
        }
    }

    private static OperationCanceledException cancel(Future<?> result, Runnable onCancel) {
        onCancel.run();
        result.cancel(true);
        return new OperationCanceledException();
    }

    /** Hands the opened client to the probe, or closes it when the probe gave up meanwhile. */
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

    /** Sends the requests of one probe on its worker. */
    private final class Requests {

        private final KubernetesClient client;
        private final ExecutorService worker;
        private final String serverUrl;

        Requests(KubernetesClient client, ExecutorService worker, String serverUrl) {
            this.client = client;
            this.worker = worker;
            this.serverUrl = serverUrl;
        }

        String at() {
            String where = ClusterConnectException.hostAndPort(serverUrl);
            return where == null ? "" : " (" + where + ")";
        }

        <T> T run(Callable<T> request, IProgressMonitor monitor) throws ClusterConnectException {
            // Closing the client makes a request that waits on the network give up.
            return await(worker.submit(request), monitor, () -> closeQuietly(client),
                    "the server did not answer in time" + at(), serverUrl);
        }
    }

    private static void closeQuietly(KubernetesClient client) {
        try {
            client.close();
        } catch (RuntimeException e) {
            // Closing is best effort: the probe's outcome is already decided.
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
