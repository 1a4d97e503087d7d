package io.kubetriage.core.kubeconfig;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class KubeconfigLocatorTest {

    private static final Path HOME = Path.of("/home/ana");
    private static final String SEP = File.pathSeparator;

    @Test
    void withoutKubeconfigVariableUsesTheFileInTheHomeDirectory() {
        assertEquals(List.of(Path.of("/home/ana/.kube/config")),
                KubeconfigLocator.resolve(Map.of("HOME", "/elsewhere"), HOME));
    }

    @Test
    void emptyKubeconfigVariableCountsAsUnset() {
        assertEquals(List.of(Path.of("/home/ana/.kube/config")),
                KubeconfigLocator.resolve(Map.of("KUBECONFIG", ""), HOME));
    }

    @Test
    void splitsOnThePathSeparatorKeepingOrderWithoutEmptyEntriesOrRepeats() {
        String value = String.join(SEP, "/b/config", "", "/a/config", "/b/config", "/a/./config", "");

        List<Path> files = KubeconfigLocator.resolve(Map.of("KUBECONFIG", value), HOME);

        assertEquals(List.of(Path.of("/b/config"), Path.of("/a/config")), files);
    }

    @Test
    void singleFileIsUsedAsIs() {
        assertEquals(List.of(Path.of("/srv/kind.yaml")),
                KubeconfigLocator.resolve(Map.of("KUBECONFIG", "/srv/kind.yaml"), HOME));
    }

    @Test
    void onlySeparatorsNameNoFile() {
        assertEquals(List.of(), KubeconfigLocator.resolve(Map.of("KUBECONFIG", SEP + SEP), HOME));
    }
}
