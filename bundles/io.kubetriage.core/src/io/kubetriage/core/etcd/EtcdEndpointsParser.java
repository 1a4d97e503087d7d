package io.kubetriage.core.etcd;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reads etcd connection settings the way etcdctl 3.x does: from its command-line options, and for
 * each option not given there, from the matching {@code ETCDCTL_*} environment variable.
 *
 * <p>An endpoint written without a scheme ({@code 10.0.0.1:2379}) is reached over TLS when a CA
 * certificate, client certificate or key is given, and in plain text otherwise; this is what
 * etcdctl does. The default endpoint {@code 127.0.0.1:2379} follows the same rule.
 *
 * <p>Environment variables that are set but empty count as not set.
 */
public final class EtcdEndpointsParser {

    static final String ENDPOINTS = "endpoints";
    static final String CACERT = "cacert";
    static final String CERT = "cert";
    static final String KEY = "key";
    static final String USER = "user";
    static final String PASSWORD = "password";
    static final String DIAL_TIMEOUT = "dial-timeout";
    static final String INSECURE_SKIP_TLS_VERIFY = "insecure-skip-tls-verify";

    private static final Set<String> OPTIONS = Set.of(ENDPOINTS, CACERT, CERT, KEY, USER,
            PASSWORD, DIAL_TIMEOUT, INSECURE_SKIP_TLS_VERIFY);

    private static final String DEFAULT_ENDPOINT = "127.0.0.1:2379";

    private EtcdEndpointsParser() {
    }

    /**
     * @param flags etcdctl options by name, with or without the leading {@code --}; a boolean
     *              option given without a value maps to {@code ""}
     * @param env   the environment; only {@code ETCDCTL_*} variables are read
     * @throws IllegalArgumentException for an unknown option, a bad endpoint URL, a certificate
     *                                  without its key or a key without its certificate, or a
     *                                  bad duration or boolean
     */
    public static EtcdEndpoints parse(Map<String, String> flags, Map<String, String> env) {
        Map<String, String> options = merge(flags, env);
        var caCert = Optional.ofNullable(options.get(CACERT)).map(v -> EtcdEndpoints.path(v, CACERT));
        var cert = Optional.ofNullable(options.get(CERT)).map(v -> EtcdEndpoints.path(v, CERT));
        var key = Optional.ofNullable(options.get(KEY)).map(v -> EtcdEndpoints.path(v, KEY));
        boolean tlsFilesGiven = caCert.isPresent() || cert.isPresent() || key.isPresent();

        String endpointList = options.getOrDefault(ENDPOINTS, DEFAULT_ENDPOINT);
        Set<URI> endpoints = new LinkedHashSet<>();
        for (String entry : endpointList.split(",")) {
            if (!entry.isBlank()) {
                endpoints.add(parseEndpoint(entry.strip(), tlsFilesGiven));
            }
        }
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("--endpoints names no endpoint");
        }

        Duration dialTimeout = null;
        if (options.containsKey(DIAL_TIMEOUT)) {
            try {
                dialTimeout = GoDuration.parse(options.get(DIAL_TIMEOUT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--dial-timeout: " + e.getMessage(), e);
            }
        }
        boolean insecure = options.containsKey(INSECURE_SKIP_TLS_VERIFY)
                && parseBoolean(options.get(INSECURE_SKIP_TLS_VERIFY), INSECURE_SKIP_TLS_VERIFY);

        return new EtcdEndpoints(endpoints.stream().toList(), caCert.orElse(null),
                cert.orElse(null), key.orElse(null), userName(options).orElse(null), dialTimeout,
                insecure);
    }

    /**
     * The etcd password, from {@code --password} or the part of {@code --user} after the first
     * {@code :} (or their {@code ETCDCTL_*} variables). It is kept apart from
     * {@link EtcdEndpoints} so that it is never shown or stored with the other settings.
     *
     * @throws IllegalArgumentException when both {@code --user name:password} and
     *                                  {@code --password} give one
     */
    public static Optional<String> password(Map<String, String> flags, Map<String, String> env) {
        Map<String, String> options = merge(flags, env);
        String user = options.get(USER);
        String inUser = user != null && user.contains(":") ? user.substring(user.indexOf(':') + 1) : null;
        String separate = options.get(PASSWORD);
        if (inUser != null && separate != null) {
            throw new IllegalArgumentException(
                    "give the etcd password either in --user name:password or in --password, not both");
        }
        return Optional.ofNullable(inUser != null ? inUser : separate);
    }

    /**
     * An endpoint URL, normalized to {@code scheme://host:port}.
     *
     * @param tls the scheme to assume when none is written
     */
    static URI parseEndpoint(String text, boolean tls) {
        String withScheme = text.contains("://") ? text : (tls ? "https://" : "http://") + text;
        URI uri;
        try {
            uri = new URI(withScheme);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("etcd endpoint '" + text + "' is not a valid URL: "
                    + e.getReason(), e);
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("etcd endpoint '" + text
                    + "' must start with http:// or https://");
        }
        if (uri.getRawUserInfo() != null || uri.getHost() == null || uri.getPort() < 0) {
            // Let the record give the precise reason.
            return uri;
        }
        try {
            URI normalized = new URI(scheme, null, uri.getHost(), uri.getPort(), null, null, null);
            boolean onlyRoot = uri.getRawPath() == null || uri.getRawPath().isEmpty()
                    || uri.getRawPath().equals("/");
            return onlyRoot && uri.getRawQuery() == null && uri.getRawFragment() == null
                    ? normalized : uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("etcd endpoint '" + text + "' is not a valid URL: "
                    + e.getReason(), e);
        }
    }

    /** Booleans as Go's {@code strconv.ParseBool} reads them; an empty value means true. */
    static boolean parseBoolean(String value, String option) {
        return switch (value) {
            case "", "1", "t", "T", "true", "TRUE", "True" -> true;
            case "0", "f", "F", "false", "FALSE", "False" -> false;
            default -> throw new IllegalArgumentException(
                    "--" + option + " must be true or false, not '" + value + "'");
        };
    }

    private static Optional<String> userName(Map<String, String> options) {
        String user = options.get(USER);
        if (user == null) {
            return Optional.empty();
        }
        String name = user.contains(":") ? user.substring(0, user.indexOf(':')) : user;
        if (name.isEmpty()) {
            throw new IllegalArgumentException("--user has no user name before the ':'");
        }
        return Optional.of(name);
    }

    /** The options from the flags, completed from the environment. */
    private static Map<String, String> merge(Map<String, String> flags, Map<String, String> env) {
        Objects.requireNonNull(flags, "flags");
        Objects.requireNonNull(env, "env");
        Map<String, String> options = new LinkedHashMap<>();
        for (Map.Entry<String, String> flag : flags.entrySet()) {
            String name = flag.getKey().startsWith("--") ? flag.getKey().substring(2) : flag.getKey();
            if (!OPTIONS.contains(name)) {
                throw new IllegalArgumentException("unsupported etcd option --" + name
                        + "; supported are --endpoints, --cacert, --cert, --key, --user, --password,"
                        + " --dial-timeout and --insecure-skip-tls-verify");
            }
            if (options.put(name, Objects.requireNonNull(flag.getValue(), name)) != null) {
                throw new IllegalArgumentException("option --" + name + " is given twice");
            }
        }
        for (String name : OPTIONS) {
            String value = env.get(envName(name));
            if (value != null && !value.isEmpty()) {
                options.putIfAbsent(name, value);
            }
        }
        return options;
    }

    /** The environment variable etcdctl reads for an option, e.g. {@code ETCDCTL_DIAL_TIMEOUT}. */
    static String envName(String option) {
        return "ETCDCTL_" + option.toUpperCase(Locale.ROOT).replace('-', '_');
    }
}
