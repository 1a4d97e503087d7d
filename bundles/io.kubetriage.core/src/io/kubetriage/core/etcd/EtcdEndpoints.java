package io.kubetriage.core.etcd;

import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Where and how to reach the etcd members of a cluster, as etcdctl 3.x would be told with
 * {@code --endpoints}, {@code --cacert}, {@code --cert}, {@code --key}, {@code --user},
 * {@code --dial-timeout} and {@code --insecure-skip-tls-verify}.
 *
 * <p>Holds no secret: {@code user} is the user name only, the password is handed over separately
 * when connecting, so this value can be shown, logged and stored in preferences.
 *
 * @param endpoints             the members' client URLs, {@code http://} or {@code https://}
 *                              with host and port; at least one
 * @param caCert                CA bundle to verify the servers with, or null for the system's
 * @param cert                  client certificate, or null; given together with {@code key}
 * @param key                   client private key, or null; given together with {@code cert}
 * @param user                  user name for etcd authentication, or null
 * @param dialTimeout           how long to wait for a connection; null means
 *                              {@link #DEFAULT_DIAL_TIMEOUT}
 * @param insecureSkipTlsVerify whether to accept any server certificate
 */
public record EtcdEndpoints(
        List<URI> endpoints,
        Path caCert,
        Path cert,
        Path key,
        String user,
        Duration dialTimeout,
        boolean insecureSkipTlsVerify) {

    /** etcdctl's default {@code --dial-timeout}. */
    public static final Duration DEFAULT_DIAL_TIMEOUT = Duration.ofSeconds(5);

    /** A bound well beyond any sensible dial timeout, so typos like {@code 5h} are caught. */
    public static final Duration MAX_DIAL_TIMEOUT = Duration.ofDays(1);

    private static final String ENDPOINT = "endpoint";
    private static final String CACERT = "cacert";
    private static final String CERT = "cert";
    private static final String KEY = "key";
    private static final String USER = "user";
    private static final String DIAL_TIMEOUT = "dial-timeout";
    private static final String INSECURE_SKIP_TLS_VERIFY = "insecure-skip-tls-verify";

    public EtcdEndpoints {
        if (endpoints == null || endpoints.isEmpty()) {
            throw new IllegalArgumentException("at least one etcd endpoint is needed");
        }
        endpoints = List.copyOf(endpoints);
        endpoints.forEach(EtcdEndpoints::requireValidEndpoint);
        if ((cert == null) != (key == null)) {
            throw new IllegalArgumentException(cert == null
                    ? "a client key was given without a client certificate (--cert)"
                    : "a client certificate was given without its key (--key)");
        }
        if (user != null) {
            if (user.isEmpty()) {
                throw new IllegalArgumentException("the etcd user name is empty");
            }
            if (user.contains(":")) {
                throw new IllegalArgumentException(
                        "the etcd user must be a name only; the password is passed separately");
            }
        }
        if (dialTimeout == null) {
            dialTimeout = DEFAULT_DIAL_TIMEOUT;
        }
        if (dialTimeout.isNegative() || dialTimeout.isZero()) {
            throw new IllegalArgumentException("the dial timeout must be positive, not "
                    + GoDuration.format(dialTimeout));
        }
        if (dialTimeout.compareTo(MAX_DIAL_TIMEOUT) > 0) {
            throw new IllegalArgumentException("the dial timeout of " + GoDuration.format(dialTimeout)
                    + " is longer than the limit of " + GoDuration.format(MAX_DIAL_TIMEOUT));
        }
    }

    /** etcdctl's default: a plain-text connection to a member on this machine. */
    public static EtcdEndpoints localDefault() {
        return new EtcdEndpoints(List.of(URI.create("http://127.0.0.1:2379")), null, null, null,
                null, null, false);
    }

    /** Whether any endpoint is reached over TLS. */
    public boolean usesTls() {
        return endpoints.stream().anyMatch(u -> "https".equalsIgnoreCase(u.getScheme()));
    }

    /**
     * The etcdctl options that select these endpoints, for showing the user an equivalent
     * command. No password is included: etcdctl asks for it when {@code --user} has none.
     */
    public List<String> toEtcdctlArgs() {
        List<String> args = new ArrayList<>();
        args.add("--endpoints=" + endpoints.stream().map(URI::toString).collect(Collectors.joining(",")));
        if (caCert != null) {
            args.add("--cacert=" + caCert);
        }
        if (cert != null) {
            args.add("--cert=" + cert);
            args.add("--key=" + key);
        }
        if (user != null) {
            args.add("--user=" + user);
        }
        if (!dialTimeout.equals(DEFAULT_DIAL_TIMEOUT)) {
            args.add("--dial-timeout=" + GoDuration.format(dialTimeout));
        }
        if (insecureSkipTlsVerify) {
            args.add("--insecure-skip-tls-verify");
        }
        return List.copyOf(args);
    }

    /** A one-line summary for display, without secrets. */
    public String describe() {
        StringBuilder s = new StringBuilder(
                endpoints.stream().map(URI::toString).collect(Collectors.joining(", ")));
        List<String> details = new ArrayList<>();
        if (cert != null) {
            details.add("client certificate " + cert);
        }
        if (caCert != null) {
            details.add("CA " + caCert);
        }
        if (insecureSkipTlsVerify) {
            details.add("server certificate not verified");
        }
        if (user != null) {
            details.add("user " + user);
        }
        if (!dialTimeout.equals(DEFAULT_DIAL_TIMEOUT)) {
            details.add("dial timeout " + GoDuration.format(dialTimeout));
        }
        if (!details.isEmpty()) {
            s.append(" (").append(String.join(", ", details)).append(')');
        }
        return s.toString();
    }

    /**
     * These settings as one string for a preference store; read back with
     * {@link #fromPreferenceString(String)}.
     */
    public String toPreferenceString() {
        PreferenceLines lines = new PreferenceLines();
        endpoints.forEach(e -> lines.add(ENDPOINT, e.toString()));
        if (caCert != null) {
            lines.add(CACERT, caCert.toString());
        }
        if (cert != null) {
            lines.add(CERT, cert.toString());
            lines.add(KEY, key.toString());
        }
        if (user != null) {
            lines.add(USER, user);
        }
        lines.add(DIAL_TIMEOUT, GoDuration.format(dialTimeout));
        lines.add(INSECURE_SKIP_TLS_VERIFY, Boolean.toString(insecureSkipTlsVerify));
        return lines.toString();
    }

    /**
     * Reads a string written by {@link #toPreferenceString()}. Unknown keys are skipped so that
     * settings written by a newer version still load.
     *
     * @throws IllegalArgumentException when the string is damaged or the settings are invalid
     */
    public static EtcdEndpoints fromPreferenceString(String text) {
        Objects.requireNonNull(text, "text");
        List<URI> endpoints = new ArrayList<>();
        Path caCert = null;
        Path cert = null;
        Path key = null;
        String user = null;
        Duration dialTimeout = null;
        boolean insecure = false;
        for (PreferenceLines.Line line : PreferenceLines.read(text)) {
            String value = line.value();
            switch (line.key()) {
                case ENDPOINT -> endpoints.add(EtcdEndpointsParser.parseEndpoint(value, false));
                case CACERT -> caCert = path(value, CACERT);
                case CERT -> cert = path(value, CERT);
                case KEY -> key = path(value, KEY);
                case USER -> user = value;
                case DIAL_TIMEOUT -> dialTimeout = GoDuration.parse(value);
                case INSECURE_SKIP_TLS_VERIFY -> insecure = EtcdEndpointsParser.parseBoolean(value,
                        INSECURE_SKIP_TLS_VERIFY);
                default -> {
                    // Written by a newer version; ignore.
                }
            }
        }
        return new EtcdEndpoints(endpoints, caCert, cert, key, user, dialTimeout, insecure);
    }

    static Path path(String value, String option) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException("--" + option + " is empty");
        }
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("--" + option + " '" + value + "' is not a valid path: "
                    + e.getReason(), e);
        }
    }

    private static void requireValidEndpoint(URI uri) {
        Objects.requireNonNull(uri, "endpoint");
        String problem = null;
        if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
            problem = "must start with http:// or https://";
        } else if (uri.getRawUserInfo() != null) {
            problem = "must not hold a user name or password; give the user with --user";
        } else if (uri.getHost() == null) {
            problem = "has no valid host name";
        } else if (uri.getPort() < 0) {
            problem = "has no port (etcd usually listens on 2379)";
        } else if (uri.getRawQuery() != null || uri.getRawFragment() != null
                || (uri.getRawPath() != null && !uri.getRawPath().isEmpty()
                        && !uri.getRawPath().equals("/"))) {
            problem = "must be only scheme, host and port, like https://10.0.0.1:2379";
        }
        if (problem != null) {
            throw new IllegalArgumentException("etcd endpoint '" + redact(uri) + "' " + problem);
        }
    }

    // Keeps a password typed into a URL by mistake out of error messages.
    private static String redact(URI uri) {
        return uri.getRawUserInfo() == null ? uri.toString()
                : uri.toString().replace(uri.getRawUserInfo() + "@", "***@");
    }
}
