package io.kubetriage.core.etcd;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain {@code key=value} per line format for storing settings in one preference string. Values
 * may hold any character: backslash, line feed and carriage return are escaped, and since only the
 * first {@code =} of a line separates key from value, values keep their {@code =} signs and spaces
 * as they are.
 */
final class PreferenceLines {

    record Line(String key, String value) {
    }

    private final StringBuilder text = new StringBuilder();

    PreferenceLines add(String key, String value) {
        if (key.isEmpty() || key.contains("=") || key.contains("\n") || key.contains("\r")
                || key.contains("\\")) {
            throw new IllegalArgumentException("not a usable preference key: '" + key + "'");
        }
        text.append(key).append('=').append(escape(value)).append('\n');
        return this;
    }

    @Override
    public String toString() {
        return text.toString();
    }

    /**
     * Reads the lines back; blank lines are skipped.
     *
     * @throws IllegalArgumentException for a line without {@code =} or with a bad escape
     */
    static List<Line> read(String text) {
        List<Line> lines = new ArrayList<>();
        int number = 0;
        for (String raw : text.split("\n", -1)) {
            number++;
            // Tolerate CRLF line ends from hand-edited preference files.
            String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            if (line.isBlank()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("line " + number + " of the etcd settings is not key=value: '"
                        + line + "'");
            }
            lines.add(new Line(line.substring(0, eq), unescape(line.substring(eq + 1), number)));
        }
        return lines;
    }

    private static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String unescape(String value, int lineNumber) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char next = i + 1 < value.length() ? value.charAt(++i) : '\0';
            switch (next) {
                case '\\' -> out.append('\\');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                default -> throw new IllegalArgumentException(
                        "line " + lineNumber + " of the etcd settings has a bad escape sequence");
            }
        }
        return out.toString();
    }
}
