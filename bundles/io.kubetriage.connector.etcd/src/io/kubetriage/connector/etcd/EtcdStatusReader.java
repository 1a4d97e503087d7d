package io.kubetriage.connector.etcd;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.cluster.Member;
import io.etcd.jetcd.cluster.MemberListResponse;
import io.etcd.jetcd.maintenance.StatusResponse;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.kubetriage.core.etcd.EtcdClusterStatus;
import io.kubetriage.core.etcd.EtcdEndpoints;
import io.kubetriage.core.etcd.EtcdMemberStatus;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
import org.eclipse.core.runtime.SubMonitor;

/**
 * Asks every etcd endpoint for its status, as {@code etcdctl endpoint status} does, and names the
 * members from the cluster's member list.
 */
public final class EtcdStatusReader {

    /** etcdctl's default {@code --command-timeout}. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(5);

    private static final long POLL_MILLIS = 50;
    // Lets the gRPC deadline fire first, so a slow member reads as a timeout, not as our give-up.
    private static final Duration GRACE = Duration.ofSeconds(1);

    private final Duration commandTimeout;

    public EtcdStatusReader() {
        this(DEFAULT_COMMAND_TIMEOUT);
    }

    /** @param commandTimeout how long one member may take to answer once connected */
    public EtcdStatusReader(Duration commandTimeout) {
        if (commandTimeout.isNegative() || commandTimeout.isZero()) {
            throw new IllegalArgumentException("the command timeout must be positive");
        }
        this.commandTimeout = commandTimeout;
    }

    /**
     * Reads the status of every endpoint. An endpoint that does not answer is listed in
     * {@link EtcdClusterStatus#failures()} with the reason; the others are still read.
     *
     * @param password the password of {@link EtcdEndpoints#user()}, or null
     * @param monitor  progress and cancellation, or null
     * @throws EtcdConnectException       when no endpoint answered, or the settings are unusable
     * @throws OperationCanceledException when {@code monitor} was cancelled
     */
    public EtcdClusterStatus read(EtcdEndpoints endpoints, char[] password, IProgressMonitor monitor)
            throws EtcdConnectException {
        Objects.requireNonNull(endpoints, "endpoints");
        SubMonitor progress = SubMonitor.convert(monitor, "Reading etcd status", endpoints.endpoints().size() + 1);
        progress.checkCanceled();
        // A member that accepts the connection but never answers is cut off by this deadline.
        Duration timeout = endpoints.dialTimeout().plus(commandTimeout);
        Client client = EtcdClientFactory.builder(endpoints, password)
                .interceptor(new DeadlineInterceptor(timeout))
                .build();
        try {
            long deadline = System.nanoTime() + timeout.plus(GRACE).toNanos();
            // Everything is asked at once, so dead members time out together rather than in turn.
            CompletableFuture<MemberListResponse> memberList = client.getClusterClient().listMember();
            Map<URI, CompletableFuture<StatusResponse>> statuses = new LinkedHashMap<>();
            for (URI endpoint : endpoints.endpoints()) {
                statuses.put(endpoint, client.getMaintenanceClient().statusMember(endpoint.toString()));
            }

            Map<Long, String> names = new HashMap<>();
            progress.subTask("member list");
            try {
                for (Member member : await(memberList, deadline, progress).getMembers()) {
                    names.put(member.getId(), member.getName());
                }
            } catch (ExecutionException | TimeoutException e) {
                // Names are a convenience; the status answers below say what is wrong.
            }
            progress.worked(1);

            List<EtcdMemberStatus> members = new ArrayList<>();
            Map<URI, String> failures = new LinkedHashMap<>();
            for (Map.Entry<URI, CompletableFuture<StatusResponse>> entry : statuses.entrySet()) {
                URI endpoint = entry.getKey();
                progress.subTask(endpoint.toString());
                try {
                    StatusResponse status = await(entry.getValue(), deadline, progress);
                    long memberId = status.getHeader().getMemberId();
                    members.add(new EtcdMemberStatus(endpoint, memberId, names.get(memberId),
                            status.getVersion(), status.getDbSize(), status.getDbSizeInUse(),
                            status.getLeader(), status.getRaftIndex(), status.getRaftTerm(),
                            status.getRaftAppliedIndex(), status.getHeader().getRevision(),
                            status.getErrorList()));
                } catch (ExecutionException e) {
                    failures.put(endpoint, reason(e.getCause(), timeout, endpoints.dialTimeout()));
                } catch (TimeoutException e) {
                    failures.put(endpoint, timedOut(timeout));
                }
                progress.worked(1);
            }
            if (members.isEmpty()) {
                throw new EtcdConnectException("no etcd endpoint answered: " + failures.entrySet().stream()
                        .map(f -> f.getKey() + ": " + f.getValue())
                        .collect(Collectors.joining("; ")));
            }
            return new EtcdClusterStatus(members, failures);
        } finally {
            // Also ends the calls still in flight when cancelled.
            client.close();
        }
    }

    /** Waits in short steps so that a cancel on the monitor is noticed within {@value #POLL_MILLIS} ms. */
    private static <T> T await(CompletableFuture<T> future, long deadline, IProgressMonitor monitor)
            throws ExecutionException, TimeoutException {
        while (true) {
            if (monitor.isCanceled()) {
                throw new OperationCanceledException();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException();
            }
            try {
                return future.get(Math.min(left, TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS)), TimeUnit.NANOSECONDS);
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

    /** A reason for the user, such as "connection refused", from a failed call. */
    static String reason(Throwable failure, Duration timeout, Duration dialTimeout) {
        Throwable t = failure;
        while (t instanceof CompletionException || t instanceof ExecutionException) {
            if (t.getCause() == null) {
                break;
            }
            t = t.getCause();
        }
        for (Throwable cause = t; cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLException || cause instanceof CertificateException) {
                return "TLS handshake failed: " + rootMessage(cause);
            }
            if (cause instanceof ConnectException) {
                String message = String.valueOf(cause.getMessage()).toLowerCase(java.util.Locale.ROOT);
                if (message.contains("refused")) {
                    return "connection refused";
                }
                if (message.contains("timed out")) {
                    return "no connection within the dial timeout of " + seconds(dialTimeout);
                }
                return "cannot connect: " + cause.getMessage();
            }
            if (cause instanceof NoRouteToHostException) {
                return "no route to host";
            }
            if (cause instanceof UnknownHostException) {
                return "unknown host " + cause.getMessage();
            }
            if (cause instanceof TimeoutException) {
                return timedOut(timeout);
            }
        }
        Status status = Status.fromThrowable(t);
        String description = status.getDescription() == null ? "" : status.getDescription();
        if (status.getCode() == Status.Code.DEADLINE_EXCEEDED) {
            return timedOut(timeout);
        }
        if (status.getCode() == Status.Code.UNAUTHENTICATED || description.contains("authentication failed")) {
            return "authentication failed: wrong user name or password";
        }
        if (status.getCode() == Status.Code.PERMISSION_DENIED) {
            return "permission denied" + (description.isEmpty() ? "" : ": " + description);
        }
        if (status.getCode() == Status.Code.UNKNOWN && status.getCause() == null && description.isEmpty()) {
            return String.valueOf(t.getMessage());
        }
        return status.getCode().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                + (description.isEmpty() ? "" : ": " + description);
    }

    private static String rootMessage(Throwable t) {
        String message = t.getMessage();
        for (Throwable cause = t.getCause(); cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null) {
                message = cause.getMessage();
            }
        }
        return message == null ? t.getClass().getSimpleName() : message;
    }

    private static String timedOut(Duration timeout) {
        return "timed out after " + seconds(timeout);
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }

    /** Puts a deadline on every call, as etcdctl's command timeout does. */
    private record DeadlineInterceptor(Duration timeout) implements ClientInterceptor {
        @Override
        public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options,
                Channel next) {
            return next.newCall(method, options.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS));
        }
    }
}
