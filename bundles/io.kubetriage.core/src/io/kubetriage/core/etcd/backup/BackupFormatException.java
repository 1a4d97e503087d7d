package io.kubetriage.core.etcd.backup;

import java.nio.file.Path;

/**
 * A file is not a readable etcd backup: it is no bbolt database, it is truncated, or its pages or
 * records are damaged. The message names the file and what is wrong with it.
 */
public class BackupFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String problem;

    public BackupFormatException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
        this.problem = problem;
    }

    /** The file that could not be read. */
    public Path file() {
        return file;
    }

    /** What is wrong, without the file name. */
    public String problem() {
        return problem;
    }
}
