package dev.tally.domain.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class UsageCostTest {

    @Test
    void amounts_are_exact_to_ten_decimal_places_and_cost_is_reported_plus_estimated() {
        UsageCost cost = new UsageCost(new BigDecimal("0.0000000001"), new BigDecimal("1.5"), 0);

        assertThat(cost.costUsd().toPlainString()).isEqualTo("1.5000000001");
        assertThat(cost.estimatedUsd().toPlainString()).isEqualTo("1.5000000000");
    }

    @Test
    void an_amount_finer_than_the_unit_is_refused_not_rounded() {
        assertThatThrownBy(() -> new UsageCost(new BigDecimal("0.00000000001"), BigDecimal.ZERO, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finer than 1e-10");
    }

    @Test
    void unpriced_tokens_make_a_cost_partial_and_add_up() {
        UsageCost sum = new UsageCost(BigDecimal.ONE, BigDecimal.ZERO, 5).plus(new UsageCost(BigDecimal.ZERO, BigDecimal.ONE, 7));

        assertThat(sum).isEqualTo(new UsageCost(new BigDecimal("1"), new BigDecimal("1"), 12));
        assertThat(sum.isPartial()).isTrue();
        assertThat(UsageCost.NONE.isPartial()).isFalse();
    }
}
