package io.kubetriage.connector.kube;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLException;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * A cluster could not be reached or would not answer. {@link #reason()} sorts the failure for the
 * UI; {@link #getMessage()} is one plain line such as
 * {@code unreachable: connection refused (127.0.0.1:6443)} or
 * {@code unauthorized: the server rejected the credentials (401)}.
 */
public final class ClusterConnectException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Longest detail kept, in characters; server messages can be long. */
    private static final int MAX_DETAIL_LENGTH = 300;

    /** Why a cluster could not be used. */
    public enum Reason {
        /** Nothing answers at the server address: connection refused, unknown host, no route. */
        UNREACHABLE("unreachable"),
        /** No connection, or no answer, within the allowed time. */
        TIMEOUT("timeout"),
        /** The TLS handshake failed, usually because the server certificate is not trusted. */
        TLS("tls"),
        /** The server rejected the credentials (HTTP 401). */
        UNAUTHORIZED("unauthorized"),
        /** The credentials are valid but not allowed to do what was asked (HTTP 403). */
        FORBIDDEN("forbidden"),
        /** The context or its kubeconfig file cannot be used. */
        BAD_KUBECONFIG("bad kubeconfig"),
        /** The server answered with a 5xx status. */
        SERVER_ERROR("server error"),
        /** Anything else. */
        OTHER("failed");

        private final String label;

        Reason(String label) {
            this.label = label;
        }

        /** Short lower-case label that starts the message, e.g. {@code "unreachable"}. */
        public String label() {
            return label;
        }
    }

    private final Reason reason;
    private final String detail;

    /**
     * @param reason why the cluster could not be used
     * @param detail plain-language detail, shown after the reason's label; made one line
     * @param cause  the underlying failure, or null
     */
    public ClusterConnectException(Reason reason, String detail, Throwable cause) {
        super(Objects.requireNonNull(reason, "reason").label() + ": " + oneLine(detail), cause);
        this.reason = reason;
        this.detail = oneLine(detail);
    }

    public ClusterConnectException(Reason reason, String detail) {
        this(reason, detail, null);
    }

    public Reason reason() {
        return reason;
    }

    /** The message without the reason's label. */
    public String detail() {
        return detail;
    }

    /**
     * Sorts a failure from a call to the API server by walking its cause chain.
     *
     * @param failure   what the Kubernetes client threw
     * @param serverUrl the API server URL, named in the message; may be null
     */
    public static ClusterConnectException classify(Throwable failure, String serverUrl) {
        Objects.requireNonNull(failure, "failure");
        if (failure instanceof ClusterConnectException already) {
            return already;
        }
        List<Throwable> chain = causeChain(failure);
        String where = hostAndPort(serverUrl);
        String at = where == null ? "" : " (" + where + ")";

        for (Throwable t : chain) {
            if (t instanceof KubernetesClientException kce && kce.getCode() > 0) {
                return fromHttpStatus(kce, failure);
            }
        }
        ClusterConnectException tls = fromTls(chain, serverUrl, failure);
        if (tls != null) {
            return tls;
        }
        for (Throwable t : chain) {
            if (t instanceof HttpConnectTimeoutException) {
                return new ClusterConnectException(Reason.TIMEOUT,
                        "no connection within the connect timeout" + at, failure);
            }
        }
        for (Throwable t : chain) {
            if (t instanceof HttpTimeoutException || t instanceof SocketTimeoutException
                    || t instanceof TimeoutException) {
                return new ClusterConnectException(Reason.TIMEOUT,
                        "the server did not answer in time" + at, failure);
            }
        }
        for (Throwable t : chain) {
            if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
                String host = host(serverUrl);
                return new ClusterConnectException(Reason.UNREACHABLE,
                        "unknown host" + (host == null ? "" : " (" + host + ")"), failure);
            }
        }
        for (Throwable t : chain) {
            if (t instanceof NoRouteToHostException) {
                return new ClusterConnectException(Reason.UNREACHABLE, "no route to host" + at,
                        failure);
            }
        }
        for (Throwable t : chain) {
            if (t instanceof ConnectException) {
                return new ClusterConnectException(Reason.UNREACHABLE,
                        connectProblem(t.getMessage()) + at, failure);
            }
        }
        for (Throwable t : chain) {
            if (t instanceof EOFException) {
                return new ClusterConnectException(Reason.OTHER,
                        "the server closed the connection without answering" + at, failure);
            }
        }
        return new ClusterConnectException(Reason.OTHER, firstMessage(chain) + at, failure);
    }

    private static ClusterConnectException fromHttpStatus(KubernetesClientException kce,
            Throwable failure) {
        int code = kce.getCode();
        String serverMessage = statusMessage(kce);
        switch (code) {
            case 401:
                return new ClusterConnectException(Reason.UNAUTHORIZED,
                        "the server rejected the credentials (401)", failure);
            case 403:
                return new ClusterConnectException(Reason.FORBIDDEN,
                        (serverMessage == null ? "the credentials may not do this" : serverMessage)
                                + " (403)",
                        failure);
            default:
                Reason reason = code >= 500 ? Reason.SERVER_ERROR : Reason.OTHER;
                String what = code >= 500 ? "the server answered " : "unexpected answer ";
                return new ClusterConnectException(reason,
                        what + code + (serverMessage == null ? "" : ": " + serverMessage),
                        failure);
        }
    }

    private static ClusterConnectException fromTls(List<Throwable> chain, String serverUrl,
            Throwable failure) {
        CertificateException certificateProblem = null;
        SSLException sslProblem = null;
        boolean unknownAuthority = false;
        for (Throwable t : chain) {
            if (certificateProblem == null && t instanceof CertificateException ce) {
                certificateProblem = ce;
            }
            if (sslProblem == null && t instanceof SSLException se) {
                sslProblem = se;
            }
            // The JDK reports an untrusted chain as "PKIX path building failed" (a
            // CertPathBuilderException) or as a failed path validation.
            if (t instanceof CertPathValidatorException || t instanceof CertPathBuilderException
                    || contains(t.getMessage(), "PKIX path")
                    || contains(t.getMessage(), "unable to find valid certification path")) {
                unknownAuthority = true;
            }
        }
        if (certificateProblem == null && sslProblem == null && !unknownAuthority) {
            return null;
        }
        String host = host(serverUrl);
        String detail;
        if (certificateProblem instanceof CertificateExpiredException) {
            detail = "the server certificate has expired";
        } else if (unknownAuthority) {
            detail = "the server certificate is signed by an unknown authority";
        } else if (certificateProblem != null
                && (contains(certificateProblem.getMessage(), "No subject alternative")
                        || contains(certificateProblem.getMessage(), "No name matching"))) {
            detail = "the server certificate does not match the host"
                    + (host == null ? "" : " " + host);
        } else if (certificateProblem != null) {
            detail = "the server certificate was rejected: "
                    + messageOrName(certificateProblem);
        } else if (contains(sslProblem.getMessage(), "bad_certificate")
                || contains(sslProblem.getMessage(), "certificate_required")) {
            detail = "the server rejected the client certificate";
        } else if (contains(sslProblem.getMessage(), "Unsupported or unrecognized SSL message")) {
            detail = "the server does not speak TLS at this address";
        } else {
            detail = "handshake failed: " + messageOrName(sslProblem);
        }
        String where = hostAndPort(serverUrl);
        return new ClusterConnectException(Reason.TLS,
                detail + (where == null ? "" : " (" + where + ")"), failure);
    }

    private static String connectProblem(String message) {
        if (message == null || message.isBlank()
                || message.toLowerCase(Locale.ROOT).contains("refused")) {
            return "connection refused";
        }
        return message.toLowerCase(Locale.ROOT);
    }

    private static String statusMessage(KubernetesClientException kce) {
        Status status = kce.getStatus();
        if (status != null && status.getMessage() != null && !status.getMessage().isBlank()) {
            return status.getMessage().strip();
        }
        return null;
    }

    private static List<Throwable> causeChain(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            chain.add(t);
            for (Throwable suppressed : t.getSuppressed()) {
                if (seen.add(suppressed)) {
                    chain.add(suppressed);
                }
            }
        }
        return chain;
    }

    private static String firstMessage(List<Throwable> chain) {
        for (Throwable t : chain) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        return chain.get(0).getClass().getSimpleName();
    }

    private static String messageOrName(Throwable t) {
        return t.getMessage() == null || t.getMessage().isBlank()
                ? t.getClass().getSimpleName()
                : t.getMessage();
    }

    private static boolean contains(String text, String part) {
        return text != null && text.contains(part);
    }

    private static String host(String serverUrl) {
        URI uri = parse(serverUrl);
        return uri == null ? null : uri.getHost();
    }

    /**
     * {@code host:port} of a server URL, with the scheme's default port when none is given, as
     * shown in messages; the URL itself when it cannot be parsed, null when it is null or blank.
     */
    public static String hostAndPort(String serverUrl) {
        URI uri = parse(serverUrl);
        if (uri == null) {
            return serverUrl == null || serverUrl.isBlank() ? null : serverUrl.strip();
        }
        int port = uri.getPort();
        if (port < 0) {
            port = "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
        }
        String host = uri.getHost();
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return host + ":" + port;
    }

    private static URI parse(String serverUrl) {
        if (serverUrl == null || serverUrl.isBlank()) {
            return null;
        }
        try {
            URI uri = new URI(serverUrl.strip());
            return uri.getHost() == null ? null : uri;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static String oneLine(String text) {
        if (text == null || text.isBlank()) {
            return "no detail";
        }
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() <= MAX_DETAIL_LENGTH ? line
                : line.substring(0, MAX_DETAIL_LENGTH - 1) + "\u2026";
    }
}
