package io.kubetriage.ui.internal.findings;

import org.eclipse.core.expressions.PropertyTester;

import io.kubetriage.core.snapshot.ObjectKey;

/**
 * Properties of the Findings view's selection for {@code visibleWhen}/{@code enabledWhen} of
 * commands (namespace {@value #NAMESPACE}), so phase UI bundles can offer a command for one code:
 * <ul>
 * <li>{@code code}: the finding's code equals the value, e.g. {@code KT-ROLLBACK-003}</li>
 * <li>{@code affectsKind}: the finding affects an object of that kind, e.g. {@code Deployment}
 * (for an affected object row: that object is of that kind)</li>
 * </ul>
 */
public final class FindingPropertyTester extends PropertyTester {

    public static final String NAMESPACE = "io.kubetriage.ui.findings";

    @Override
    public boolean test(Object receiver, String property, Object[] args, Object expectedValue) {
        if (!(receiver instanceof FindingElement element)) {
            return false;
        }
        String expected = expectedValue == null ? null : expectedValue.toString();
        return switch (property) {
            case "code" -> element.finding().code().equals(expected);
            case "affectsKind" -> element instanceof AffectedObject a ? a.key().kind().equals(expected)
                    : element.finding().affected().stream().map(ObjectKey::kind).anyMatch(k -> k.equals(expected));
            default -> false;
        };
    }
}
