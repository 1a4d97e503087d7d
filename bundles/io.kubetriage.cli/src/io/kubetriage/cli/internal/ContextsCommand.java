package io.kubetriage.cli.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.kubetriage.core.kubeconfig.KubeContext;
import io.kubetriage.core.kubeconfig.KubeconfigException;
import io.kubetriage.core.kubeconfig.KubeconfigParser;
import io.kubetriage.core.kubeconfig.KubeconfigSet;

/** {@code kubetriage-cli contexts}: every context of the kubeconfig files, as the Clusters view lists them. */
final class ContextsCommand implements Command {

    @Override
    public String name() {
        return "contexts";
    }

    @Override
    public String summary() {
        return "List the contexts of the kubeconfig files";
    }

    @Override
    public String help() {
        return """
                Usage: kubetriage-cli contexts [--kubeconfig FILE]... [-o text|json]

                Lists every context of every kubeconfig file: $KUBECONFIG (a list of files), or
                ~/.kube/config when it is not set, or the files given with --kubeconfig. When two
                files define the same context, the first one wins, as with kubectl. The files are
                only read.

                Options:
                  --kubeconfig FILE   read this file (repeatable) instead of $KUBECONFIG
                  -o text|json        output format (default text)

                Exit codes: 0 all files read; 1 a file could not be read (the others are still
                listed); 2 wrong usage.
                """;
    }

    @Override
    public int run(List<String> words, CliContext context) throws UsageException {
        Args args = Args.parse(words, Set.of("kubeconfig", "o"), Set.of());
        if (!args.positional().isEmpty()) {
            throw new UsageException("unexpected argument '" + args.positional().get(0) + "'");
        }
        String output = args.output("text", "json");
        List<Path> files = KubeconfigFiles.of(args, context);
        KubeconfigSet set = KubeconfigSet.load(files, new KubeconfigParser());
        String current = set.currentContext().orElse(null);

        if (output.equals("json")) {
            List<Object> contexts = new ArrayList<>();
            for (KubeContext c : set.contexts()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", c.name());
                m.put("current", c.name().equals(current));
                m.put("cluster", c.clusterName());
                m.put("server", c.serverUrl());
                m.put("user", c.userName());
                m.put("namespace", c.namespace());
                m.put("file", c.sourceFile().toString());
                m.put("problem", c.problem());
                contexts.add(m);
            }
            List<Object> errors = new ArrayList<>();
            for (KubeconfigException e : set.errors()) {
                errors.add(Map.of("file", e.file().toString(), "line", e.line(), "reason", e.reason()));
            }
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("contexts", contexts);
            doc.put("errors", errors);
            context.out().print(Json.write(doc));
        } else {
            if (set.contexts().isEmpty() && set.errors().isEmpty()) {
                context.err().println(files.isEmpty()
                        ? "No kubeconfig file: set KUBECONFIG or create ~/.kube/config."
                        : "No contexts in " + files + ".");
            } else {
                TextTable table = new TextTable("CURRENT", "NAME", "CLUSTER", "SERVER", "USER", "NAMESPACE", "PROBLEM");
                for (KubeContext c : set.contexts()) {
                    table.row(c.name().equals(current) ? "*" : "", c.name(), c.clusterName(), c.serverUrl(),
                            c.userName(), c.namespace(), c.problem());
                }
                table.print(context.out());
            }
            for (KubeconfigException e : set.errors()) {
                context.err().println("error: " + e.getMessage());
            }
        }
        return set.errors().isEmpty() ? ExitCode.OK : ExitCode.FINDINGS;
    }
}
