package io.kubetriage.test.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Assumptions;

/**
 * A throw-away network namespace whose netfilter tables are written and read with the real iptables
 * tools of one back-end, so that rules go through the kernel and come back as the kernel prints them.
 * The host's own tables are never touched. {@link #open} skips the calling test, with the reason,
 * when the machine cannot do this (not Linux, not root, no {@code ip netns}, the back-end's tools
 * missing); {@link #close} deletes the namespace.
 */
public final class NetnsIptables implements AutoCloseable {

    /** The iptables back-ends (named as the iptables-save parser names them). */
    public enum Backend {
        LEGACY,
        NF_TABLES;

        /** The back-end's {@code iptables} command, the prefix of its other tools' names. */
        public String tool() {
            return this == LEGACY ? "iptables-legacy" : "iptables-nft";
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final String name;
    private final Backend backend;
    /** The tools by their names, as absolute paths (root's sbin may be missing from the test's PATH). */
    private final Map<String, String> tools;

    private NetnsIptables(String name, Backend backend, Map<String, String> tools) {
        this.name = name;
        this.backend = backend;
        this.tools = tools;
    }

    /** Creates a fresh namespace, or skips the test saying why that is not possible here. */
    public static NetnsIptables open(Backend backend) throws IOException {
        Assumptions.assumeTrue(System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux"),
                "not Linux");
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root (runs as "
                + System.getProperty("user.name") + ")");
        Map<String, String> tools = new HashMap<>();
        for (String tool : List.of("ip", backend.tool(), backend.tool() + "-restore", backend.tool() + "-save")) {
            Path p = onPath(tool);
            Assumptions.assumeTrue(p != null, tool + " is not installed");
            tools.put(tool, p.toString());
        }
        String name = "kubetriage-test-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
        ProcessRunner.Result add = run(List.of(tools.get("ip"), "netns", "add", name));
        Assumptions.assumeTrue(add.succeeded(), "cannot create a network namespace: " + add.stderr().strip());
        return new NetnsIptables(name, backend, Map.copyOf(tools));
    }

    /** The namespace's name (as {@code ip netns list} shows it). */
    public String name() {
        return name;
    }

    /**
     * Replaces the tables named in {@code rules} (iptables-save format) with them. A failure is
     * where missing kernel support shows, so it skips the test with the tool's message.
     */
    public void load(String rules) throws IOException {
        ProcessRunner.Result r = restore(rules);
        Assumptions.assumeTrue(r.succeeded(), backend.tool() + "-restore failed in the namespace (kernel support "
                + "missing?): " + r.stderr().strip());
    }

    /** The namespace's tables as {@code iptables-save -c} prints them. */
    public String save() throws IOException {
        return exec(backend.tool() + "-save", List.of("-c")).stdout();
    }

    /** Runs the back-end's {@code iptables} with {@code args} (no shell: one word an argument). */
    public String iptables(String... args) throws IOException {
        return exec(backend.tool(), List.of(args)).stdout();
    }

    /** Deletes the namespace, and with it every rule written into it. */
    @Override
    public void close() throws IOException {
        run(List.of(tools.get("ip"), "netns", "delete", name)).requireSuccess();
    }

    private ProcessRunner.Result restore(String rules) throws IOException {
        // A file rather than standard input: ProcessRunner gives commands no input.
        Path file = Files.createTempFile("kubetriage-netns-", ".rules");
        try {
            Files.writeString(file, rules, StandardCharsets.UTF_8);
            return run(inNamespace(backend.tool() + "-restore", List.of(file.toString())));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private ProcessRunner.Result exec(String tool, List<String> args) throws IOException {
        return run(inNamespace(tool, args)).requireSuccess();
    }

    private List<String> inNamespace(String tool, List<String> args) {
        List<String> command = new ArrayList<>(List.of(tools.get("ip"), "netns", "exec", name, tools.get(tool)));
        command.addAll(args);
        return command;
    }

    private static ProcessRunner.Result run(List<String> command) throws IOException {
        return ProcessRunner.run(TIMEOUT, null, Map.of(), command);
    }

    private static Path onPath(String program) {
        String path = System.getenv("PATH");
        List<String> dirs = new ArrayList<>(List.of((path == null ? "" : path).split(":")));
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
        for (String dir : dirs) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return Path.of(dir, program);
            }
        }
        return null;
    }
}
