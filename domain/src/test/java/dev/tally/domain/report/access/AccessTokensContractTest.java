package dev.tally.domain.report.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every {@link AccessTokens} must do. The in-memory fake and the PostgreSQL adapter both
 * extend this class (published in the domain's test-jar).
 */
public abstract class AccessTokensContractTest {

    private final Random random = new SecureRandom();

    protected abstract AccessTokens tokens();

    /** A user with this email address (unique per call). */
    protected abstract UUID aUserWithEmail(String email);

    @Test
    void aStoredTokenIdentifiesItsUserByHashAlone() {
        UUID user = aUserWithEmail(unique("ada@example.com"));
        AccessToken token = AccessToken.generate(random);

        StoredToken stored = tokens().store(user, "grafana", token.hash());

        assertThat(stored.userId()).isEqualTo(user);
        assertThat(stored.name()).isEqualTo("grafana");
        assertThat(stored.isActive()).isTrue();
        assertThat(tokens().ownerOfActiveToken(token.hash())).contains(user);
        assertThat(tokens().find(token.hash())).contains(stored);
        assertThat(tokens().find(stored.id())).contains(stored);
    }

    @Test
    void anUnknownTokenIdentifiesNobody() {
        assertThat(tokens().ownerOfActiveToken(AccessToken.generate(random).hash())).isEmpty();
        assertThat(tokens().find(AccessToken.generate(random).hash())).isEmpty();
        assertThat(tokens().find(UUID.randomUUID())).isEmpty();
    }

    @Test
    void aRevokedTokenIdentifiesNobodyAndRevokingAgainChangesNothing() {
        UUID user = aUserWithEmail(unique("grace@example.com"));
        AccessToken token = AccessToken.generate(random);
        StoredToken stored = tokens().store(user, "", token.hash());

        Instant revokedAt = tokens().revoke(stored.id()).orElseThrow();

        assertThat(tokens().ownerOfActiveToken(token.hash())).isEmpty();
        assertThat(tokens().find(stored.id())).hasValueSatisfying(found -> assertThat(found.revokedAt()).contains(revokedAt));
        assertThat(tokens().revoke(stored.id())).isEmpty();
        assertThat(tokens().find(stored.id())).hasValueSatisfying(found -> assertThat(found.revokedAt()).contains(revokedAt));
        assertThat(tokens().revoke(UUID.randomUUID())).isEmpty();
    }

    @Test
    void aUsersTokensAreListedOldestFirstRevokedOnesIncluded() {
        UUID user = aUserWithEmail(unique("linus@example.com"));
        UUID someoneElse = aUserWithEmail(unique("ken@example.com"));
        StoredToken first = tokens().store(user, "first", AccessToken.generate(random).hash());
        tokens().store(someoneElse, "not theirs", AccessToken.generate(random).hash());
        StoredToken second = tokens().store(user, "second", AccessToken.generate(random).hash());
        tokens().revoke(first.id());

        List<StoredToken> listed = tokens().tokensOf(user);

        assertThat(listed).extracting(StoredToken::id).containsExactly(first.id(), second.id());
        assertThat(listed.get(0).isActive()).isFalse();
    }

    @Test
    void usersAreFoundByEmailWithoutRegardToCase() {
        String email = unique("Barbara@Example.com");
        UUID user = aUserWithEmail(email);

        assertThat(tokens().userWithEmail(email)).contains(user);
        assertThat(tokens().userWithEmail(email.toLowerCase(java.util.Locale.ROOT))).contains(user);
        assertThat(tokens().userWithEmail(email.toUpperCase(java.util.Locale.ROOT))).contains(user);
        assertThat(tokens().userWithEmail(unique("nobody@example.com"))).isEmpty();
    }

    private static String unique(String email) {
        return UUID.randomUUID().toString().substring(0, 8) + "." + email;
    }
}
