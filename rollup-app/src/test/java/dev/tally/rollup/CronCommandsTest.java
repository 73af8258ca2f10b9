package dev.tally.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CronCommandsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "jdbc:postgresql://db:5432/tally                  | jdbc:postgresql://db:5432/postgres",
        "jdbc:postgresql://db/tally?sslmode=require&user=u | jdbc:postgresql://db/postgres?sslmode=require&user=u",
        "jdbc:postgresql://db:5432/                       | jdbc:postgresql://db:5432/postgres",
        "jdbc:postgresql://db:5432                        | jdbc:postgresql://db:5432/postgres",
        "jdbc:postgresql://a:5432,b:5433/tally?targetServerType=primary | jdbc:postgresql://a:5432,b:5433/postgres?targetServerType=primary",
        "jdbc:postgresql:tally                            | jdbc:postgresql:postgres",
        "jdbc:postgresql:tally?ssl=true                   | jdbc:postgresql:postgres?ssl=true"})
    void pgCronsDatabaseIsReachedOnTheSameServerWithTheSameParameters(String url, String expected) {
        assertThat(CronCommands.urlOfDatabase(url, "postgres")).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"tally, tally-rollup-tally", "usage db, tally-rollup-usage db"})
    void theJobIsNamedAfterTheRollupsDatabase(String database, String jobName) {
        assertThat(CronCommands.jobName(database)).isEqualTo(jobName);
    }
}
