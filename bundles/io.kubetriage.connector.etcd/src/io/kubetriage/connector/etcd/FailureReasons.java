package io.kubetriage.connector.etcd;

import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.kubetriage.core.etcd.EtcdEndpoints;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLException;

/**
 * Turns a failed etcd call into a short reason for the user, such as "connection refused".
 * gRPC reports most transport problems as UNAVAILABLE with the real cause somewhere in the chain.
 */
final class FailureReasons {

    private static final String ETCD_PREFIX = "etcdserver: ";
    private static final String TLS_FAILED = "TLS handshake failed: ";

    private FailureReasons() {
    }

    static String of(Throwable failure, URI endpoint, EtcdEndpoints settings, Duration timeout) {
        Throwable top = failure;
        while ((top instanceof ExecutionException || top instanceof CompletionException) && top.getCause() != null) {
            top = top.getCause();
        }
        String etcdMessage = null;
        for (Throwable cause = top; cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLException || cause instanceof CertificateException) {
                return tls(cause, endpoint, settings);
            }
            if (cause instanceof ConnectException) {
                String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
                if (message.contains("refused")) {
                    return "connection refused";
                }
                if (message.contains("timed out")) {
                    return "no connection within the dial timeout of " + seconds(settings.dialTimeout());
                }
                return "cannot connect: " + cause.getMessage();
            }
            if (cause instanceof NoRouteToHostException) {
                return "no route to host";
            }
            if (cause instanceof UnknownHostException || cause instanceof UnresolvedAddressException) {
                return "cannot resolve the host name " + endpoint.getHost();
            }
            if (cause instanceof TimeoutException) {
                return timedOut(timeout);
            }
            String description = description(cause);
            if (description != null && description.startsWith(ETCD_PREFIX)) {
                // The innermost one is etcd's own words; outer ones are gRPC wrappers.
                etcdMessage = description.substring(ETCD_PREFIX.length());
            }
        }
        if (etcdMessage != null) {
            return fromEtcd(etcdMessage);
        }

        Status status = Status.fromThrowable(top);
        // gRPC appends multi-line details, such as the netty pipeline, that mean nothing to a user.
        String description = status.getDescription() == null ? ""
                : status.getDescription().lines().findFirst().orElse("");
        boolean plain = "http".equalsIgnoreCase(endpoint.getScheme());
        switch (status.getCode()) {
            case DEADLINE_EXCEEDED:
                return timedOut(timeout);
            case UNAUTHENTICATED:
                return "authentication failed";
            case UNAVAILABLE:
                if (description.contains("TLS negotiation") || !plain && description.equals("io exception")) {
                    return TLS_FAILED + "the member closed the connection; does it serve plain http://?";
                }
                // a TLS-only member drops a plain connection; gRPC reports it either way, by timing
                if (plain && (description.contains("Network closed") || description.equals("io exception"))) {
                    return "the member closed the connection; does it serve TLS only (https://)?";
                }
                break;
            case UNIMPLEMENTED:
                if (description.startsWith("HTTP status code")) {
                    return "not an etcd member: it answered with " + description;
                }
                break;
            default:
                break;
        }
        return status.getCode().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                + (description.isEmpty() ? "" : ": " + description);
    }

    static String timedOut(Duration timeout) {
        return "timed out after " + seconds(timeout);
    }

    private static String description(Throwable t) {
        if (t instanceof StatusRuntimeException e) {
            return e.getStatus().getDescription();
        }
        if (t instanceof StatusException e) {
            return e.getStatus().getDescription();
        }
        return null;
    }

    private static String fromEtcd(String message) {
        if (message.startsWith("authentication failed")) {
            return "authentication failed: wrong user name or password";
        }
        if (message.startsWith("authentication is not enabled")) {
            return "authentication is not enabled on this member; connect without a user name";
        }
        return message;
    }

    private static String tls(Throwable error, URI endpoint, EtcdEndpoints settings) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof CertPathBuilderException || (cause instanceof CertPathValidatorException
                    && String.valueOf(cause.getMessage()).contains("trust anchor"))) {
                return TLS_FAILED + "the member's certificate is not signed by "
                        + (settings.caCert() == null
                                ? "a CA this system trusts; give the cluster's CA certificate (--cacert)"
                                : "the CA in " + settings.caCert());
            }
            if (cause instanceof CertificateExpiredException) {
                return TLS_FAILED + "the member's certificate has expired (" + cause.getMessage() + ")";
            }
            if (cause instanceof CertificateNotYetValidException) {
                return TLS_FAILED + "the member's certificate is not valid yet (" + cause.getMessage() + ")";
            }
        }
        String message = rootMessage(error);
        if (message.contains("bad_certificate") || message.contains("certificate_required")
                || message.contains("unknown_ca")) {
            return TLS_FAILED + (settings.cert() == null
                    ? "the member requires a client certificate (--cert and --key)"
                    : "the member rejected the client certificate " + settings.cert() + " (" + message + ")");
        }
        if (message.contains("No subject alternative") || message.contains("No name matching")) {
            return TLS_FAILED + "the member's certificate is not issued for " + endpoint.getHost()
                    + " (" + message + ")";
        }
        return TLS_FAILED + message;
    }

    private static String rootMessage(Throwable t) {
        String message = null;
        for (Throwable cause = t; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null) {
                message = cause.getMessage();
            }
        }
        return message == null ? t.getClass().getSimpleName() : message;
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }
}
