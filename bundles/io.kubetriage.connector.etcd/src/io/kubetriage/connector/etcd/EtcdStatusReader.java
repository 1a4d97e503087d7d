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
import io.kubetriage.core.etcd.EtcdClusterStatus;
import io.kubetriage.core.etcd.EtcdEndpoints;
import io.kubetriage.core.etcd.EtcdMemberStatus;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

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
     * @throws OperationCanceledException when {@code monitor} was cancelled or the thread was
     *                                    interrupted (its interrupt flag is then left set)
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
                    failures.put(endpoint, FailureReasons.of(e.getCause(), endpoint, endpoints, timeout));
                } catch (TimeoutException e) {
                    failures.put(endpoint, FailureReasons.timedOut(timeout));
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

    /** Puts a deadline on every call, as etcdctl's command timeout does. */
    private record DeadlineInterceptor(Duration timeout) implements ClientInterceptor {
        @Override
        public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options,
                Channel next) {
            return next.newCall(method, options.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS));
        }
    }
}
