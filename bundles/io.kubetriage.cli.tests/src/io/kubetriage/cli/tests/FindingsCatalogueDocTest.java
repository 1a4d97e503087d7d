package io.kubetriage.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import io.kubetriage.core.diagnosis.FindingCatalog;
import io.kubetriage.diagnosis.DiagnosisService;
import io.kubetriage.test.support.SourceTree;

/**
 * docs/findings.md, the public catalogue of finding codes, is exactly the catalogue of every phase
 * installed (as the product installs them: found through the extension registry).
 */
class FindingsCatalogueDocTest {

    static final String BEGIN = "<!-- catalogue:begin (generated from FindingCatalog; keep equal) -->\n";
    static final String END = "<!-- catalogue:end -->";

    @Test
    void theDocumentIsTheCatalogueOfEveryInstalledPhase() throws Exception {
        Path file = SourceTree.file("docs/findings.md");
        String doc = Files.readString(file);
        int begin = doc.indexOf(BEGIN);
        int end = doc.indexOf(END);
        assertTrue(begin >= 0 && end > begin, "docs/findings.md has the catalogue markers");
        FindingCatalog catalog = new DiagnosisService().catalog();
        String expected = catalog.markdown();
        if (!expected.equals(doc.substring(begin + BEGIN.length(), end))) {
            // what the document should hold, for whoever regenerates it
            Path out = Path.of("target", "findings-catalogue.md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, expected);
        }
        assertEquals(expected, doc.substring(begin + BEGIN.length(), end),
                "docs/findings.md differs from the installed phases' catalogue; the expected text is in "
                        + Path.of("target", "findings-catalogue.md").toAbsolutePath());
    }

    @Test
    void everyPhaseOfTheProductIsInstalledAndPublishesItsCodes() {
        Set<String> prefixes = new TreeSet<>();
        new DiagnosisService().catalog().entries()
                .forEach(e -> prefixes.add(e.code().substring(0, e.code().lastIndexOf('-'))));
        assertEquals(Set.of("KT-CNI", "KT-INTERNAL", "KT-ROLLBACK", "KT-ROUTING"), prefixes);
        assertEquals(List.of("cni", "rollback", "routing"), new DiagnosisService().registry().phases().stream()
                .map(p -> p.id()).sorted().toList());
    }
}
