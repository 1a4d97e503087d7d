package io.kubetriage.connector.etcd.keys;

import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import javax.net.ssl.SSLException;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.options.GetOption;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.kubetriage.connector.etcd.EtcdClientFactory;
import io.kubetriage.connector.etcd.EtcdConnectException;
import io.kubetriage.core.etcd.EtcdEndpoints;

/** What the key readers share: the client, waiting with cancel, and the meaning of failures. */
final class KeyCalls {

    /** How long one call may take once connected; a page of keys can be tens of megabytes. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    private static final long POLL_MILLIS = 50;
    private static final ByteSequence PROBE_KEY = ByteSequence.from(new byte[] {0});
    private static final String ETCD_PREFIX = "etcdserver: ";

    private KeyCalls() {
    }

    /** A client whose every call has a deadline and that accepts answers up to {@code maxInbound} bytes. */
    static Client client(EtcdEndpoints endpoints, char[] password, int maxInbound) throws EtcdConnectException {
        Duration timeout = endpoints.dialTimeout().plus(CALL_TIMEOUT);
        return EtcdClientFactory.builder(endpoints, password)
                .maxInboundMessageSize(maxInbound)
                .interceptor(new DeadlineInterceptor(timeout))
                .build();
    }

    /**
     * Waits for a call, polling the monitor.
     *
     * @throws ExecutionException         the call failed
     * @throws OperationCanceledException the monitor was cancelled or the thread interrupted
     */
    static <T> T await(CompletableFuture<T> future, IProgressMonitor monitor) throws ExecutionException {
        while (true) {
            if (monitor.isCanceled()) {
                future.cancel(true);
                throw new OperationCanceledException();
            }
            try {
                return future.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // Poll the monitor again.
            } catch (CancellationException e) {
                throw new ExecutionException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OperationCanceledException();
            }
        }
    }

    static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** Whether the call failed because the revision asked for was compacted. */
    static boolean isCompacted(Throwable failure) {
        for (Throwable t = unwrap(failure); t != null; t = t.getCause()) {
            if (t instanceof CompactedException) {
                return true;
            }
            Status status = Status.fromThrowable(t);
            if (status.getCode() == Status.Code.OUT_OF_RANGE && String.valueOf(status.getDescription())
                    .contains("compacted")) {
                return true;
            }
        }
        return false;
    }

    /** Whether the call failed because the revision asked for is newer than the store's. */
    static boolean isFutureRevision(Throwable failure) {
        Status status = Status.fromThrowable(unwrap(failure));
        return status.getCode() == Status.Code.OUT_OF_RANGE
                && String.valueOf(status.getDescription()).contains("future revision");
    }

    /** A failed call as an error for the user: the reason in a few words, no stack trace. */
    static EtcdConnectException failure(Throwable failure, EtcdEndpoints endpoints) {
        String where = "etcd " + endpoints.endpoints().stream().map(URI::toString).collect(Collectors.joining(","));
        return new EtcdConnectException(where + ": " + reason(failure, endpoints), unwrap(failure));
    }

    private static String reason(Throwable failure, EtcdEndpoints endpoints) {
        Throwable top = unwrap(failure);
        for (Throwable t = top; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT).contains("refused")
                        ? "connection refused" : "cannot connect: " + t.getMessage();
            }
            if (t instanceof UnknownHostException) {
                return "cannot resolve the host name";
            }
            if (t instanceof SSLException) {
                return "TLS handshake failed: " + t.getMessage();
            }
        }
        Status status = Status.fromThrowable(top);
        String description = status.getDescription() == null ? ""
                : status.getDescription().lines().findFirst().orElse("");
        if (description.startsWith(ETCD_PREFIX)) {
            return description.substring(ETCD_PREFIX.length());
        }
        return switch (status.getCode()) {
            case DEADLINE_EXCEEDED -> "timed out after "
                    + endpoints.dialTimeout().plus(CALL_TIMEOUT).toSeconds() + "s";
            case UNAUTHENTICATED -> "authentication failed";
            case PERMISSION_DENIED -> "permission denied" + (description.isEmpty() ? "" : ": " + description);
            case RESOURCE_EXHAUSTED -> "the answer is too large: " + description;
            default -> status.getCode().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                    + (description.isEmpty() ? "" : ": " + description);
        };
    }

    /**
     * The revision etcd was compacted at, found by bisection with tiny reads (about
     * log2(revision) of them): the oldest revision a read still succeeds at. 0 when every revision
     * from 1 on can be read.
     *
     * @param readable a revision known to be readable (the current one)
     */
    static long compactRevision(KV kv, long readable, IProgressMonitor monitor) throws ExecutionException {
        if (readable <= 1 || readableAt(kv, 1, monitor)) {
            return 0;
        }
        long low = 1; // not readable
        long high = readable; // readable
        while (high - low > 1) {
            long middle = low + (high - low) / 2;
            if (readableAt(kv, middle, monitor)) {
                high = middle;
            } else {
                low = middle;
            }
        }
        return high;
    }

    private static boolean readableAt(KV kv, long revision, IProgressMonitor monitor) throws ExecutionException {
        try {
            await(kv.get(PROBE_KEY, GetOption.builder().withRevision(revision).withCountOnly(true).build()),
                    monitor);
            return true;
        } catch (ExecutionException e) {
            if (isCompacted(e)) {
                return false;
            }
            throw e;
        }
    }

    /** Puts a deadline on every call. */
    private record DeadlineInterceptor(Duration timeout) implements ClientInterceptor {
        @Override
        public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options,
                Channel next) {
            // Watches are long-lived by design; their callers end them.
            if (method.getType() == MethodDescriptor.MethodType.BIDI_STREAMING) {
                return next.newCall(method, options);
            }
            return next.newCall(method, options.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS));
        }
    }
}
