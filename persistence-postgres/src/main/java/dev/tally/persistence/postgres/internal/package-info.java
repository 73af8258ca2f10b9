/**
 * MyBatis internals of the PostgreSQL adapters: mappers (XML beside each interface, under
 * resources), their row records and the adapter classes. Nothing here is used outside the module.
 */
package dev.tally.persistence.postgres.internal;
