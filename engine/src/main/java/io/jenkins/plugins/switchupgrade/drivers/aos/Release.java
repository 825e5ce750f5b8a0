package io.jenkins.plugins.switchupgrade.drivers.aos;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An AOS release as {@code show microcode} prints it: {@code 7.3.2.374.R01} on AOS 7 (four numbers
 * and a tag), {@code 8.9.221.R03} on AOS 8 (three numbers and a tag); {@code 7.3.2.374R01}, as release
 * notes often write it, is the same release.
 */
public final class Release implements Comparable<Release> {

    private static final Pattern FORM = Pattern.compile("(?<![\\d.])(\\d{1,2})\\.(\\d{1,3})\\.(\\d{1,5})"
            + "(?:\\.(\\d{1,5}))?(?:\\.?([Rr]\\d{1,3}))?(?![\\d.]*\\d)");

    private final List<Integer> numbers;
    private final String tag;

    private Release(List<Integer> numbers, String tag) {
        this.numbers = List.copyOf(numbers);
        this.tag = tag == null ? null : tag.toUpperCase(Locale.ROOT);
    }

    /**
     * Parses exactly one release string.
     *
     * @throws IllegalArgumentException naming the expected form when {@code text} is not a release
     */
    public static Release parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        Matcher m = FORM.matcher(trimmed);
        if (!m.matches() || !complete(m)) {
            throw new IllegalArgumentException("Expected an AOS release like 7.3.2.374.R01 or 8.9.221.R03, but got '"
                    + trimmed + "'. Copy the release as `show microcode` prints it.");
        }
        return of(m);
    }

    /**
     * The release mentioned in {@code text}, e.g. in a boot banner: the first one with a tag such as
     * {@code R01}, else the first four-number form (which an IPv4 address can resemble).
     */
    public static Optional<Release> find(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = FORM.matcher(text);
        Release untagged = null;
        while (m.find()) {
            if (!complete(m)) {
                continue;
            }
            Release found = of(m);
            if (found.tag != null) {
                return Optional.of(found);
            }
            if (untagged == null) {
                untagged = found;
            }
        }
        return Optional.ofNullable(untagged);
    }

    // Three bare numbers (7.3.2) name a release family, not a release: a tag or a fourth number is needed.
    private static boolean complete(Matcher m) {
        return m.group(4) != null || m.group(5) != null;
    }

    private static Release of(Matcher m) {
        List<Integer> numbers = new ArrayList<>();
        for (int g = 1; g <= 4; g++) {
            if (m.group(g) != null) {
                numbers.add(Integer.parseInt(m.group(g)));
            }
        }
        return new Release(numbers, m.group(5));
    }

    public int major() {
        return numbers.get(0);
    }

    public int minor() {
        return numbers.get(1);
    }

    /** The build number, the last number: 374 in {@code 7.3.2.374.R01}, 221 in {@code 8.9.221.R03}. */
    public int build() {
        return numbers.get(numbers.size() - 1);
    }

    /** All numbers in order, e.g. [7, 3, 2, 374]. */
    public List<Integer> numbers() {
        return numbers;
    }

    /** The release tag such as {@code R01}, when printed. */
    public Optional<String> tag() {
        return Optional.ofNullable(tag);
    }

    /** AOS 8 and later: a virtual chassis keeps one virtual MAC, so its MAC never follows the master. */
    public boolean isAos8OrLater() {
        return major() >= 8;
    }

    /** The same numbers; a missing tag on either side is not a difference. */
    public boolean sameBuildAs(Release other) {
        return numbers.equals(other.numbers) && (tag == null || other.tag == null || tag.equals(other.tag));
    }

    @Override
    public int compareTo(Release other) {
        for (int i = 0; i < Math.min(numbers.size(), other.numbers.size()); i++) {
            int c = Integer.compare(numbers.get(i), other.numbers.get(i));
            if (c != 0) {
                return c;
            }
        }
        int c = Integer.compare(numbers.size(), other.numbers.size());
        return c != 0 ? c : (tag == null ? "" : tag).compareTo(other.tag == null ? "" : other.tag);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Release && numbers.equals(((Release) o).numbers) && Objects.equals(tag, ((Release) o).tag);
    }

    @Override
    public int hashCode() {
        return Objects.hash(numbers, tag);
    }

    /** The canonical form, {@code 7.3.2.374.R01}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        numbers.forEach(n -> s.append(s.length() == 0 ? "" : ".").append(n));
        return tag == null ? s.toString() : s + "." + tag;
    }
}
