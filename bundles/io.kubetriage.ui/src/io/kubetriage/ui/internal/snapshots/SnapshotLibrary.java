package io.kubetriage.ui.internal.snapshots;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.ISchedulingRule;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchListener;
import org.eclipse.ui.PlatformUI;

import io.kubetriage.core.snapshot.Snapshot;
import io.kubetriage.core.snapshot.SnapshotManifest;
import io.kubetriage.core.snapshot.store.SnapshotFormatException;
import io.kubetriage.core.snapshot.store.SnapshotStore;
import io.kubetriage.ui.internal.KubetriageUiPlugin;

/**
 * The snapshots kept in the workspace: {@code <state location>/snapshots/<cluster folder>/*.ktsnap}.
 * Listing reads only the manifests, in a background job; listeners hear about each new listing (in
 * that job's thread). The file operations are plain blocking calls: the commands run them in jobs of
 * {@link #JOB_FAMILY}, and each one lists the library again when it is done.
 */
public final class SnapshotLibrary {

    /** Family of every job that reads or changes the library, for waiting and cancelling in one call. */
    public static final Object JOB_FAMILY = SnapshotLibrary.class;

    private static final String FOLDER = "snapshots";
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)
            .withZone(ZoneId.systemDefault());
    private static final Comparator<SnapshotEntry> NEWEST_FIRST = Comparator
            .comparing((SnapshotEntry e) -> e.isReadable() ? 0 : 1)
            .thenComparing(e -> e.isReadable() ? e.manifest().captureStart() : null,
                    Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(e -> e.file().getFileName().toString());

    private static SnapshotLibrary instance;

    private final Path root;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile List<ClusterSnapshots> clusters = List.of();
    private volatile boolean loaded;

    /** Two listings, or a listing and a change, never run at the same time. */
    private final ISchedulingRule rule = new ISchedulingRule() {
        @Override
        public boolean contains(ISchedulingRule other) {
            return other == this;
        }

        @Override
        public boolean isConflicting(ISchedulingRule other) {
            return other == this;
        }
    };

    /** @param root the folder that holds one folder per cluster; created when the first snapshot is added */
    public SnapshotLibrary(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    }

    /** The library of this workspace; its jobs are cancelled when the workbench shuts down. */
    public static synchronized SnapshotLibrary getDefault() {
        if (instance == null) {
            instance = new SnapshotLibrary(
                    KubetriageUiPlugin.getDefault().getStateLocation().toFile().toPath().resolve(FOLDER));
            if (PlatformUI.isWorkbenchRunning()) {
                PlatformUI.getWorkbench().addWorkbenchListener(new IWorkbenchListener() {
                    @Override
                    public boolean preShutdown(IWorkbench workbench, boolean forced) {
                        Job.getJobManager().cancel(JOB_FAMILY);
                        return true;
                    }

                    @Override
                    public void postShutdown(IWorkbench workbench) {
                        // nothing left to do
                    }
                });
            }
        }
        return instance;
    }

    public Path root() {
        return root;
    }

    /** The clusters and their snapshots as last listed, by cluster name. */
    public List<ClusterSnapshots> clusters() {
        return clusters;
    }

    /** Whether the library was listed at least once. */
    public boolean isLoaded() {
        return loaded;
    }

    /** Told after each listing, in the listing job's thread. */
    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    public void removeListener(Runnable listener) {
        listeners.remove(listener);
    }

    /** The rule the library's jobs run under, one at a time. */
    public ISchedulingRule rule() {
        return rule;
    }

    /** Lists the library again in a background job and returns the job (already scheduled). */
    public Job refresh() {
        Job job = new LibraryJob("Listing snapshots") {
            @Override
            protected IStatus run(IProgressMonitor monitor) {
                refreshNow();
                return Status.OK_STATUS;
            }
        };
        job.setSystem(true);
        job.schedule();
        return job;
    }

    /** Work on the library's files, run in one of its jobs. */
    @FunctionalInterface
    public interface Operation {
        void run(IProgressMonitor monitor) throws Exception;
    }

    /**
     * Runs the operation in a job of the library's family, after the library's other jobs, and returns
     * the job (already scheduled).
     *
     * @param onFailure told, in the job's thread, when the operation throws
     */
    public Job schedule(String name, Operation operation, Consumer<Exception> onFailure) {
        Job job = new LibraryJob(name) {
            @Override
            protected IStatus run(IProgressMonitor monitor) {
                try {
                    operation.run(monitor);
                    return Status.OK_STATUS;
                } catch (OperationCanceledException e) {
                    return Status.CANCEL_STATUS;
                } catch (Exception e) {
                    onFailure.accept(e);
                    return Status.OK_STATUS;
                }
            }
        };
        job.schedule();
        return job;
    }

    /** Lists the library in the calling thread and tells the listeners. */
    public void refreshNow() {
        clusters = scan();
        loaded = true;
        listeners.forEach(Runnable::run);
    }

    /** Reads the manifest of every snapshot file: one entry per file, readable or not. */
    List<ClusterSnapshots> scan() {
        List<ClusterSnapshots> result = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return result;
        }
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path folder : folders) {
                List<SnapshotEntry> entries = new ArrayList<>();
                try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, SnapshotLibrary::isSnapshotFile)) {
                    for (Path file : files) {
                        entries.add(entry(file));
                    }
                }
                if (entries.isEmpty()) {
                    continue;
                }
                entries.sort(NEWEST_FIRST);
                String folderName = folder.getFileName().toString();
                String clusterName = entries.stream().filter(SnapshotEntry::isReadable)
                        .map(e -> e.manifest().clusterName()).filter(Objects::nonNull).findFirst().orElse(folderName);
                result.add(new ClusterSnapshots(folderName, clusterName, entries));
            }
        } catch (IOException e) {
            KubetriageUiPlugin.logError("Could not list the snapshots in " + root, e);
        }
        result.sort(Comparator.comparing((ClusterSnapshots c) -> c.clusterName().toLowerCase(Locale.ROOT))
                .thenComparing(ClusterSnapshots::folder));
        return List.copyOf(result);
    }

    /** The file as an entry of the library: its manifest read, or why it cannot be. */
    public static SnapshotEntry entry(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        String folder = absolute.getParent() == null ? "" : absolute.getParent().getFileName().toString();
        long size;
        try {
            size = Files.size(absolute);
        } catch (IOException e) {
            size = -1;
        }
        try {
            return new SnapshotEntry(absolute, folder, SnapshotStore.readManifest(absolute), size, null);
        } catch (SnapshotFormatException e) {
            return new SnapshotEntry(absolute, folder, null, size, e.problem());
        } catch (IOException e) {
            return new SnapshotEntry(absolute, folder, null, size, describe(e));
        }
    }

    private static boolean isSnapshotFile(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(SnapshotStore.EXTENSION) && !name.startsWith(".") && Files.isRegularFile(file);
    }

    /** The folder of a cluster's snapshots. */
    public Path folderOf(String clusterName) {
        return root.resolve(folderName(clusterName));
    }

    /**
     * A file system safe folder name for a cluster: context names such as
     * {@code arn:aws:eks:eu-west-1:123:cluster/prod} keep their letters, digits, dots, dashes and
     * underscores; anything else becomes an underscore.
     */
    public static String folderName(String clusterName) {
        String name = clusterName == null ? "" : clusterName.strip();
        StringBuilder s = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            s.append(c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_') ? c : '_');
        }
        String result = s.toString();
        if (result.isEmpty() || result.chars().allMatch(c -> c == '.' || c == '_')) {
            return "unnamed" + (result.isEmpty() ? "" : "-" + result.length());
        }
        return result.startsWith(".") ? "_" + result.substring(1) : result;
    }

    /**
     * Writes a snapshot into its cluster's folder under a new file name (never over another one) and
     * lists the library again.
     *
     * @return the new file
     */
    public Path add(Snapshot snapshot) throws IOException {
        SnapshotManifest manifest = snapshot.manifest();
        Path folder = folderOf(manifest.clusterName());
        Path file;
        synchronized (this) {
            Files.createDirectories(folder);
            file = freeName(folder, FILE_TIME.format(manifest.captureStart()) + "-" + folderName(manifest.name()));
            SnapshotStore.write(snapshot, file);
        }
        refresh();
        return file;
    }

    /**
     * Copies a snapshot file into the library, into the folder of the cluster its manifest names,
     * after checking that it is a snapshot this version can read.
     *
     * @return the copy
     * @throws SnapshotFormatException when the file is not such a snapshot; nothing is copied
     */
    public Path importFile(Path source) throws IOException, SnapshotFormatException {
        SnapshotManifest manifest = SnapshotStore.readManifest(source);
        Path folder = folderOf(manifest.clusterName());
        String name = source.getFileName().toString();
        if (name.endsWith(SnapshotStore.EXTENSION)) {
            name = name.substring(0, name.length() - SnapshotStore.EXTENSION.length());
        }
        Path target;
        synchronized (this) {
            Files.createDirectories(folder);
            target = freeName(folder, folderName(name));
            Path temp = Files.createTempFile(folder, "." + target.getFileName() + ".", ".tmp");
            try {
                Files.copy(source, temp, StandardCopyOption.REPLACE_EXISTING);
                moveOver(temp, target);
            } finally {
                Files.deleteIfExists(temp);
            }
        }
        refresh();
        return target;
    }

    /** Copies a snapshot file out of the library; an existing target is replaced. */
    public void export(SnapshotEntry entry, Path target) throws IOException {
        Path absolute = target.toAbsolutePath().normalize();
        if (absolute.equals(entry.file())) {
            return;
        }
        Path dir = absolute.getParent();
        Path temp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp");
        try {
            Files.copy(entry.file(), temp, StandardCopyOption.REPLACE_EXISTING);
            moveOver(temp, absolute);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Gives the snapshot another name (its manifest is rewritten; the file keeps its name). */
    public void rename(SnapshotEntry entry, String newName) throws IOException, SnapshotFormatException {
        String name = newName.strip();
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a snapshot needs a name");
        }
        SnapshotStore.rename(entry.file(), name);
        refresh();
    }

    /** Deletes the snapshot's file (a file already gone is no error), and its folder when that is left empty. */
    public void delete(SnapshotEntry entry) throws IOException {
        synchronized (this) {
            Files.deleteIfExists(entry.file());
            try {
                Files.deleteIfExists(entry.file().getParent());
            } catch (IOException notEmpty) {
                // the cluster has other snapshots (or files of the user): the folder stays
            }
        }
        refresh();
    }

    /** A file name not taken yet; callers hold the library's lock until the file exists. */
    private static Path freeName(Path folder, String base) {
        for (int i = 1;; i++) {
            Path file = folder.resolve(base + (i == 1 ? "" : "-" + i) + SnapshotStore.EXTENSION);
            if (!Files.exists(file)) {
                return file;
            }
        }
    }

    private static void moveOver(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** An I/O failure in one plain line. */
    static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file: " + e.getMessage();
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "access denied: " + e.getMessage();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** A job of the library: serialized with the others, waited for by tests through the family. */
    abstract class LibraryJob extends Job {
        LibraryJob(String name) {
            super(name);
            setRule(rule);
        }

        @Override
        public boolean belongsTo(Object family) {
            return family == JOB_FAMILY;
        }
    }
}
