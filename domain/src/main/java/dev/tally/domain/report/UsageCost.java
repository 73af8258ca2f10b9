package dev.tally.domain.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * What a report row's usage cost, in USD exact to 1e-10 (the unit of {@code task_usage.cost_usd_ticks}):
 * what providers reported, what the price catalog estimates for the tokens of rows that reported
 * nothing (each bucket at the price in force at its start), and the tokens no price covered.
 * Unpriced tokens are counted, never costed as $0: a cost with unpriced tokens is a lower bound.
 */
public record UsageCost(BigDecimal reportedUsd, BigDecimal estimatedUsd, long unpricedTokens) {

    /** Every amount carries exactly this many decimal places. */
    public static final int SCALE = 10;

    public static final UsageCost NONE = new UsageCost(BigDecimal.ZERO, BigDecimal.ZERO, 0);

    public UsageCost {
        reportedUsd = exact("reportedUsd", reportedUsd);
        estimatedUsd = exact("estimatedUsd", estimatedUsd);
        if (unpricedTokens < 0) {
            throw new IllegalArgumentException("unpriced tokens cannot be negative: " + unpricedTokens);
        }
    }

    /** Reported plus estimated: the cost of the priced and costed usage. */
    public BigDecimal costUsd() {
        return reportedUsd.add(estimatedUsd);
    }

    /** True when some tokens had no price, so {@link #costUsd()} leaves them out. */
    public boolean isPartial() {
        return unpricedTokens > 0;
    }

    public UsageCost plus(UsageCost other) {
        return new UsageCost(reportedUsd.add(other.reportedUsd), estimatedUsd.add(other.estimatedUsd),
                Math.addExact(unpricedTokens, other.unpricedTokens));
    }

    /** Scale 10 without rounding: an amount finer than 1e-10 USD is a caller's error, not something to hide. */
    private static BigDecimal exact(String name, BigDecimal usd) {
        Objects.requireNonNull(usd, name);
        if (usd.signum() < 0) {
            throw new IllegalArgumentException(name + " cannot be negative: " + usd.toPlainString());
        }
        try {
            return usd.setScale(SCALE, RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(name + " is finer than 1e-10 USD: " + usd.toPlainString(), e);
        }
    }
}
