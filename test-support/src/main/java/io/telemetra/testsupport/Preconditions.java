package io.telemetra.testsupport;

import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs from the machine (a browser, packaged jars). On a developer's machine a test whose precondition is
 * missing is skipped, saying why; in CI ({@code CI=true}, as {@code .ci/run} sets it) it fails instead, so that a
 * green build never hides a test that did not run.
 */
public final class Preconditions {

    public static final String CI_VARIABLE = "CI";

    private Preconditions() {
    }

    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv(CI_VARIABLE));
    }

    /**
     * @param met      whether the precondition holds
     * @param missing  what is missing and how to provide it, for the skip or the failure
     */
    public static void require(boolean met, String missing) {
        if (met) {
            return;
        }
        if (inCi()) {
            throw new AssertionError(missing + " (CI=true: a missing precondition fails the build instead of skipping"
                    + " the test)");
        }
        Assumptions.abort("Skipped: " + missing);
    }
}
