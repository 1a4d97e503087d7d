package io.kubetriage.ui.internal.nodes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader for the few fields the node views read from captured API objects and CNI
 * plugins: objects become {@link Map}s (field order kept), arrays {@link List}s, numbers
 * {@link Double}s or {@link Long}s, and {@code null} null.
 */
final class MiniJson {

    private final String text;
    private int pos;

    private MiniJson(String text) {
        this.text = text;
    }

    /** The value of a JSON text. */
    static Object parse(String text) {
        MiniJson p = new MiniJson(text);
        p.blanks();
        Object value = p.value();
        p.blanks();
        if (p.pos != text.length()) {
            throw new IllegalArgumentException("unexpected text at offset " + p.pos);
        }
        return value;
    }

    /** The value at a path of field names and list indexes, or null. */
    static Object at(Object root, Object... path) {
        Object v = root;
        for (Object step : path) {
            if (step instanceof String field && v instanceof Map<?, ?> map) {
                v = map.get(field);
            } else if (step instanceof Integer index && v instanceof List<?> list && index < list.size()) {
                v = list.get(index);
            } else {
                return null;
            }
        }
        return v;
    }

    /** The text of a string, number or boolean at the path, or null. */
    static String text(Object root, Object... path) {
        Object v = at(root, path);
        if (v instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
            return Long.toString(d.longValue());
        }
        return v == null || v instanceof Map || v instanceof List ? null : v.toString();
    }

    /** The list at the path, or an empty list. */
    static List<?> list(Object root, Object... path) {
        return at(root, path) instanceof List<?> l ? l : List.of();
    }

    private Object value() {
        if (pos >= text.length()) {
            throw new IllegalArgumentException("unexpected end of JSON");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{' -> {
                return object();
            }
            case '[' -> {
                return array();
            }
            case '"' -> {
                return string();
            }
            case 't' -> {
                return word("true", Boolean.TRUE);
            }
            case 'f' -> {
                return word("false", Boolean.FALSE);
            }
            case 'n' -> {
                return word("null", null);
            }
            default -> {
                return number();
            }
        }
    }

    private Map<String, Object> object() {
        Map<String, Object> map = new LinkedHashMap<>();
        pos++;
        blanks();
        if (peek() == '}') {
            pos++;
            return map;
        }
        while (true) {
            blanks();
            String key = string();
            blanks();
            expect(':');
            blanks();
            map.put(key, value());
            blanks();
            if (peek() == ',') {
                pos++;
                continue;
            }
            expect('}');
            return map;
        }
    }

    private List<Object> array() {
        List<Object> list = new ArrayList<>();
        pos++;
        blanks();
        if (peek() == ']') {
            pos++;
            return list;
        }
        while (true) {
            blanks();
            list.add(value());
            blanks();
            if (peek() == ',') {
                pos++;
                continue;
            }
            expect(']');
            return list;
        }
    }

    private String string() {
        expect('"');
        StringBuilder s = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '"') {
                return s.toString();
            }
            if (c != '\\') {
                s.append(c);
                continue;
            }
            if (pos >= text.length()) {
                break;
            }
            char e = text.charAt(pos++);
            switch (e) {
                case 'n' -> s.append('\n');
                case 't' -> s.append('\t');
                case 'r' -> s.append('\r');
                case 'b' -> s.append('\b');
                case 'f' -> s.append('\f');
                case 'u' -> {
                    if (pos + 4 > text.length()) {
                        throw new IllegalArgumentException("bad \\u escape at offset " + pos);
                    }
                    s.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                    pos += 4;
                }
                default -> s.append(e);
            }
        }
        throw new IllegalArgumentException("unterminated string");
    }

    private Object number() {
        int start = pos;
        while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
        if (start == pos) {
            throw new IllegalArgumentException("unexpected '" + text.charAt(pos) + "' at offset " + pos);
        }
        String n = text.substring(start, pos);
        if (n.indexOf('.') < 0 && n.indexOf('e') < 0 && n.indexOf('E') < 0 && n.length() < 19) {
            return Long.parseLong(n);
        }
        return Double.parseDouble(n);
    }

    private Object word(String word, Object value) {
        if (!text.startsWith(word, pos)) {
            throw new IllegalArgumentException("unexpected text at offset " + pos);
        }
        pos += word.length();
        return value;
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void expect(char c) {
        if (peek() != c) {
            throw new IllegalArgumentException("expected '" + c + "' at offset " + pos);
        }
        pos++;
    }

    private void blanks() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }
}
