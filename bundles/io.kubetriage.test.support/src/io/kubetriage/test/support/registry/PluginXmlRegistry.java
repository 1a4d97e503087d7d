package io.kubetriage.test.support.registry;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import org.eclipse.core.runtime.ContributorFactorySimple;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IExtensionRegistry;
import org.eclipse.core.runtime.RegistryFactory;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.spi.RegistryContributor;
import org.eclipse.core.runtime.spi.RegistryStrategy;

import io.kubetriage.test.support.SourceTree;

/**
 * An extension registry of its own (no OSGi needed) holding the plugin.xml of bundles of the
 * source tree, so that a test reads a bundle's contributions as the workbench would. The classes
 * the contributions name are loaded through the class loader of a class of the test's.
 */
public final class PluginXmlRegistry implements AutoCloseable {

    private final Object token = new Object();
    private final IExtensionRegistry registry;

    private PluginXmlRegistry(ClassLoader loader) {
        RegistryStrategy strategy = new RegistryStrategy(null, null) {
            @Override
            public Object createExecutableExtension(RegistryContributor contributor, String className,
                    String overriddenContributorName) throws CoreException {
                try {
                    return Class.forName(className, true, loader).getDeclaredConstructor().newInstance();
                } catch (ReflectiveOperationException | LinkageError e) {
                    throw new CoreException(Status.error("cannot create " + className, e));
                }
            }
        };
        registry = RegistryFactory.createRegistry(strategy, token, null);
    }

    /**
     * A registry with the plugin.xml of each bundle named, read from {@code bundles/<name>/plugin.xml}
     * of the source tree.
     *
     * @param loaderOf a class whose class loader sees the contributed classes
     */
    public static PluginXmlRegistry of(Class<?> loaderOf, String... bundles) throws IOException {
        PluginXmlRegistry r = new PluginXmlRegistry(loaderOf.getClassLoader());
        for (String bundle : bundles) {
            r.add(bundle, Files.readString(SourceTree.file("bundles/" + bundle + "/plugin.xml")));
        }
        return r;
    }

    /** Adds the contributions of a plugin.xml text under the contributor's name; fails the test if refused. */
    public void add(String contributor, String xml) {
        InputStream in = new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8));
        assertTrue(registry.addContribution(in, ContributorFactorySimple.createContributor(contributor), false,
                contributor, null, token), "contribution of " + contributor);
    }

    /** The registry. */
    public IExtensionRegistry registry() {
        return registry;
    }

    /** Stops the registry. */
    @Override
    public void close() {
        registry.stop(token);
    }
}
