package io.kubetriage.diagnosis;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.kubetriage.core.diagnosis.Detector;
import io.kubetriage.core.diagnosis.Diagnosis;
import io.kubetriage.core.diagnosis.DiagnosisInput;
import io.kubetriage.core.diagnosis.Finding;
import io.kubetriage.core.diagnosis.FindingCatalog;
import io.kubetriage.core.diagnosis.FixPlan;
import io.kubetriage.core.diagnosis.QuickFixProvider;

/** Diagnoses with every contributed detector, and plans the quick fixes of a finding. */
public final class DiagnosisService {

    private static final System.Logger LOG = System.getLogger(DiagnosisService.class.getName());

    private final PhaseRegistry registry;

    public DiagnosisService() {
        this(new PhaseRegistry());
    }

    public DiagnosisService(PhaseRegistry registry) {
        this.registry = registry;
    }

    public PhaseRegistry registry() {
        return registry;
    }

    /** Every contributed detector, phase by phase. */
    public List<Detector> detectors() {
        List<Detector> all = new ArrayList<>();
        registry.phases().forEach(p -> all.addAll(p.detectors()));
        return all;
    }

    /** The findings of every contributed detector, cause first. */
    public List<Finding> diagnose(DiagnosisInput input) {
        return new Diagnosis(detectors()).run(input);
    }

    /** The catalogue of every contributed detector's codes. */
    public FindingCatalog catalog() {
        return FindingCatalog.of(detectors());
    }

    /** The plans of the finding's quick fixes, in the order of its fix ids; fixes that do not apply are left out. */
    public List<FixPlan> plans(Finding finding, DiagnosisInput input) {
        List<QuickFixProvider> providers = new ArrayList<>();
        registry.phases().forEach(p -> providers.addAll(p.quickFixProviders()));
        List<FixPlan> plans = new ArrayList<>();
        for (String fixId : finding.fixIds()) {
            for (QuickFixProvider provider : providers) {
                if (!provider.fixIds().contains(fixId)) {
                    continue;
                }
                try {
                    Optional<FixPlan> plan = provider.plan(fixId, finding, input);
                    if (plan.isPresent()) {
                        plans.add(plan.get());
                        break;
                    }
                } catch (RuntimeException | LinkageError e) {
                    LOG.log(System.Logger.Level.ERROR, "quick fix " + fixId + " of " + provider.getClass().getName()
                            + " failed for " + finding.id(), e);
                }
            }
        }
        return plans;
    }
}
