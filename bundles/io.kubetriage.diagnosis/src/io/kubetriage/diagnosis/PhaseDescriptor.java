package io.kubetriage.diagnosis;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IConfigurationElement;

import io.kubetriage.core.diagnosis.Detector;
import io.kubetriage.core.diagnosis.QuickFixProvider;

/**
 * One contributed phase as declared in plugin.xml. Its classes are created only when first asked
 * for; a class that cannot be created is logged and left out.
 */
public final class PhaseDescriptor {

    private static final System.Logger LOG = System.getLogger(PhaseDescriptor.class.getName());

    private final String id;
    private final String name;
    private final String description;
    private final String contributor;
    private final IConfigurationElement element;
    private List<Detector> detectors;
    private List<QuickFixProvider> providers;

    PhaseDescriptor(IConfigurationElement element) {
        this.element = Objects.requireNonNull(element, "element");
        this.id = Objects.requireNonNull(element.getAttribute("id"), "phase id");
        String n = element.getAttribute("name");
        this.name = n == null ? id : n;
        String d = element.getAttribute("description");
        this.description = d == null ? "" : d;
        this.contributor = element.getContributor() == null ? "?" : element.getContributor().getName();
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    /** The bundle that contributes it. */
    public String contributor() {
        return contributor;
    }

    /** Its detectors, created on first call. */
    public synchronized List<Detector> detectors() {
        if (detectors == null) {
            detectors = create("detector", Detector.class);
        }
        return detectors;
    }

    /** Its quick fix providers, created on first call. */
    public synchronized List<QuickFixProvider> quickFixProviders() {
        if (providers == null) {
            providers = create("quickFixProvider", QuickFixProvider.class);
        }
        return providers;
    }

    private <T> List<T> create(String child, Class<T> type) {
        List<T> result = new ArrayList<>();
        for (IConfigurationElement e : element.getChildren(child)) {
            String className = e.getAttribute("class");
            try {
                Object o = e.createExecutableExtension("class");
                if (type.isInstance(o)) {
                    result.add(type.cast(o));
                } else {
                    LOG.log(System.Logger.Level.ERROR, "phase {0} of {1}: {2} is no {3}; left out", id, contributor,
                            className, type.getSimpleName());
                }
            } catch (CoreException | RuntimeException | LinkageError ex) {
                LOG.log(System.Logger.Level.ERROR, "phase " + id + " of " + contributor + ": cannot create "
                        + className + "; left out", ex);
            }
        }
        return List.copyOf(result);
    }

    @Override
    public String toString() {
        return "phase " + id + " (" + contributor + ")";
    }
}
