package io.kubetriage.core.diagnosis;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The catalogue of finding codes: what each code means, which evidence it shows and which quick
 * fixes it offers. Detectors publish their entries ({@link Detector#catalog()}); docs/findings.md
 * is {@link #markdown()} of every published entry, so the documentation, the UI and the detectors
 * agree.
 */
public final class FindingCatalog {

    /** The code of the finding {@link Diagnosis} reports when a detector fails. */
    public static final String INTERNAL = "KT-INTERNAL-001";

    /** The entry of {@link #INTERNAL}, published by the core itself. */
    public static final Entry INTERNAL_ENTRY = new Entry(INTERNAL, Severity.INFO, "A detector failed",
            "A detector stopped with an error, so its checks were not made; the other detectors ran. "
                    + "The diagnosis may miss what that detector looks for.",
            "The detector's class and the error it raised.", List.of());

    /**
     * One code.
     *
     * @param code     e.g. {@code KT-ROLLBACK-001}
     * @param severity the severity it is usually reported with
     * @param title    one line
     * @param meaning  what it means, in plain words
     * @param evidence which facts it shows
     * @param fixes    the ids of the quick fixes it may offer
     */
    public record Entry(String code, Severity severity, String title, String meaning, String evidence,
            List<String> fixes) {

        public Entry {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(severity, "severity");
            Objects.requireNonNull(title, "title");
            meaning = meaning == null ? "" : meaning;
            evidence = evidence == null ? "" : evidence;
            fixes = fixes == null ? List.of() : List.copyOf(fixes);
        }
    }

    private final Map<String, Entry> entries;

    private FindingCatalog(Map<String, Entry> entries) {
        this.entries = entries;
    }

    /**
     * The entries the detectors publish, with {@link #INTERNAL_ENTRY}; a code listed by a detector
     * without an entry gets a bare one.
     *
     * @throws IllegalArgumentException when two different entries have one code
     */
    public static FindingCatalog of(Collection<? extends Detector> detectors) {
        Map<String, Entry> map = new TreeMap<>();
        map.put(INTERNAL, INTERNAL_ENTRY);
        for (Detector d : detectors) {
            for (Entry e : d.catalog()) {
                Entry old = map.put(e.code(), e);
                if (old != null && !old.equals(e)) {
                    throw new IllegalArgumentException("two catalogue entries for " + e.code());
                }
            }
            for (String code : d.codes()) {
                map.putIfAbsent(code, new Entry(code, Severity.INFO, code, "", "", List.of()));
            }
        }
        return new FindingCatalog(map);
    }

    /** The entries in code order. */
    public Collection<Entry> entries() {
        return entries.values();
    }

    public Optional<Entry> entry(String code) {
        return Optional.ofNullable(entries.get(code));
    }

    /** The catalogue as the Markdown of docs/findings.md: one {@code ## CODE — title} section per code. */
    public String markdown() {
        StringBuilder md = new StringBuilder();
        for (Entry e : entries.values()) {
            md.append("## ").append(e.code()).append(" — ").append(e.title()).append("\n\n");
            md.append("Severity: ").append(e.severity()).append("\n\n");
            md.append(e.meaning()).append("\n\n");
            if (!e.evidence().isEmpty()) {
                md.append("Evidence: ").append(e.evidence()).append("\n\n");
            }
            md.append("Fixes: ").append(e.fixes().isEmpty() ? "none" : "`" + String.join("`, `", e.fixes()) + "`")
                    .append("\n\n");
        }
        return md.toString();
    }
}
