/**
 * Tally's domain: plain Java 17 with no dependencies beyond the JDK. Sub-packages hold one concept
 * each, with the ports that concept needs beside it.
 */
package dev.tally.domain;
