package io.jenkins.plugins.switchupgrade.jenkins;

import io.jenkins.plugins.switchupgrade.steps.StepContext;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * One engine facade call with its arguments, sent to the agent. Implementations are small
 * serializable classes (not lambdas, which remoting handles poorly) holding only step arguments.
 */
interface FacadeCall extends Serializable {

    /** The Pipeline step name, for messages. */
    String stepName();

    /** Artifacts of this build the facade may read, copied next to it before the call. */
    default List<String> reads() {
        return List.of();
    }

    Map<String, Object> call(StepContext engine);
}
