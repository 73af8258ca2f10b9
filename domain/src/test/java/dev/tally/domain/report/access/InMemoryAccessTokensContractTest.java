package dev.tally.domain.report.access;

import java.time.Clock;
import java.util.UUID;

class InMemoryAccessTokensContractTest extends AccessTokensContractTest {

    private final InMemoryAccessTokens tokens = new InMemoryAccessTokens(Clock.systemUTC());

    @Override
    protected AccessTokens tokens() {
        return tokens;
    }

    @Override
    protected UUID aUserWithEmail(String email) {
        return tokens.aUserWithEmail(email);
    }
}
