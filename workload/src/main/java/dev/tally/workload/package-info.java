/**
 * A realistic workload, generated set-based inside PostgreSQL: workspaces with runtimes, agents,
 * projects and issues; tasks with a daily rhythm; usage over several providers and models; late
 * corrections, reassignments and deletions. Used by the quickstart and the benchmarks; JDBC only.
 */
package dev.tally.workload;
