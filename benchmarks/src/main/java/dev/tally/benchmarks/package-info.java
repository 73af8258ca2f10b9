/**
 * The benchmark program: one fresh database per history size, a generated workload, and the
 * scenarios of issue 8 measured side by side against their references (the seed's recompute in a
 * scratch schema, a raw scan of task_usage, one INSERT ... SELECT ... GROUP BY). Programs, not
 * timed tests: nothing here runs in {@code mvn verify} except one tiny smoke run.
 */
package dev.tally.benchmarks;
