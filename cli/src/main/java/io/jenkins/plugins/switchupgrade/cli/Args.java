package io.jenkins.plugins.switchupgrade.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Command-line flags of one subcommand: {@code --name value} pairs, repeatable flags and switches without value. */
final class Args {
    private final Map<String, List<String>> values = new LinkedHashMap<>();

    private Args() {
    }

    /**
     * Parses {@code args}; {@code withValue} lists the flags that take a value, {@code switches} those that do not.
     * Anything else is a {@link UsageException}.
     */
    static Args parse(List<String> args, Set<String> withValue, Set<String> switches) {
        Args parsed = new Args();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (!name.startsWith("--")) {
                throw new UsageException("unexpected argument '" + arg + "'; flags start with --");
            }
            String key = name.substring(2);
            if (switches.contains(key)) {
                if (value != null) {
                    throw new UsageException("--" + key + " takes no value");
                }
                parsed.values.computeIfAbsent(key, k -> new ArrayList<>()).add("true");
            } else if (withValue.contains(key)) {
                if (value == null) {
                    if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                        throw new UsageException("--" + key + " needs a value");
                    }
                    value = args.get(++i);
                }
                parsed.values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
            } else {
                throw new UsageException("unknown flag --" + key);
            }
        }
        return parsed;
    }

    boolean has(String key) {
        return values.containsKey(key);
    }

    String get(String key) {
        List<String> list = values.get(key);
        return list == null ? null : list.get(list.size() - 1);
    }

    String required(String key, String example) {
        String value = get(key);
        if (value == null || value.isBlank()) {
            throw new UsageException("--" + key + " is required, e.g. --" + key + " " + example);
        }
        return value;
    }

    List<String> all(String key) {
        return values.getOrDefault(key, List.of());
    }

    Integer integer(String key, Integer fallback, int min, int max) {
        String value = get(key);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed < min || parsed > max) {
                throw new UsageException("--" + key + " must be within " + min + ".." + max + ", was " + value);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + key + " must be a whole number, was '" + value + "'");
        }
    }

    Long longValue(String key) {
        String value = get(key);
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + key + " must be a whole number, was '" + value + "'");
        }
    }

    Double decimal(String key, double fallback, double min, double max) {
        String value = get(key);
        if (value == null) {
            return fallback;
        }
        try {
            double parsed = Double.parseDouble(value.trim());
            if (!(parsed >= min && parsed <= max)) {
                throw new UsageException("--" + key + " must be within " + min + ".." + max + ", was " + value);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + key + " must be a number, was '" + value + "'");
        }
    }

    /** Bad command-line input: exit code 2 with the message. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
