package io.kubetriage.connector.kube.capture;

/**
 * What an API snapshot captures and how.
 *
 * @param includeSecretValues whether Secret values are kept as they are; by default they are
 *                            replaced by digests
 * @param pageSize            items asked for per list request; at least 1
 * @param eventLimit          most events kept, the newest ones; 0 captures no events
 * @param keepPartialOnCancel whether a cancelled capture returns what it has, with the types not
 *                            done marked cancelled, instead of throwing
 * @param name                the snapshot's name, or null for {@code "<context> <ISO time>"}
 */
public record CaptureOptions(boolean includeSecretValues, int pageSize, int eventLimit,
        boolean keepPartialOnCancel, String name) {

    public static final int DEFAULT_PAGE_SIZE = 500;
    public static final int DEFAULT_EVENT_LIMIT = 5_000;

    public CaptureOptions {
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be at least 1: " + pageSize);
        }
        if (eventLimit < 0) {
            throw new IllegalArgumentException("eventLimit must not be negative: " + eventLimit);
        }
        if (name != null && name.isBlank()) {
            name = null;
        }
    }

    /** Secrets redacted, pages of 500, the newest 5,000 events, nothing kept on cancel. */
    public static CaptureOptions defaults() {
        return new CaptureOptions(false, DEFAULT_PAGE_SIZE, DEFAULT_EVENT_LIMIT, false, null);
    }

    public CaptureOptions withIncludeSecretValues(boolean include) {
        return new CaptureOptions(include, pageSize, eventLimit, keepPartialOnCancel, name);
    }

    public CaptureOptions withPageSize(int size) {
        return new CaptureOptions(includeSecretValues, size, eventLimit, keepPartialOnCancel, name);
    }

    public CaptureOptions withEventLimit(int limit) {
        return new CaptureOptions(includeSecretValues, pageSize, limit, keepPartialOnCancel, name);
    }

    public CaptureOptions withKeepPartialOnCancel(boolean keep) {
        return new CaptureOptions(includeSecretValues, pageSize, eventLimit, keep, name);
    }

    public CaptureOptions withName(String newName) {
        return new CaptureOptions(includeSecretValues, pageSize, eventLimit, keepPartialOnCancel,
                newName);
    }
}
