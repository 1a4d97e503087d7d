package io.kubetriage.cli.internal;

import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/** Writes plain values (maps, lists, strings, numbers, booleans, null) as indented JSON. */
final class Json {

    private Json() {
    }

    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, 0);
        return out.append('\n').toString();
    }

    private static void write(Object value, StringBuilder out, int depth) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            string(s, out);
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Map<?, ?> map) {
            container(map.entrySet(), '{', '}', out, depth, (e, o) -> {
                string(String.valueOf(((Map.Entry<?, ?>) e).getKey()), o);
                o.append(": ");
                write(((Map.Entry<?, ?>) e).getValue(), o, depth + 1);
            });
        } else if (value instanceof Collection<?> list) {
            container(list, '[', ']', out, depth, (e, o) -> write(e, o, depth + 1));
        } else {
            string(value.toString(), out);
        }
    }

    private interface ElementWriter {
        void write(Object element, StringBuilder out);
    }

    private static void container(Collection<?> elements, char open, char close, StringBuilder out, int depth,
            ElementWriter writer) {
        if (elements.isEmpty()) {
            out.append(open).append(close);
            return;
        }
        out.append(open).append('\n');
        Iterator<?> it = elements.iterator();
        while (it.hasNext()) {
            out.append("  ".repeat(depth + 1));
            writer.write(it.next(), out);
            out.append(it.hasNext() ? ",\n" : "\n");
        }
        out.append("  ".repeat(depth)).append(close);
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
