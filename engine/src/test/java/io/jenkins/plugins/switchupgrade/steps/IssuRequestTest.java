package io.jenkins.plugins.switchupgrade.steps;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The ISSU's limits: the driver's defaults in one place, and the bound a resumed ISSU is followed for. */
class IssuRequestTest {
    @Test
    void theDefaultLimitsAreTheDriversAndTheirSumBoundsAResume() {
        assertEquals(Duration.ofMinutes(5), IssuUpgrade.DEFAULT_LIMITS.imageValidation());
        // 5 min to validate, 15 to copy, 20 for each of two slaves' turns, 20 for the master, 2 to settle
        assertEquals(Duration.ofMinutes(5 + 15 + 2 * 20 + 20 + 2), new IssuUpgrade.Request().limit());
        assertEquals(Duration.ofSeconds(10 + 10 + 2 * 30 + 40 + 5), new IssuUpgrade.Request()
                .imageValidationSeconds(10).imageCopySeconds(10).slaveRebootSeconds(30).masterRebootSeconds(40)
                .settleSeconds(5).limit());
    }
}
