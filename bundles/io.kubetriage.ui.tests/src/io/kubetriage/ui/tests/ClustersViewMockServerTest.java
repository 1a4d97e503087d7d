package io.kubetriage.ui.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;

import org.eclipse.core.commands.ExecutionException;
import org.eclipse.core.commands.NotEnabledException;
import org.eclipse.core.commands.NotHandledException;
import org.eclipse.core.commands.common.NotDefinedException;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.IHandlerService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.kubetriage.core.cluster.ClusterDescriptor;
import io.kubetriage.core.etcd.EtcdEndpoints;
import io.kubetriage.test.support.FreePorts;
import io.kubetriage.test.support.etcd.EtcdServerExtension;
import io.kubetriage.test.support.ui.UiWait;
import io.kubetriage.test.support.ui.Widgets;
import io.kubetriage.ui.internal.KubetriageUiPlugin;
import io.kubetriage.ui.internal.clusters.ClusterNode;
import io.kubetriage.ui.internal.clusters.ClusterSession;
import io.kubetriage.ui.internal.clusters.ClustersView;

/**
 * The Clusters view in the running workbench, against fabric8's Kubernetes mock server in CRUD
 * mode (standing in for a real API server), a dead loopback port and a real etcd.
 */
class ClustersViewMockServerTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final EtcdServerExtension ETCD = EtcdServerExtension.plain();

    @TempDir
    Path tmp;

    private KubernetesMockServer server;
    private Display display;
    private ClusterSession session;
    private final List<String> connected = new ArrayList<>();

    @BeforeEach
    void startMockServer() throws IOException {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses), false);
        server.init(InetAddress.getByName("127.0.0.1"), 0);
        server.setVersionInfo(new VersionInfo.Builder().withMajor("1").withMinor("20").withGitVersion("v1.20.2").build());
        try (NamespacedKubernetesClient admin = server.createClient(new JdkHttpClientFactory())) {
            for (String node : List.of("master-1", "worker-1")) {
                admin.nodes().resource(new NodeBuilder().withNewMetadata().withName(node).endMetadata().build()).create();
            }
            for (String ns : List.of("default", "kube-system", "shop")) {
                admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
            }
        }
        display = PlatformUI.getWorkbench().getDisplay();
        session = KubetriageUiPlugin.getDefault().clusterSession();
    }

    @AfterEach
    void disconnectAndStop() {
        connected.forEach(session::disconnect);
        server.destroy();
    }

    @Test
    void connectsTheMockClusterShowsEtcdAndReportsTheDeadOneOnItsRow() throws Exception {
        int deadPort = FreePorts.find();
        Path kubeconfig = writeKubeconfig("http://127.0.0.1:" + server.getPort(), "http://127.0.0.1:" + deadPort);
        byte[] before = Files.readAllBytes(kubeconfig);
        ClustersView view = showClustersView();

        session.addKubeconfigFile(kubeconfig);
        Tree tree = (Tree) Widgets.find(display, ClustersView.TREE_ID);
        UiWait.until(display, "both contexts listed", WAIT,
                () -> row(tree, kubeconfig, "mock") != null && row(tree, kubeconfig, "dead") != null, () -> dump(tree));

        String mockId = ClusterDescriptor.idOf(kubeconfig, "mock");
        String deadId = ClusterDescriptor.idOf(kubeconfig, "dead");
        session.saveClusterSettings(mockId,
                new EtcdEndpoints(List.of(ETCD.clientEndpoint()), null, null, null, null, Duration.ofSeconds(5), false),
                null, false);
        connected.add(mockId);
        connected.add(deadId);

        view.viewer().setSelection(new StructuredSelection(List.of(new ClusterNode(mockId), new ClusterNode(deadId))));
        execute("io.kubetriage.ui.commands.connect");

        UiWait.until(display, "mock connected and dead failed", WAIT,
                () -> cell(tree, kubeconfig, "mock", ClustersView.COL_STATE).equals("Connected")
                        && cell(tree, kubeconfig, "dead", ClustersView.COL_STATE).startsWith("Failed"),
                () -> dump(tree));

        assertEquals("v1.20.2", cell(tree, kubeconfig, "mock", ClustersView.COL_VERSION));
        assertEquals("2", cell(tree, kubeconfig, "mock", ClustersView.COL_NODES));
        assertEquals("3", cell(tree, kubeconfig, "mock", ClustersView.COL_NAMESPACES));
        String etcd = cell(tree, kubeconfig, "mock", ClustersView.COL_ETCD);
        assertTrue(etcd.matches("v3\\.4\\.\\d+ · rev \\d+ · term \\d+ · leader .*"), etcd);

        String deadState = cell(tree, kubeconfig, "dead", ClustersView.COL_STATE);
        assertTrue(deadState.startsWith("Failed: unreachable"), deadState);
        assertTrue(deadState.contains(Integer.toString(deadPort)), deadState);
        assertEquals("", cell(tree, kubeconfig, "dead", ClustersView.COL_VERSION));
        assertTrue(PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell().getText().contains("Kubetriage"));
        assertArrayEquals(before, Files.readAllBytes(kubeconfig), "the kubeconfig file is never written");
    }

    @Test
    void disconnectClearsTheRowAndAMalformedFileShowsItsLine() throws Exception {
        Path kubeconfig = writeKubeconfig("http://127.0.0.1:" + server.getPort(), "http://127.0.0.1:1");
        Path malformed = tmp.resolve("malformed.yaml");
        Files.writeString(malformed, "apiVersion: v1\nkind: Config\nclusters:\n- name: a\n  cluster: [unclosed\n");
        ClustersView view = showClustersView();
        session.addKubeconfigFile(kubeconfig);
        session.addKubeconfigFile(malformed);
        Tree tree = (Tree) Widgets.find(display, ClustersView.TREE_ID);
        UiWait.until(display, "the malformed file's row", WAIT, () -> fileRow(tree, malformed) != null, () -> dump(tree));

        String state = fileRow(tree, malformed).getText(column(tree, ClustersView.COL_STATE));
        assertTrue(state.startsWith("Unreadable: " + malformed + ":"), state);
        assertTrue(state.matches("Unreadable: .*malformed\\.yaml:\\d+: .*"), state);
        assertEquals(0, fileRow(tree, malformed).getItemCount());

        String mockId = ClusterDescriptor.idOf(kubeconfig, "mock");
        connected.add(mockId);
        UiWait.until(display, "mock listed", WAIT, () -> row(tree, kubeconfig, "mock") != null, () -> dump(tree));
        view.viewer().setSelection(new StructuredSelection(new ClusterNode(mockId)));
        execute("io.kubetriage.ui.commands.connect");
        UiWait.until(display, "mock connected", WAIT,
                () -> cell(tree, kubeconfig, "mock", ClustersView.COL_STATE).equals("Connected"), () -> dump(tree));

        execute("io.kubetriage.ui.commands.disconnect");
        UiWait.until(display, "mock disconnected", WAIT,
                () -> cell(tree, kubeconfig, "mock", ClustersView.COL_STATE).equals("Disconnected"), () -> dump(tree));
        assertEquals("", cell(tree, kubeconfig, "mock", ClustersView.COL_NODES));
        Label message = (Label) Widgets.find(display, ClustersView.MESSAGE_ID);
        assertTrue(message.getText().matches("\\d+ clusters? in \\d+ kubeconfig files?\\..*"), message.getText());
    }

    private ClustersView showClustersView() throws PartInitException {
        IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        ClustersView view = (ClustersView) page.showView(ClustersView.ID);
        page.activate(view);
        return view;
    }

    private void execute(String commandId)
            throws ExecutionException, NotDefinedException, NotEnabledException, NotHandledException {
        IHandlerService handlers = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getService(IHandlerService.class);
        handlers.executeCommand(commandId, null);
    }

    private Path writeKubeconfig(String mockServer, String deadServer) throws IOException {
        Path file = tmp.resolve("kubeconfig-" + System.nanoTime() + ".yaml");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                current-context: mock
                clusters:
                - name: mock-cluster
                  cluster:
                    server: %s
                - name: dead-cluster
                  cluster:
                    server: %s
                users:
                - name: admin
                  user:
                    token: test-token
                contexts:
                - name: mock
                  context:
                    cluster: mock-cluster
                    user: admin
                - name: dead
                  context:
                    cluster: dead-cluster
                    user: admin
                    namespace: shop
                """.formatted(mockServer, deadServer));
        return file.toAbsolutePath().normalize();
    }

    private static TreeItem fileRow(Tree tree, Path file) {
        for (TreeItem item : tree.getItems()) {
            if (item.getText(0).startsWith(file.toString())) {
                return item;
            }
        }
        return null;
    }

    private static TreeItem row(Tree tree, Path file, String context) {
        TreeItem parent = fileRow(tree, file);
        if (parent == null) {
            return null;
        }
        for (TreeItem item : parent.getItems()) {
            if (item.getText(0).equals(context) || item.getText(0).startsWith(context + "  [")) {
                return item;
            }
        }
        return null;
    }

    private static int column(Tree tree, String title) {
        for (int i = 0; i < tree.getColumnCount(); i++) {
            if (tree.getColumn(i).getText().equals(title)) {
                return i;
            }
        }
        throw new AssertionError("no column " + title);
    }

    private static String cell(Tree tree, Path file, String context, String columnTitle) {
        TreeItem item = row(tree, file, context);
        return item == null ? "" : item.getText(column(tree, columnTitle));
    }

    private static String dump(Tree tree) {
        StringBuilder s = new StringBuilder();
        for (TreeItem file : tree.getItems()) {
            s.append('\n').append(file.getText(0)).append(" | ").append(file.getText(1));
            for (TreeItem item : file.getItems()) {
                s.append("\n  ");
                for (int i = 0; i < tree.getColumnCount(); i++) {
                    s.append(item.getText(i)).append(" | ");
                }
            }
        }
        return s.toString();
    }
}
