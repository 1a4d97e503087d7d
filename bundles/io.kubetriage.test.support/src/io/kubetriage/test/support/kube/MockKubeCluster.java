package io.kubetriage.test.support.kube;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.kubetriage.core.kubeconfig.KubeContext;

/**
 * fabric8's Kubernetes mock server in <b>CRUD mode</b> on a loopback port, standing in for an API
 * server: it keeps the objects created through it, serves GET, POST, PATCH and DELETE, and answers
 * a stale resourceVersion with 409. Expectations set on {@link #server()} are answered first (the
 * CRUD store does not honour {@code ?dryRun=All}, nor discovery). Every request is recorded before
 * it is answered. Gives a client with full access and writes kubeconfig files that reach the server.
 * <p>
 * The mock server bundle is an optional requirement of this bundle: a test bundle that uses this
 * class lists {@code io.kubetriage.lib.mockserver} among its pom dependencies and Require-Bundle.
 */
public final class MockKubeCluster implements AutoCloseable {

    /** The address the server listens on. */
    public static final String LOOPBACK = "127.0.0.1";
    /** The cluster's name in the kubeconfig files written. */
    public static final String CLUSTER = "mock-cluster";
    /** The user's name in the kubeconfig files written. */
    public static final String USER = "tester";

    /** A request as the server received it. */
    public record Request(String method, String path, String contentType, String body) {

        /** Whether the request asked for a dry run. */
        public boolean dryRun() {
            return path.contains("dryRun=All");
        }
    }

    private final KubernetesMockServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final NamespacedKubernetesClient admin;

    private MockKubeCluster(UnaryOperator<Dispatcher> front) throws IOException {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        Dispatcher crud = new KubernetesMixedDispatcher(responses) {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                byte[] body = request.getBody() == null ? new byte[0] : request.getBody().getBytes();
                requests.add(new Request(request.getMethod(), request.getPath(), request.getHeader("Content-Type"),
                        new String(body, StandardCharsets.UTF_8)));
                return super.dispatch(request);
            }
        };
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses, front.apply(crud), false);
        server.init(InetAddress.getByName(LOOPBACK), 0);
        admin = server.createClient(new JdkHttpClientFactory());
    }

    /** Starts an empty cluster. */
    public static MockKubeCluster start() throws IOException {
        return new MockKubeCluster(UnaryOperator.identity());
    }

    /**
     * Starts an empty cluster whose requests go first to a dispatcher of the test's (a fake kubelet,
     * say), which hands what it does not answer itself to the CRUD store it is given.
     */
    public static MockKubeCluster start(UnaryOperator<Dispatcher> front) throws IOException {
        return new MockKubeCluster(front);
    }

    /** The mock server, to set expectations and the version it reports. */
    public KubernetesMockServer server() {
        return server;
    }

    /** A client with full access, for setting up and checking the cluster's objects. */
    public NamespacedKubernetesClient admin() {
        return admin;
    }

    /** The server's URL, {@code http://127.0.0.1:<port>}. */
    public String url() {
        return "http://" + LOOPBACK + ":" + server.getPort();
    }

    /** The requests received so far, oldest first. */
    public List<Request> requests() {
        return requests;
    }

    /** The requests received so far that would change something (all but GETs). */
    public List<Request> changes() {
        return requests.stream().filter(r -> !r.method().equals("GET")).toList();
    }

    /** Forgets the requests received so far (those that set the cluster up, say). */
    public void clearRequests() {
        requests.clear();
    }

    /**
     * Writes a kubeconfig file that reaches this server through each of the contexts named, the
     * first being the current one.
     *
     * @return the file
     */
    public Path writeKubeconfig(Path file, String context, String... moreContexts) throws IOException {
        return writeKubeconfigForServer(file, url(), context, moreContexts);
    }

    /** The context of the given name in a kubeconfig file this cluster wrote. */
    public KubeContext context(Path kubeconfig, String name, String namespace) {
        return new KubeContext(name, CLUSTER, url(), USER, namespace, kubeconfig, null);
    }

    /**
     * Writes a kubeconfig file whose contexts all reach a server at the URL given (which need not
     * be a mock server), with a bearer token; the first context is the current one.
     *
     * @return the file
     */
    public static Path writeKubeconfigForServer(Path file, String serverUrl, String context, String... moreContexts)
            throws IOException {
        List<String> names = new ArrayList<>(List.of(context));
        names.addAll(List.of(moreContexts));
        StringBuilder contexts = new StringBuilder();
        for (String name : names) {
            contexts.append("""
                    - name: %s
                      context:
                        cluster: %s
                        user: %s
                    """.formatted(name, CLUSTER, USER));
        }
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                current-context: %s
                clusters:
                - name: %s
                  cluster:
                    server: %s
                contexts:
                %susers:
                - name: %s
                  user:
                    token: t0ken
                """.formatted(context, CLUSTER, serverUrl, contexts, USER), StandardCharsets.UTF_8);
        return file;
    }

    /** Closes the client and stops the server. */
    @Override
    public void close() {
        admin.close();
        server.destroy();
    }
}
