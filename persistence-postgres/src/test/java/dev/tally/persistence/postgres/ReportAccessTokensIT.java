package dev.tally.persistence.postgres;

import dev.tally.domain.report.access.AccessTokens;
import dev.tally.domain.report.access.AccessTokensContractTest;
import dev.tally.testing.TestDatabase;
import java.util.UUID;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The domain's AccessTokens contract, on api_token (V003) through the facade. */
class ReportAccessTokensIT extends AccessTokensContractTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private final AccessTokens tokens = TallyPostgres.create(db.dataSource()).accessTokens();

    @Override
    protected AccessTokens tokens() {
        return tokens;
    }

    @Override
    protected UUID aUserWithEmail(String email) {
        return db.sql().single("INSERT INTO \"user\" (email) VALUES (?) RETURNING id", UUID.class, email);
    }
}
