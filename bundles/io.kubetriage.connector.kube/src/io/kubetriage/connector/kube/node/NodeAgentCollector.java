package io.kubetriage.connector.kube.node;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.ExecListener;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.kubetriage.connector.kube.ClusterConnectException;
import io.kubetriage.connector.kube.KubeClientFactory;
import io.kubetriage.core.kubeconfig.KubeContext;
import io.kubetriage.core.node.section.NodeData;
import io.kubetriage.core.node.section.NodeFiles;
import io.kubetriage.core.node.section.NodeFiles.Status;
import io.kubetriage.core.node.section.NodePaths;

/**
 * Collects node data (docs/node-data.md) from the nodes of a cluster through short-lived agent
 * Pods ({@link NodeAgentSpec}), one node after the other: create the Pod, wait until it runs, run
 * each command in it through exec, read the CNI and static Pod files, delete the Pod. The Pod is
 * deleted whatever happens (failure, timeout, cancel); a Pod that cannot be deleted is reported by
 * name in {@link NodeCollection#undeletedPods()}, and ends by itself anyway (its deadline).
 *
 * <p>Nothing is created unless the user confirmed it ({@link NodeCollectOptions#confirmed()}) and
 * read-only mode is off ({@link NodeCollectOptions#readOnly()}): the collector refuses before it
 * connects.
 *
 * <p>A node that fails (its Pod cannot be created or does not run in time) does not stop the
 * collection; its status says why. A command that fails (not in the agent image, non-zero exit,
 * too slow) leaves no file and has its status. The kube-proxy ConfigMap is read from the API.
 *
 * <p>Progress has one step per node. Cancelling the monitor closes the running exec, deletes the
 * Pod and returns what was collected, the nodes not done marked {@code CANCELLED}; REST requests
 * already sent finish first (each is bounded by the request timeout).
 *
 * <p>Instances hold no state between collections and may be shared between threads.
 */
public final class NodeAgentCollector {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** The most output kept from one command: 256 MiB. */
    public static final int MAX_OUTPUT_BYTES = 256 << 20;
    /** The step that reads the CNI and static Pod files, in the Pod's exec command. */
    public static final String FILES_STEP = "files";
    /** Marks each exec command with its step, which also shows in the API server's audit log. */
    public static final String STEP_MARK = "# kubetriage: ";

    private static final long POLL_MILLIS = 50;
    private static final long RUNNING_POLL_MILLIS = 200;
    private static final int MAX_ERR_BYTES = 64 << 10;
    private static final int MAX_REASON = 500;
    private static final int NODE_TICKS = 10;
    private static final Set<String> FATAL_WAITING = Set.of("ErrImageNeverPull", "ImagePullBackOff",
            "InvalidImageName", "CreateContainerConfigError", "CreateContainerError");
    private static final Pattern PROXY_MODE = Pattern.compile("(?m)^mode:[ \\t]*[\"']?([A-Za-z]*)[\"']?[ \\t]*$");

    private final KubeClientFactory clients;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final RandomGenerator random = new SecureRandom();

    /** A collector with the default timeouts. */
    public NodeAgentCollector() {
        this(new KubeClientFactory(), DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT);
    }

    public NodeAgentCollector(KubeClientFactory clients, Duration connectTimeout, Duration requestTimeout) {
        this.clients = Objects.requireNonNull(clients, "clients");
        this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
    }

    /**
     * Collects node data from the nodes of a context's cluster.
     *
     * @param ctx     the context to connect to
     * @param options which nodes, where and how
     * @param monitor progress and cancellation; may be null
     * @throws NodeAgentConsentRequiredException when {@code options} are not confirmed; nothing was
     *                                           created
     * @throws NodeAgentRefusedException         in read-only mode; nothing was created
     * @throws ClusterConnectException           when the context cannot be used, or the nodes
     *                                           cannot be listed
     */
    public NodeCollection collect(KubeContext ctx, NodeCollectOptions options, IProgressMonitor monitor)
            throws NodeAgentRefusedException, ClusterConnectException {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(options, "options");
        if (options.readOnly()) {
            throw new NodeAgentRefusedException("read-only mode: collecting node data needs a privileged Pod on "
                    + "each node, and read-only mode creates no Pod");
        }
        if (!options.confirmed()) {
            throw new NodeAgentConsentRequiredException("collecting node data creates a privileged Pod (host "
                    + "network, host PID, image " + options.image() + ") in namespace " + options.namespace()
                    + " on each node of " + ctx.name() + ", and deletes it when done; confirm to go on");
        }
        SubMonitor progress = SubMonitor.convert(monitor, "Collecting node data from " + ctx.name(), 100);
        KubernetesClient client = clients.open(ctx, connectTimeout, requestTimeout);
        try {
            return new Collection(client, ctx, options).run(progress);
        } finally {
            try {
                client.close();
            } catch (RuntimeException e) {
                // best effort: the result is decided
            }
        }
    }

    /** The user cancelled. */
    private static final class Cancelled extends Exception {
        private static final long serialVersionUID = 1L;
    }

    /** One exec's outcome. */
    private record ExecResult(Status status, byte[] out) {
    }

    /** One collection: the client, the options and what has been collected so far. */
    private final class Collection {

        private final KubernetesClient client;
        private final KubeContext ctx;
        private final NodeCollectOptions options;
        private final String serverUrl;
        private final List<String> undeleted = new ArrayList<>();

        Collection(KubernetesClient client, KubeContext ctx, NodeCollectOptions options) {
            this.client = client;
            this.ctx = ctx;
            this.options = options;
            this.serverUrl = client.getConfiguration().getMasterUrl();
        }

        NodeCollection run(SubMonitor progress) throws ClusterConnectException {
            progress.subTask("Listing nodes");
            Map<String, Status> nodes = nodes();
            progress.worked(2);

            String configMap = null;
            String mode = null;
            String problem = null;
            progress.subTask("Reading the kube-proxy ConfigMap");
            try {
                ConfigMap cm = client.configMaps().inNamespace("kube-system").withName("kube-proxy").get();
                if (cm == null) {
                    problem = "kube-system/kube-proxy ConfigMap not found (is kube-proxy replaced?)";
                } else {
                    cm.getMetadata().setManagedFields(null);
                    configMap = client.getKubernetesSerialization().asYaml(cm);
                    String conf = cm.getData() == null ? null : cm.getData().get("config.conf");
                    Matcher m = conf == null ? null : PROXY_MODE.matcher(conf);
                    mode = m != null && m.find() ? m.group(1) : "";
                }
            } catch (KubernetesClientException e) {
                problem = "cannot read kube-system/kube-proxy ConfigMap: "
                        + ClusterConnectException.classify(e, serverUrl).getMessage();
            }
            progress.worked(2);

            SubMonitor perNode = progress.setWorkRemaining(Math.max(1, nodes.size()) * NODE_TICKS);
            List<NodeFiles> results = new ArrayList<>();
            boolean cancelled = false;
            for (Map.Entry<String, Status> node : nodes.entrySet()) {
                SubMonitor step = perNode.newChild(NODE_TICKS); // not split: it would throw on cancel
                if (cancelled || progress.isCanceled()) {
                    cancelled = true;
                    results.add(NodeFiles.failed(node.getKey(), Status.cancelled("cancelled before the node")));
                } else if (!node.getValue().ok()) {
                    results.add(NodeFiles.failed(node.getKey(), node.getValue()));
                } else {
                    NodeFiles files = collectNode(node.getKey(), step, progress);
                    cancelled = files.status().state() == NodeFiles.State.CANCELLED;
                    results.add(files);
                }
            }
            return new NodeCollection(new NodeData(results, configMap), mode, problem, undeleted, cancelled);
        }

        /** The nodes to visit, each with OK or why it cannot be visited. */
        private Map<String, Status> nodes() throws ClusterConnectException {
            Map<String, Status> nodes = new LinkedHashMap<>();
            try {
                if (options.nodes().isEmpty()) {
                    TreeMap<String, Status> sorted = new TreeMap<>();
                    for (Node n : client.nodes().list().getItems()) {
                        sorted.put(n.getMetadata().getName(), usable(n));
                    }
                    nodes.putAll(sorted);
                } else {
                    for (String name : options.nodes()) {
                        String problem = NodePaths.nodeNameProblem(name);
                        Node n = problem == null ? client.nodes().withName(name).get() : null;
                        nodes.put(name, problem != null ? Status.failed(problem)
                                : n == null ? Status.failed("no node of that name") : usable(n));
                    }
                }
            } catch (KubernetesClientException e) {
                throw ClusterConnectException.classify(e, serverUrl);
            }
            return nodes;
        }

        private static Status usable(Node n) {
            String os = n.getMetadata().getLabels() == null ? null
                    : n.getMetadata().getLabels().get("kubernetes.io/os");
            return "windows".equals(os) ? Status.failed("a Windows node: the agent runs on Linux nodes only")
                    : Status.OK;
        }

        private NodeFiles collectNode(String node, SubMonitor step, IProgressMonitor cancel) {
            String ns = options.namespace();
            String name = NodeAgentSpec.podName(node, random);
            String pod = ns + "/" + name;
            Map<String, String> files = new LinkedHashMap<>();
            Map<String, Status> commands = new LinkedHashMap<>();
            Status status = Status.OK;
            step.setWorkRemaining(2 + NodePaths.COMMAND_FILES.size() + 1);
            step.subTask(node + ": starting the agent Pod " + pod);
            boolean mayExist = false;
            try {
                try {
                    mayExist = true;
                    client.pods().inNamespace(ns).resource(NodeAgentSpec.pod(node, name, options)).create();
                } catch (KubernetesClientException e) {
                    // an answer from the server means the Pod was not created
                    mayExist = e.getCode() <= 0;
                    return NodeFiles.failed(node, Status.failed("cannot create the agent Pod " + pod + ": "
                            + ClusterConnectException.classify(e, serverUrl).getMessage()));
                }
                step.worked(1);
                Status running = awaitRunning(ns, name, cancel);
                step.worked(1);
                if (!running.ok()) {
                    return NodeFiles.failed(node, running);
                }
                for (String file : NodePaths.COMMAND_FILES) {
                    step.subTask(node + ": " + file.replace(".txt", ""));
                    ExecResult r = exec(ns, name, file, script(file), cancel);
                    commands.put(file, r.status());
                    if (r.status().ok()) {
                        files.put(file, new String(r.out(), StandardCharsets.UTF_8));
                    }
                    step.worked(1);
                }
                step.subTask(node + ": reading " + NodeAgentSpec.HOST_CNI + " and " + NodeAgentSpec.HOST_MANIFESTS);
                ExecResult r = exec(ns, name, FILES_STEP, filesScript(), cancel);
                if (r.status().ok()) {
                    FileListing.parse(r.out(), files, commands);
                } else {
                    NodePaths.FILE_DIRS.forEach(d -> commands.put(d, r.status()));
                }
                step.worked(1);
            } catch (Cancelled e) {
                status = Status.cancelled("cancelled while collecting");
            } catch (KubernetesClientException e) {
                status = Status.failed("agent Pod " + pod + ": "
                        + ClusterConnectException.classify(e, serverUrl).getMessage());
            } finally {
                if (mayExist) {
                    step.subTask(node + ": deleting the agent Pod " + pod);
                    delete(ns, name);
                }
            }
            return new NodeFiles(node, files, commands, status);
        }

        /** Waits until the Pod runs; its status says why not. */
        private Status awaitRunning(String ns, String name, IProgressMonitor cancel) throws Cancelled {
            long deadline = System.nanoTime() + options.perNodeTimeout().toNanos();
            String last = "not seen yet";
            while (true) {
                if (cancel.isCanceled()) {
                    throw new Cancelled();
                }
                Pod pod = client.pods().inNamespace(ns).withName(name).get();
                if (pod == null) {
                    return Status.failed("the agent Pod " + ns + "/" + name + " was deleted before it ran");
                }
                String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
                if ("Running".equals(phase)) {
                    return Status.OK;
                }
                last = describe(pod);
                if ("Failed".equals(phase) || "Succeeded".equals(phase) || fatal(pod)) {
                    return Status.failed("the agent Pod " + ns + "/" + name + " cannot run: " + last);
                }
                if (System.nanoTime() - deadline > 0) {
                    return Status.timedOut("the agent Pod " + ns + "/" + name + " did not run within "
                            + seconds(options.perNodeTimeout()) + " (" + last + ")");
                }
                sleep(RUNNING_POLL_MILLIS, cancel);
            }
        }

        private ExecResult exec(String ns, String name, String stepName, String script, IProgressMonitor cancel)
                throws Cancelled {
            LimitedOutput out = new LimitedOutput(MAX_OUTPUT_BYTES);
            LimitedOutput err = new LimitedOutput(MAX_ERR_BYTES);
            CompletableFuture<Void> closed = new CompletableFuture<>();
            ExecWatch watch;
            try {
                watch = client.pods().inNamespace(ns).withName(name).inContainer(NodeAgentSpec.CONTAINER)
                        .writingOutput(out).writingError(err)
                        .usingListener(new ExecListener() {
                            @Override
                            public void onFailure(Throwable t, Response failureResponse) {
                                closed.completeExceptionally(t);
                            }

                            @Override
                            public void onClose(int code, String reason) {
                                closed.complete(null);
                            }
                        })
                        .exec("sh", "-c", script);
            } catch (KubernetesClientException e) {
                return new ExecResult(Status.failed("exec refused: "
                        + ClusterConnectException.classify(e, serverUrl).getMessage()), null);
            }
            try {
                long deadline = System.nanoTime() + options.perCommandTimeout().toNanos();
                CompletableFuture<?> done = CompletableFuture.allOf(closed, watch.exitCode());
                while (true) {
                    if (cancel.isCanceled()) {
                        throw new Cancelled();
                    }
                    try {
                        done.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
                        break;
                    } catch (TimeoutException e) {
                        if (System.nanoTime() - deadline > 0) {
                            return new ExecResult(Status.timedOut(label(stepName) + " did not finish within "
                                    + seconds(options.perCommandTimeout())), null);
                        }
                    } catch (ExecutionException e) {
                        if (watch.exitCode().isDone() && !watch.exitCode().isCompletedExceptionally()) {
                            break; // the stream failed after the command ended
                        }
                        Throwable cause = e.getCause() == null ? e : e.getCause();
                        return new ExecResult(Status.failed(label(stepName) + ": exec failed: "
                                + ClusterConnectException.classify(cause, serverUrl).getMessage()), null);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new Cancelled();
                    }
                }
            } finally {
                watch.close();
            }
            Integer exit = watch.exitCode().getNow(null);
            String stderr = err.text().strip();
            if (out.overflowed()) {
                return new ExecResult(Status.failed(label(stepName) + " printed more than "
                        + (MAX_OUTPUT_BYTES >> 20) + " MiB"), null);
            }
            if (exit == null) {
                return new ExecResult(Status.failed(label(stepName) + " ended without an exit status"), null);
            }
            if (exit == 127) {
                return new ExecResult(Status.failed(label(stepName) + ": " + missingCommand(stepName)
                        + " not found in the agent image " + options.image()), null);
            }
            if (exit != 0) {
                return new ExecResult(Status.failed(label(stepName) + " exited with " + exit
                        + (stderr.isEmpty() ? "" : ": " + shorten(stderr))), null);
            }
            return new ExecResult(Status.OK, out.bytes());
        }

        private void delete(String ns, String name) {
            try {
                client.pods().inNamespace(ns).withName(name).withGracePeriod(0).delete();
            } catch (KubernetesClientException e) {
                undeleted.add(ns + "/" + name + ": " + ClusterConnectException.classify(e, serverUrl).getMessage()
                        + " (delete it with: kubectl -n " + ns + " delete pod " + name + ")");
            }
        }
    }

    /** The shell script of one command, marked with the file it fills. */
    static String script(String file) {
        String body = switch (file) {
            case NodePaths.IPTABLES_SAVE -> saveScript("iptables");
            case NodePaths.IP6TABLES_SAVE -> saveScript("ip6tables");
            case NodePaths.IPVSADM_LN -> require("ipvsadm") + "exec ipvsadm -Ln --exact\n";
            case NodePaths.IPVSADM_SAVE -> require("ipvsadm") + "exec ipvsadm --save -n\n";
            case NodePaths.IPSET_LIST -> require("ipset") + "exec ipset list\n";
            case NodePaths.IP_ADDR -> require("ip") + "exec ip -o addr show\n";
            default -> throw new IllegalArgumentException(file);
        };
        return STEP_MARK + file + "\n" + body;
    }

    /**
     * {@code iptables-save -c} from the back-end the node uses: when the image has both the legacy
     * and the nf_tables variant, the one that holds more rules.
     */
    private static String saveScript(String tool) {
        return """
                save=%1$s-save
                if command -v %1$s-legacy-save >/dev/null 2>&1 && command -v %1$s-nft-save >/dev/null 2>&1; then
                  l=$(%1$s-legacy-save 2>/dev/null | grep -c '^-A'); n=$(%1$s-nft-save 2>/dev/null | grep -c '^-A')
                  if [ "${l:-0}" -gt "${n:-0}" ]; then save=%1$s-legacy-save; else save=%1$s-nft-save; fi
                fi
                command -v "$save" >/dev/null 2>&1 || { echo "$save: not found" >&2; exit 127; }
                exec "$save" -c
                """.formatted(tool);
    }

    private static String require(String command) {
        return "command -v " + command + " >/dev/null 2>&1 || { echo '" + command + ": not found' >&2; exit 127; }\n";
    }

    /**
     * Prints each regular file of the mounted folders as {@code KTFILE <dir> <size> <name>}, a line
     * end, then its bytes; each folder first as {@code KTDIR <dir> ok|missing}. Files are copied
     * first so that the size printed is the size of the bytes that follow.
     */
    static String filesScript() {
        return STEP_MARK + FILES_STEP + "\n" + """
                t=$(mktemp) || exit 1
                for d in cni:%s manifests:%s; do
                  k=${d%%%%:*}; p=${d#*:}
                  if [ ! -d "$p" ]; then echo "KTDIR $k missing"; continue; fi
                  echo "KTDIR $k ok"
                  for f in "$p"/*; do
                    [ -f "$f" ] || continue
                    cat "$f" > "$t" 2>/dev/null || { echo "KTSKIP $k ${f##*/}"; continue; }
                    printf 'KTFILE %%s %%s %%s\\n' "$k" "$(wc -c < "$t" | tr -d ' ')" "${f##*/}"
                    cat "$t"
                  done
                done
                rm -f "$t"
                """.formatted(NodeAgentSpec.HOST_ROOT + NodeAgentSpec.HOST_CNI,
                NodeAgentSpec.HOST_ROOT + NodeAgentSpec.HOST_MANIFESTS);
    }

    /** Reads the output of {@link #filesScript()}. */
    static final class FileListing {

        private FileListing() {
        }

        static void parse(byte[] out, Map<String, String> files, Map<String, Status> commands) {
            Map<String, List<String>> leftOut = new LinkedHashMap<>();
            int i = 0;
            try {
                while (i < out.length) {
                    int eol = indexOf(out, (byte) '\n', i);
                    if (eol < 0) {
                        throw new IllegalStateException("unterminated line");
                    }
                    String line = new String(out, i, eol - i, StandardCharsets.UTF_8);
                    i = eol + 1;
                    String[] parts = line.split(" ", 4);
                    if (parts[0].equals("KTDIR") && parts.length == 3) {
                        commands.put(parts[1], parts[2].equals("ok") ? Status.OK
                                : Status.failed(hostDir(parts[1]) + " does not exist on the node"));
                    } else if (parts[0].equals("KTSKIP") && parts.length >= 3) {
                        leftOut.computeIfAbsent(parts[1], k -> new ArrayList<>())
                                .add(line.substring(("KTSKIP " + parts[1] + " ").length()) + " (unreadable)");
                    } else if (parts[0].equals("KTFILE") && parts.length == 4) {
                        int size = Integer.parseInt(parts[2]);
                        if (size < 0 || i + size > out.length) {
                            throw new IllegalStateException("file " + parts[3] + " is cut short");
                        }
                        byte[] bytes = java.util.Arrays.copyOfRange(out, i, i + size);
                        i += size;
                        String problem = NodePaths.fileNameProblem(parts[3]);
                        String text = problem == null ? utf8(bytes) : null;
                        if (problem != null) {
                            leftOut.computeIfAbsent(parts[1], k -> new ArrayList<>()).add(problem);
                        } else if (text == null) {
                            leftOut.computeIfAbsent(parts[1], k -> new ArrayList<>())
                                    .add(parts[3] + " (not UTF-8 text)");
                        } else {
                            files.put(parts[1] + "/" + parts[3], text);
                        }
                    } else {
                        throw new IllegalStateException("unexpected line '" + shorten(line) + "'");
                    }
                }
            } catch (RuntimeException e) {
                Status bad = Status.failed("cannot read the listing of the files: " + e.getMessage());
                NodePaths.FILE_DIRS.forEach(d -> commands.putIfAbsent(d, bad));
                for (String d : NodePaths.FILE_DIRS) {
                    if (commands.get(d).ok()) {
                        commands.put(d, bad);
                    }
                }
                return;
            }
            leftOut.forEach((dir, names) -> commands.put(dir,
                    Status.failed("left out: " + String.join(", ", names))));
        }

        private static String hostDir(String dir) {
            return dir.equals(NodePaths.CNI_DIR) ? NodeAgentSpec.HOST_CNI : NodeAgentSpec.HOST_MANIFESTS;
        }

        private static int indexOf(byte[] b, byte x, int from) {
            for (int j = from; j < b.length; j++) {
                if (b[j] == x) {
                    return j;
                }
            }
            return -1;
        }

        private static String utf8(byte[] bytes) {
            try {
                return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            } catch (java.nio.charset.CharacterCodingException e) {
                return null;
            }
        }
    }

    private static String label(String step) {
        return step.equals(FILES_STEP) ? "reading the files" : step.replace(".txt", "");
    }

    private static String missingCommand(String step) {
        return switch (step) {
            case NodePaths.IPTABLES_SAVE -> "iptables-save";
            case NodePaths.IP6TABLES_SAVE -> "ip6tables-save";
            case NodePaths.IPVSADM_LN, NodePaths.IPVSADM_SAVE -> "ipvsadm";
            case NodePaths.IPSET_LIST -> "ipset";
            case NodePaths.IP_ADDR -> "ip";
            default -> "a command";
        };
    }

    private static boolean fatal(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return false;
        }
        for (ContainerStatus cs : pod.getStatus().getContainerStatuses()) {
            if (cs.getState() != null && cs.getState().getWaiting() != null
                    && FATAL_WAITING.contains(cs.getState().getWaiting().getReason())) {
                return true;
            }
        }
        return false;
    }

    /** The Pod's phase and what holds it back: {@code Pending: ImagePullBackOff: ...}. */
    private static String describe(Pod pod) {
        if (pod.getStatus() == null) {
            return "no status yet";
        }
        StringBuilder b = new StringBuilder(pod.getStatus().getPhase() == null ? "Pending" : pod.getStatus().getPhase());
        if (pod.getStatus().getContainerStatuses() != null) {
            for (ContainerStatus cs : pod.getStatus().getContainerStatuses()) {
                if (cs.getState() != null && cs.getState().getWaiting() != null) {
                    b.append(": ").append(cs.getState().getWaiting().getReason());
                    if (cs.getState().getWaiting().getMessage() != null) {
                        b.append(": ").append(shorten(cs.getState().getWaiting().getMessage()));
                    }
                }
            }
        }
        if (pod.getStatus().getConditions() != null) {
            for (PodCondition c : pod.getStatus().getConditions()) {
                if ("False".equals(c.getStatus()) && c.getMessage() != null) {
                    b.append(": ").append(shorten(c.getMessage()));
                    break;
                }
            }
        }
        if (pod.getStatus().getMessage() != null) {
            b.append(": ").append(shorten(pod.getStatus().getMessage()));
        }
        return b.toString();
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    private static String shorten(String s) {
        String one = s.replaceAll("\\s+", " ").strip();
        return one.length() <= MAX_REASON ? one : one.substring(0, MAX_REASON) + "...";
    }

    private static void sleep(long millis, IProgressMonitor cancel) throws Cancelled {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() - end < 0) {
            if (cancel.isCanceled()) {
                throw new Cancelled();
            }
            try {
                Thread.sleep(Math.min(POLL_MILLIS, millis));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Cancelled();
            }
        }
    }

    /** Keeps up to a limit of bytes and notes whether more came. */
    private static final class LimitedOutput extends OutputStream {

        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final int limit;
        private boolean overflowed;

        LimitedOutput(int limit) {
            this.limit = limit;
        }

        @Override
        public synchronized void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            int room = limit - buffer.size();
            if (len > room) {
                overflowed = true;
            }
            buffer.write(b, off, Math.max(0, Math.min(len, room)));
        }

        synchronized boolean overflowed() {
            return overflowed;
        }

        synchronized byte[] bytes() {
            return buffer.toByteArray();
        }

        synchronized String text() {
            return buffer.toString(StandardCharsets.UTF_8);
        }
    }
}
