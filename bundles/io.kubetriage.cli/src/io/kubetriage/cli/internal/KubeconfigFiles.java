package io.kubetriage.cli.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.kubetriage.core.kubeconfig.KubeconfigException;
import io.kubetriage.core.kubeconfig.KubeconfigLocator;
import io.kubetriage.core.kubeconfig.KubeconfigParser;
import io.kubetriage.core.kubeconfig.KubeconfigSet;

/** The kubeconfig files a command reads: {@code --kubeconfig FILE}..., else kubectl's choice. */
final class KubeconfigFiles {

    private KubeconfigFiles() {
    }

    /** The files named with {@code --kubeconfig}, or those of $KUBECONFIG (or ~/.kube/config) that exist, as kubectl does. */
    static List<Path> of(Args args, CliContext context) {
        List<Path> files = new ArrayList<>();
        if (args.has("kubeconfig")) {
            args.values("kubeconfig").forEach(f -> files.add(Path.of(f)));
        } else {
            KubeconfigLocator.resolve(context.env(), context.userHome()).stream().filter(Files::exists)
                    .forEach(files::add);
        }
        return files;
    }

    /** The files read; each one that cannot be read is reported on standard error, the others still count. */
    static KubeconfigSet load(Args args, CliContext context) {
        KubeconfigSet set = KubeconfigSet.load(of(args, context), new KubeconfigParser());
        for (KubeconfigException e : set.errors()) {
            context.err().println("error: " + e.getMessage());
        }
        return set;
    }

    /** The files of the set for a message, or {@code none} when there were none. */
    static String names(KubeconfigSet set, String none) {
        List<Path> files = set.files().stream().map(KubeconfigSet.FileResult::file).toList();
        return files.isEmpty() ? none : files.toString();
    }
}
