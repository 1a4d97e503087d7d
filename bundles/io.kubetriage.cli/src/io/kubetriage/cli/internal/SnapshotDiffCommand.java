package io.kubetriage.cli.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.kubetriage.core.snapshot.ApiObject;
import io.kubetriage.core.snapshot.ChangeKind;
import io.kubetriage.core.snapshot.Snapshot;
import io.kubetriage.core.snapshot.SnapshotManifest;
import io.kubetriage.core.snapshot.diff.DiffOptions;
import io.kubetriage.core.snapshot.diff.ObjectChange;
import io.kubetriage.core.snapshot.diff.SnapshotDiff;
import io.kubetriage.core.snapshot.store.SnapshotFormatException;
import io.kubetriage.core.snapshot.store.SnapshotStore;

/** {@code kubetriage-cli snapshot diff}: how the objects of two snapshots differ. */
final class SnapshotDiffCommand implements Command {

    @Override
    public String name() {
        return "snapshot diff";
    }

    @Override
    public String summary() {
        return "Show how the objects of two snapshots differ";
    }

    @Override
    public String help() {
        return """
                Usage: kubetriage-cli snapshot diff BEFORE AFTER [-o text|json] [--exact]

                Compares the objects of two snapshot files, the older one first. Each object that
                differs is listed with how: ADDED, REMOVED, CHANGED, RESOURCE_VERSION_BACKWARDS,
                SAME_RESOURCE_VERSION_DIFFERENT_CONTENT, REAPPEARED or RECREATED, and its
                resourceVersion in each snapshot. Fields that change by themselves (status,
                resourceVersion, timestamps, generations) are left out of the comparison unless
                --exact is given.

                Options:
                  -o text|json   output format (default text)
                  --exact        compare every field

                Exit codes: 0 the snapshots were compared (whatever the changes); 1 a file could not
                be read; 2 wrong usage.
                """;
    }

    @Override
    public int run(List<String> words, CliContext context) throws UsageException {
        Args args = Args.parse(words, Set.of("o"), Set.of("exact"));
        String output = args.output("text", "json");
        if (args.positional().size() != 2) {
            throw new UsageException(args.positional().size() < 2 ? "two snapshot files are needed: BEFORE AFTER"
                    : "unexpected argument '" + args.positional().get(2) + "'");
        }
        Snapshot before = read(Path.of(args.positional().get(0)), context);
        Snapshot after = read(Path.of(args.positional().get(1)), context);
        if (before == null || after == null) {
            return ExitCode.FINDINGS;
        }
        List<ObjectChange> changes = SnapshotDiff.compare(before, after,
                args.flag("exact") ? DiffOptions.EXACT : DiffOptions.NOISE_HIDDEN);
        if (output.equals("json")) {
            context.out().print(Json.write(toJson(before.manifest(), after.manifest(), changes)));
        } else {
            printText(changes, context);
        }
        return ExitCode.OK;
    }

    private static Snapshot read(Path file, CliContext context) {
        try {
            return SnapshotStore.read(file);
        } catch (SnapshotFormatException e) {
            context.err().println("error: cannot read " + file + ": " + e.problem());
        } catch (IOException e) {
            context.err().println("error: cannot read " + file + ": " + SnapshotCaptureCommand.describe(e));
        }
        return null;
    }

    private static void printText(List<ObjectChange> changes, CliContext context) {
        if (changes.isEmpty()) {
            context.out().println("No changes.");
            return;
        }
        int width = changes.stream().mapToInt(c -> c.kind().name().length()).max().orElse(0);
        Map<ChangeKind, Integer> counts = new EnumMap<>(ChangeKind.class);
        for (ObjectChange c : changes) {
            context.out().printf("%-" + width + "s  %s  %s -> %s%n", c.kind().name(), c.key(),
                    orDash(resourceVersion(c.before())), orDash(resourceVersion(c.after())));
            counts.merge(c.kind(), 1, Integer::sum);
        }
        List<String> parts = new ArrayList<>();
        counts.forEach((kind, n) -> parts.add(n + " " + kind.name()));
        context.out().println();
        context.out().println(changes.size() + (changes.size() == 1 ? " change: " : " changes: ")
                + String.join(", ", parts));
    }

    private static Map<String, Object> toJson(SnapshotManifest before, SnapshotManifest after,
            List<ObjectChange> changes) {
        List<Object> list = new ArrayList<>();
        for (ObjectChange c : changes) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("change", c.kind().name());
            j.put("group", c.key().group());
            j.put("kind", c.key().kind());
            j.put("namespace", c.key().namespace());
            j.put("name", c.key().name());
            j.put("resourceVersionBefore", resourceVersion(c.before()));
            j.put("resourceVersionAfter", resourceVersion(c.after()));
            j.put("uidChanged", c.uidChanged());
            list.add(j);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("before", manifest(before));
        doc.put("after", manifest(after));
        doc.put("changes", list);
        return doc;
    }

    private static Map<String, Object> manifest(SnapshotManifest m) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("id", m.id());
        j.put("name", m.name());
        j.put("cluster", m.clusterName());
        j.put("captureEnd", m.captureEnd().toString());
        return j;
    }

    private static String resourceVersion(ApiObject object) {
        return object == null ? null : object.resourceVersion();
    }

    private static String orDash(String value) {
        return value == null ? "-" : value;
    }
}
