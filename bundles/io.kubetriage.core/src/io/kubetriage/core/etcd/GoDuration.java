package io.kubetriage.core.etcd;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations written the way Go's {@code time.ParseDuration} reads them ({@code 5s},
 * {@code 500ms}, {@code 1m30s}, {@code 1.5h}), since that is what etcdctl's
 * {@code --dial-timeout} takes. Useful for validating such a field as the user types.
 */
public final class GoDuration {

    private static final long NANOS_PER_MICRO = 1_000L;
    private static final long NANOS_PER_MILLI = 1_000_000L;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long NANOS_PER_MINUTE = 60 * NANOS_PER_SECOND;
    private static final long NANOS_PER_HOUR = 60 * NANOS_PER_MINUTE;

    // Go accepts both the micro sign and the Greek letter mu for microseconds.
    private static final Map<String, Long> UNITS = Map.of(
            "ns", 1L,
            "us", NANOS_PER_MICRO,
            "\u00B5s", NANOS_PER_MICRO,
            "\u03BCs", NANOS_PER_MICRO,
            "ms", NANOS_PER_MILLI,
            "s", NANOS_PER_SECOND,
            "m", NANOS_PER_MINUTE,
            "h", NANOS_PER_HOUR);

    private static final Pattern PART =
            Pattern.compile("(\\d+\\.?\\d*|\\.\\d+)(ns|us|\u00B5s|\u03BCs|ms|s|m|h)");

    private GoDuration() {
    }

    /**
     * @throws IllegalArgumentException when the text is not a Go duration
     */
    public static Duration parse(String text) {
        String s = text.strip();
        boolean negative = s.startsWith("-");
        if (negative || s.startsWith("+")) {
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (s.isEmpty()) {
            throw invalid(text);
        }
        Matcher m = PART.matcher(s);
        BigDecimal nanos = BigDecimal.ZERO;
        int at = 0;
        while (at < s.length()) {
            if (!m.find(at) || m.start() != at) {
                throw invalid(text);
            }
            nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(UNITS.get(m.group(2)))));
            at = m.end();
        }
        BigInteger whole = nanos.toBigInteger();
        if (whole.bitLength() > 63) {
            throw new IllegalArgumentException("duration '" + text + "' is too long");
        }
        long n = whole.longValueExact();
        return Duration.ofNanos(negative ? -n : n);
    }

    /**
     * Formats like Go's {@code Duration.String}, so that {@link #parse} reads it back.
     *
     * @throws ArithmeticException for durations beyond about 292 years, which Go cannot hold
     */
    public static String format(Duration duration) {
        if (duration.isNegative()) {
            return "-" + format(duration.negated());
        }
        long u = duration.toNanos();
        if (u == 0) {
            return "0s";
        }
        if (u < NANOS_PER_MICRO) {
            return u + "ns";
        }
        if (u < NANOS_PER_MILLI) {
            return decimal(u, NANOS_PER_MICRO) + "\u00B5s";
        }
        if (u < NANOS_PER_SECOND) {
            return decimal(u, NANOS_PER_MILLI) + "ms";
        }
        long hours = u / NANOS_PER_HOUR;
        long minutes = u % NANOS_PER_HOUR / NANOS_PER_MINUTE;
        String seconds = decimal(u % NANOS_PER_MINUTE, NANOS_PER_SECOND) + "s";
        if (hours > 0) {
            return hours + "h" + minutes + "m" + seconds;
        }
        if (minutes > 0) {
            return minutes + "m" + seconds;
        }
        return seconds;
    }

    private static String decimal(long value, long unit) {
        return BigDecimal.valueOf(value).divide(BigDecimal.valueOf(unit)).stripTrailingZeros()
                .toPlainString();
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("'" + text
                + "' is not a duration; write it like 5s, 500ms, 1m or 1m30s");
    }
}
