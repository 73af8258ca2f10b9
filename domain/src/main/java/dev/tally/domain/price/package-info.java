/**
 * The dated price catalog: {@link dev.tally.domain.price.ModelPrice} (USD per million tokens of each
 * kind for one provider and model, in force from an hour edge until the next entry), the port that
 * stores it ({@link dev.tally.domain.price.PriceCatalog}) and the import use case. Uses the JDK only.
 */
package dev.tally.domain.price;
