/**
 * report-app's HTTP interface: the routes, their JSON, authentication, errors, health and
 * metrics, on Javalin. It turns requests into domain use-case calls and outcomes into responses;
 * it holds no report logic of its own and no SQL.
 */
package dev.tally.report.http;
