/**
 * Price files as {@code report-app prices import} reads them: Tally's CSV ({@link dev.tally.report.prices.PriceCsv})
 * and LiteLLM's model_prices_and_context_window.json ({@link dev.tally.report.prices.LiteLlmPrices}),
 * each turned into the domain's {@code ModelPrice}s, or refused naming the line (or key) and field.
 */
package dev.tally.report.prices;
