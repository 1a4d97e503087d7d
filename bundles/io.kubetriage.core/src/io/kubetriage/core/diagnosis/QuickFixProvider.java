package io.kubetriage.core.diagnosis;

import java.util.List;
import java.util.Optional;

/**
 * Turns a finding into {@link FixPlan}s. Phases contribute providers next to their detectors.
 * Implementations are stateless, with a public no-argument constructor.
 */
public interface QuickFixProvider {

    /** The fix ids it plans, as named in {@link Finding#fixIds()}. */
    List<String> fixIds();

    /** The plan of one fix for one finding; empty when the fix does not apply to it. */
    Optional<FixPlan> plan(String fixId, Finding finding, DiagnosisInput input);
}
