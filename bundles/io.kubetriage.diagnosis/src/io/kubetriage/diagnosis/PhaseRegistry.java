package io.kubetriage.diagnosis;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.eclipse.core.runtime.IConfigurationElement;
import org.eclipse.core.runtime.IExtensionRegistry;
import org.eclipse.core.runtime.RegistryFactory;

/**
 * The phases contributed to the extension point {@value #EXTENSION_POINT}. Reads the registry on
 * each call to {@link #phases()}, so phases installed or removed later are seen; the classes of a
 * phase are created late, by its {@link PhaseDescriptor}. A broken contribution is logged and skipped.
 */
public final class PhaseRegistry {

    /** The extension point's full id. */
    public static final String EXTENSION_POINT = "io.kubetriage.diagnosis.phases";

    private static final System.Logger LOG = System.getLogger(PhaseRegistry.class.getName());

    private final IExtensionRegistry registry;

    /** The platform's extension registry (none outside OSGi: no phases then). */
    public PhaseRegistry() {
        this(RegistryFactory.getRegistry());
    }

    /** @param registry the registry to read; null means no phases */
    public PhaseRegistry(IExtensionRegistry registry) {
        this.registry = registry;
    }

    /** The contributed phases, in registry order; a phase id contributed twice is kept once (the first). */
    public List<PhaseDescriptor> phases() {
        List<PhaseDescriptor> result = new ArrayList<>();
        if (registry == null) {
            return result;
        }
        for (IConfigurationElement e : registry.getConfigurationElementsFor(EXTENSION_POINT)) {
            if (!"phase".equals(e.getName())) {
                continue;
            }
            try {
                PhaseDescriptor d = new PhaseDescriptor(e);
                if (result.stream().anyMatch(p -> p.id().equals(d.id()))) {
                    LOG.log(System.Logger.Level.WARNING, "phase {0} of {1} is contributed twice; the second is skipped",
                            d.id(), d.contributor());
                } else {
                    result.add(d);
                }
            } catch (RuntimeException ex) {
                LOG.log(System.Logger.Level.ERROR, "a phase of " + (e.getContributor() == null ? "?"
                        : e.getContributor().getName()) + " is broken; skipped", ex);
            }
        }
        return List.copyOf(result);
    }

    public Optional<PhaseDescriptor> phase(String id) {
        return phases().stream().filter(p -> p.id().equals(id)).findFirst();
    }
}
