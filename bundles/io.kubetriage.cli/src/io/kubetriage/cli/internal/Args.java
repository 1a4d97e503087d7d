package io.kubetriage.cli.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A command's arguments: {@code --name value}, {@code --name=value}, {@code -o value}, boolean
 * switches, and positional words. Options are declared up front so a typo is a usage error, not
 * something silently ignored.
 */
public final class Args {

    private final Map<String, List<String>> options = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();

    private Args() {
    }

    /**
     * @param valued   options that take a value (names without dashes; one letter means {@code -x})
     * @param switches options that take none
     */
    public static Args parse(List<String> words, Set<String> valued, Set<String> switches) throws UsageException {
        Args args = new Args();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (word.equals("--")) {
                args.positional.addAll(words.subList(i + 1, words.size()));
                break;
            }
            if (!word.startsWith("-") || word.equals("-")) {
                args.positional.add(word);
                continue;
            }
            String name = word.startsWith("--") ? word.substring(2) : word.substring(1);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (switches.contains(name)) {
                if (value != null && !value.equals("true") && !value.equals("false")) {
                    throw new UsageException("--" + name + " takes no value (or true/false), not '" + value + "'");
                }
                args.options.computeIfAbsent(name, k -> new ArrayList<>()).add(value == null ? "true" : value);
            } else if (valued.contains(name)) {
                if (value == null) {
                    if (i + 1 >= words.size()) {
                        throw new UsageException(dashes(name) + " needs a value");
                    }
                    value = words.get(++i);
                }
                args.options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } else {
                throw new UsageException("unknown option " + dashes(name));
            }
        }
        return args;
    }

    private static String dashes(String name) {
        return (name.length() == 1 ? "-" : "--") + name;
    }

    public String value(String name) {
        List<String> values = options.get(name);
        return values == null ? null : values.get(values.size() - 1);
    }

    public List<String> values(String name) {
        return options.getOrDefault(name, Collections.emptyList());
    }

    public boolean has(String name) {
        return options.containsKey(name);
    }

    public boolean flag(String name) {
        return "true".equals(value(name));
    }

    public List<String> positional() {
        return Collections.unmodifiableList(positional);
    }

    /** The options as given, last value winning, for parsers that take a name → value map. */
    public Map<String, String> lastValues() {
        Map<String, String> map = new LinkedHashMap<>();
        options.forEach((k, v) -> map.put(k, v.get(v.size() - 1)));
        return map;
    }

    /** {@code -o text|json}: the output format, checked against what the command supports. */
    public String output(String... allowed) throws UsageException {
        String o = value("o");
        if (o == null) {
            return allowed[0];
        }
        for (String a : allowed) {
            if (a.equals(o)) {
                return o;
            }
        }
        throw new UsageException("-o takes one of " + String.join("|", allowed) + ", not '" + o + "'");
    }
}
