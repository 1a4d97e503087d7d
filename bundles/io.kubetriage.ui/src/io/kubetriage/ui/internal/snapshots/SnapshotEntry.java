package io.kubetriage.ui.internal.snapshots;

import java.nio.file.Path;
import java.util.Objects;

import io.kubetriage.core.snapshot.SnapshotManifest;

/**
 * One snapshot file of the library as last listed: its manifest, or why the manifest could not be
 * read. Two entries are the same element when they name the same file, so that a row keeps its
 * place in the tree while its manifest changes (a rename).
 */
public final class SnapshotEntry {

    private final Path file;
    private final String folder;
    private final SnapshotManifest manifest;
    private final long size;
    private final String problem;

    /**
     * @param file     the .ktsnap file
     * @param folder   the name of the cluster folder it lies in
     * @param manifest its manifest; null when it cannot be read
     * @param size     the file's size in bytes
     * @param problem  why the manifest cannot be read; null when it can
     */
    public SnapshotEntry(Path file, String folder, SnapshotManifest manifest, long size, String problem) {
        this.file = Objects.requireNonNull(file, "file");
        this.folder = Objects.requireNonNull(folder, "folder");
        if ((manifest == null) == (problem == null)) {
            throw new IllegalArgumentException("an entry has either a manifest or a problem");
        }
        this.manifest = manifest;
        this.size = size;
        this.problem = problem;
    }

    public Path file() {
        return file;
    }

    /** The cluster folder's name. */
    public String folder() {
        return folder;
    }

    /** The manifest, or null when the file cannot be read. */
    public SnapshotManifest manifest() {
        return manifest;
    }

    public boolean isReadable() {
        return manifest != null;
    }

    /** Why the file cannot be read, or null. */
    public String problem() {
        return problem;
    }

    public long size() {
        return size;
    }

    /** The snapshot's name, or the file name when the manifest cannot be read. */
    public String name() {
        return manifest != null ? manifest.name() : file.getFileName().toString();
    }

    /** The cluster the snapshot is of, or the folder name when that is unknown. */
    public String clusterName() {
        return manifest != null && manifest.clusterName() != null ? manifest.clusterName() : folder;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SnapshotEntry other && file.equals(other.file);
    }

    @Override
    public int hashCode() {
        return file.hashCode();
    }

    @Override
    public String toString() {
        return name() + " (" + file + ")";
    }
}
