package dev.tally.domain.report;

import java.util.Objects;

/**
 * A request parameter that is malformed or out of range. The message names the parameter and says
 * what is accepted; it is meant for the caller, never a default in disguise.
 */
public final class RejectedParameter extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String parameter;

    public RejectedParameter(String parameter, String message) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        this.parameter = Objects.requireNonNull(parameter, "parameter");
    }

    public String parameter() {
        return parameter;
    }
}
