package io.kubetriage.ui.internal.findings;

import java.util.ArrayList;
import java.util.List;

/**
 * A unified line diff of two texts (as {@code diff -u} prints the hunks), for the Quick Fix
 * preview. Longest common subsequence; texts too long for that are shown whole, before then after.
 */
public final class UnifiedDiff {

    private static final int CONTEXT = 3;
    private static final long MAX_CELLS = 4_000_000L;

    private UnifiedDiff() {
    }

    /** The hunks; empty when the texts are equal. */
    public static String of(String before, String after, String beforeLabel, String afterLabel) {
        List<String> a = lines(before);
        List<String> b = lines(after);
        StringBuilder out = new StringBuilder();
        out.append("--- ").append(beforeLabel).append('\n').append("+++ ").append(afterLabel).append('\n');
        if ((long) (a.size() + 1) * (b.size() + 1) > MAX_CELLS) {
            a.forEach(l -> out.append('-').append(l).append('\n'));
            b.forEach(l -> out.append('+').append(l).append('\n'));
            return out.toString();
        }
        // op per line: ' ' kept, '-' removed, '+' added
        List<char[]> ops = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        int[][] lcs = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                ops.add(new char[] { ' ' });
                texts.add(a.get(i));
                i++;
                j++;
            } else if (i < a.size() && (j >= b.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
                ops.add(new char[] { '-' });
                texts.add(a.get(i));
                i++;
            } else {
                ops.add(new char[] { '+' });
                texts.add(b.get(j));
                j++;
            }
        }
        boolean any = ops.stream().anyMatch(o -> o[0] != ' ');
        if (!any) {
            return "";
        }
        // hunks: changed lines with CONTEXT lines around them
        int n = ops.size();
        boolean[] show = new boolean[n];
        for (int k = 0; k < n; k++) {
            if (ops.get(k)[0] != ' ') {
                for (int c = Math.max(0, k - CONTEXT); c <= Math.min(n - 1, k + CONTEXT); c++) {
                    show[c] = true;
                }
            }
        }
        int lineA = 1;
        int lineB = 1;
        int k = 0;
        while (k < n) {
            if (!show[k]) {
                char op = ops.get(k)[0];
                lineA += op != '+' ? 1 : 0;
                lineB += op != '-' ? 1 : 0;
                k++;
                continue;
            }
            int end = k;
            int countA = 0;
            int countB = 0;
            while (end < n && show[end]) {
                char op = ops.get(end)[0];
                countA += op != '+' ? 1 : 0;
                countB += op != '-' ? 1 : 0;
                end++;
            }
            out.append("@@ -").append(lineA).append(',').append(countA).append(" +").append(lineB).append(',')
                    .append(countB).append(" @@\n");
            for (int h = k; h < end; h++) {
                out.append(ops.get(h)[0]).append(texts.get(h)).append('\n');
            }
            lineA += countA;
            lineB += countB;
            k = end;
        }
        return out.toString();
    }

    private static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return lines;
        }
        for (String line : text.split("\n", -1)) {
            lines.add(line);
        }
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }
}
