package io.kubetriage.cli.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import io.kubetriage.connector.etcd.decode.DecodedValue;
import io.kubetriage.connector.etcd.decode.KubernetesValueDecoder;

/** {@code kubetriage-cli decode}: one raw etcd value from a file, decoded as the API would show it. */
final class DecodeCommand implements Command {

    @Override
    public String name() {
        return "decode";
    }

    @Override
    public String summary() {
        return "Decode one raw etcd value (a Kubernetes object as stored) from a file";
    }

    @Override
    public String help() {
        return """
                Usage: kubetriage-cli decode FILE [--key KEY] [-o yaml|json]

                Decodes the bytes of FILE, one value as the API server stores it in etcd (e.g. saved
                with 'etcdctl get KEY --print-value-only > FILE'), into the object the API would show:
                protobuf ('k8s' envelope) or JSON. The resourceVersion is not in the stored value and
                is left out. A value that cannot be decoded (e.g. encrypted at rest) is shown as
                stored and the reason is reported.

                Options:
                  --key KEY       the etcd key the value was read from, named in messages
                  -o yaml|json    output format (default yaml)

                Exit codes: 0 the value was decoded; 1 it is no Kubernetes object, could not be
                decoded, or the file cannot be read; 2 wrong usage.
                """;
    }

    @Override
    public int run(List<String> words, CliContext context) throws UsageException {
        Args args = Args.parse(words, Set.of("key", "o"), Set.of());
        String output = args.output("yaml", "json");
        Path file = Path.of(BackupFiles.positional(args, "FILE").get(0));
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            context.err().println("error: cannot read " + file + ": " + SnapshotCaptureCommand.describe(e));
            return ExitCode.FINDINGS;
        }
        String key = args.value("key");
        DecodedValue value = new KubernetesValueDecoder().decode(key, bytes);
        return BackupFiles.printValue(value, output, key != null ? key : file.toString(), context);
    }
}
