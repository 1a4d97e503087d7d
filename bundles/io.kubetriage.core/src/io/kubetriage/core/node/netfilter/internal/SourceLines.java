package io.kubetriage.core.node.netfilter.internal;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.RandomAccess;

/**
 * The lines of a text, as an unmodifiable list that makes each line's string only when asked
 * for: a dump keeps its whole text as evidence without a million line objects.
 */
public final class SourceLines extends AbstractList<String> implements RandomAccess {

    private final DumpText text;
    private final int[] starts;
    private final int[] ends;
    private final int size;

    /** Line i runs from starts[i] to ends[i] (without its line end); the arrays are kept, not copied, when full. */
    public SourceLines(DumpText text, int[] starts, int[] ends, int size) {
        this.text = text;
        this.starts = size == starts.length ? starts : Arrays.copyOf(starts, size);
        this.ends = size == ends.length ? ends : Arrays.copyOf(ends, size);
        this.size = size;
    }

    /** The whole text. */
    public String text() {
        return text.text();
    }

    /** Where line index (0-based) starts in the text. */
    public int start(int index) {
        return starts[index];
    }

    @Override
    public String get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
        return text.substring(starts[index], ends[index]);
    }

    @Override
    public int size() {
        return size;
    }
}
