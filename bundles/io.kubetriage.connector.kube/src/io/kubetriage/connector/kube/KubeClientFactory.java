package io.kubetriage.connector.kube;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.Cluster;
import io.fabric8.kubernetes.api.model.ExecConfig;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.kubetriage.connector.kube.ClusterConnectException.Reason;
import io.kubetriage.core.kubeconfig.KubeContext;

/**
 * Opens Kubernetes clients for kubeconfig contexts.
 *
 * <p>The client is configured from the context's own kubeconfig file and nothing else: not
 * {@code ~/.kube/config}, not {@code KUBECONFIG}, not the {@code kubernetes.*} system properties
 * or environment variables, not a service account. The file is read once, here, and never written:
 * the configuration is built from its text, so the client has no file to refresh tokens from or to
 * store refreshed tokens into. Relative certificate, key and credential-plugin paths are resolved
 * against the file's folder, as kubectl does.
 *
 * <p>Credentials are resolved once, when the client is opened (a credential plugin named by
 * {@code exec} runs then). Clients are meant for one piece of work; open a new one for the next,
 * so that short-lived tokens are fetched again.
 *
 * <p>Failed requests are not retried: a triage tool should show a failure at once rather than hide
 * it behind back-off.
 *
 * <p>Instances hold no state and may be shared between threads.
 */
public final class KubeClientFactory {

    /**
     * Opens a client for a context. No request is sent; the first call on the client connects.
     *
     * @param ctx            the context to connect to
     * @param connectTimeout how long to wait for a TCP (and TLS) connection
     * @param requestTimeout how long to wait for the answer to one request
     * @return a client the caller must close
     * @throws ClusterConnectException with {@link Reason#BAD_KUBECONFIG} when the context has a
     *                                 problem, or its file cannot be read or does not define a
     *                                 usable context of that name
     */
    public KubernetesClient open(KubeContext ctx, Duration connectTimeout, Duration requestTimeout)
            throws ClusterConnectException {
        Config config = configFor(ctx, connectTimeout, requestTimeout);
        try {
            return new KubernetesClientBuilder()
                    .withConfig(config)
                    .withHttpClientFactory(new JdkHttpClientFactory())
                    .build();
        } catch (RuntimeException e) {
            // Building reads the CA and client certificates: a bad one is a kubeconfig problem.
            throw new ClusterConnectException(Reason.BAD_KUBECONFIG,
                    "cannot use the TLS settings of context '" + ctx.name() + "' in "
                            + ctx.sourceFile() + ": " + rootMessage(e),
                    e);
        }
    }

    /**
     * Builds the client configuration for a context, reading only its kubeconfig file.
     *
     * @see #open(KubeContext, Duration, Duration)
     */
    public Config configFor(KubeContext ctx, Duration connectTimeout, Duration requestTimeout)
            throws ClusterConnectException {
        Objects.requireNonNull(ctx, "ctx");
        int connectMillis = toMillis(connectTimeout, "connectTimeout");
        int requestMillis = toMillis(requestTimeout, "requestTimeout");
        if (ctx.problem() != null) {
            throw new ClusterConnectException(Reason.BAD_KUBECONFIG,
                    "context '" + ctx.name() + "': " + ctx.problem());
        }
        Path file = ctx.sourceFile().toAbsolutePath().normalize();
        io.fabric8.kubernetes.api.model.Config kubeconfig = parse(file, read(file));
        NamedContext named = find(kubeconfig.getContexts(), NamedContext::getName, ctx.name());
        if (named == null || named.getContext() == null) {
            throw new ClusterConnectException(Reason.BAD_KUBECONFIG,
                    "context '" + ctx.name() + "' is not defined in " + file);
        }
        String clusterName = named.getContext().getCluster();
        NamedCluster cluster = find(kubeconfig.getClusters(), NamedCluster::getName, clusterName);
        if (cluster == null || cluster.getCluster() == null) {
            throw new ClusterConnectException(Reason.BAD_KUBECONFIG,
                    "context '" + ctx.name() + "' names cluster '" + clusterName
                            + "', which is not defined in " + file);
        }
        String server = cluster.getCluster().getServer();
        if (server == null || server.isBlank()) {
            throw new ClusterConnectException(Reason.BAD_KUBECONFIG,
                    "cluster '" + clusterName + "' has no server in " + file);
        }
        resolveRelativePaths(kubeconfig, file.getParent());

        Config config = Config.empty();
        try {
            KubeConfigUtils.merge(config, ctx.name(), kubeconfig);
        } catch (RuntimeException e) {
            // e.g. a credential plugin that cannot be run, or a key in an unknown format
            throw new ClusterConnectException(Reason.BAD_KUBECONFIG,
                    "cannot use the credentials of context '" + ctx.name() + "' in " + file
                            + ": " + rootMessage(e),
                    e);
        }
        if (config.getCurrentContext() == null
                || !ctx.name().equals(config.getCurrentContext().getName())) {
            throw new ClusterConnectException(Reason.BAD_KUBECONFIG,
                    "context '" + ctx.name() + "' is not defined in " + file);
        }
        config.setAutoConfigure(false);
        config.setConnectionTimeout(connectMillis);
        config.setRequestTimeout(requestMillis);
        config.setRequestRetryBackoffLimit(0);
        return config;
    }

    private static String read(Path file) throws ClusterConnectException {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().decode(
                    ByteBuffer.wrap(Files.readAllBytes(file))).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (NoSuchFileException e) {
            throw new ClusterConnectException(Reason.BAD_KUBECONFIG, file + ": file not found", e);
        } catch (AccessDeniedException e) {
            throw new ClusterConnectException(Reason.BAD_KUBECONFIG, file + ": permission denied",
                    e);
        } catch (CharacterCodingException e) {
            throw new ClusterConnectException(Reason.BAD_KUBECONFIG, file + ": not UTF-8 text", e);
        } catch (IOException e) {
            throw new ClusterConnectException(Reason.BAD_KUBECONFIG,
                    file + ": cannot be read: " + rootMessage(e), e);
        }
    }

    private static io.fabric8.kubernetes.api.model.Config parse(Path file, String text)
            throws ClusterConnectException {
        if (text.isBlank()) {
            throw new ClusterConnectException(Reason.BAD_KUBECONFIG, file + ": the file is empty");
        }
        io.fabric8.kubernetes.api.model.Config parsed;
        try {
            parsed = KubeConfigUtils.parseConfigFromString(text);
        } catch (RuntimeException e) {
            throw new ClusterConnectException(Reason.BAD_KUBECONFIG,
                    file + ": not a kubeconfig file: " + rootMessage(e), e);
        }
        if (parsed == null) {
            throw new ClusterConnectException(Reason.BAD_KUBECONFIG,
                    file + ": not a kubeconfig file");
        }
        return parsed;
    }

    /**
     * Makes file paths absolute against the kubeconfig's folder; the parsed configuration no longer
     * knows which file it came from.
     */
    private static void resolveRelativePaths(io.fabric8.kubernetes.api.model.Config kubeconfig,
            Path folder) {
        if (kubeconfig.getClusters() != null) {
            for (NamedCluster named : kubeconfig.getClusters()) {
                Cluster cluster = named == null ? null : named.getCluster();
                if (cluster != null) {
                    cluster.setCertificateAuthority(
                            resolve(folder, cluster.getCertificateAuthority()));
                }
            }
        }
        if (kubeconfig.getUsers() != null) {
            for (NamedAuthInfo named : kubeconfig.getUsers()) {
                AuthInfo user = named == null ? null : named.getUser();
                if (user == null) {
                    continue;
                }
                user.setClientCertificate(resolve(folder, user.getClientCertificate()));
                user.setClientKey(resolve(folder, user.getClientKey()));
                ExecConfig exec = user.getExec();
                // Like kubectl: a command with a path separator is relative to the file's folder;
                // a bare command name is looked up on the PATH.
                if (exec != null && exec.getCommand() != null
                        && (exec.getCommand().contains("/")
                                || exec.getCommand().contains(File.separator))) {
                    exec.setCommand(resolve(folder, exec.getCommand()));
                }
            }
        }
    }

    private static String resolve(Path folder, String path) {
        if (path == null || path.isBlank() || folder == null) {
            return path;
        }
        Path p = Path.of(path);
        return p.isAbsolute() ? path : folder.resolve(p).normalize().toString();
    }

    private static <T> T find(List<T> items, Function<T, String> name,
            String wanted) {
        if (items == null || wanted == null) {
            return null;
        }
        for (T item : items) {
            if (item != null && wanted.equals(name.apply(item))) {
                return item;
            }
        }
        return null;
    }

    private static int toMillis(Duration timeout, String what) {
        Objects.requireNonNull(timeout, what);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(what + " must be positive: " + timeout);
        }
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
    }

    /** The innermost message of a failure, without parser location noise. */
    private static String rootMessage(Throwable e) {
        String message = null;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof NoSuchFileException missing) {
                return "file not found: " + missing.getFile();
            }
            if (t instanceof AccessDeniedException denied) {
                return "permission denied: " + denied.getFile();
            }
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
        }
        if (message == null) {
            return e.getClass().getSimpleName();
        }
        // The YAML/JSON parser appends where it was, e.g. " at [Source: ...; line: 1]".
        String plain = message.replaceFirst("\\s+at \\[(Source|No location).*$", "").strip();
        return plain.isEmpty() ? message : plain;
    }
}
