package io.jenkins.plugins.switchupgrade.jenkins;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;

import hudson.init.Terminator;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import jenkins.model.Jenkins;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.annotation_indexer.Index;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Core calls {@link Terminator} methods reflectively from its own package, without {@code setAccessible}: each of
 * ours must be reachable by a public lookup, or the shutdown fails and running work is never interrupted.
 */
@WithJenkins
class StepShutdownTest {

    @Test
    void everyTerminatorOfThePluginIsPubliclyCallable(JenkinsRule j) throws Exception {
        List<Method> ours = new ArrayList<>();
        // core's TaskMethodFinder finds terminators in annotation-indexer's index (Terminator is @Indexed), not SezPoz's
        for (Method method : Index.list(Terminator.class, Jenkins.get().getPluginManager().uberClassLoader,
                Method.class)) {
            if (method.getDeclaringClass().getPackageName().equals(StepShutdown.class.getPackageName())) {
                ours.add(method);
            }
        }
        assertFalse(ours.isEmpty(), "the long steps' work is interrupted at shutdown");
        for (Method method : ours) {
            // a public lookup sees what a caller in another package sees
            assertDoesNotThrow(() -> MethodHandles.publicLookup().unreflect(method), method.toString());
        }
    }
}
