package dev.tally.domain.report.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.domain.report.Caller;
import java.time.Clock;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Create, use, list and revoke tokens through the use cases, over the in-memory store. */
class TokenLifecycleTest {

    private final InMemoryAccessTokens tokens = new InMemoryAccessTokens(Clock.systemUTC());
    private final UUID ada = tokens.aUserWithEmail("ada@example.com");
    private final CreateAccessToken create = new CreateAccessToken(tokens, new Random(3));
    private final AuthenticateCaller authenticate = new AuthenticateCaller(tokens);
    private final RevokeAccessToken revoke = new RevokeAccessToken(tokens);

    @Test
    void aCreatedTokenAuthenticatesItsUser() {
        CreateAccessToken.Created created = created(create.run("Ada@Example.com", " grafana "));

        assertThat(created.stored().name()).isEqualTo("grafana");
        assertThat(authenticate.run(Optional.of("Bearer " + created.token().reveal())))
                .isEqualTo(new AuthenticateCaller.Authenticated(new Caller(ada)));
        assertThat(authenticate.run(Optional.of("bearer  " + created.token().reveal() + " ")))
                .isEqualTo(new AuthenticateCaller.Authenticated(new Caller(ada)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Bearer", "Bearer ", "Basic YWRhOnNlY3JldA==", "Token abc"})
    void withoutABearerTokenTheCallerIsMissing(String header) {
        assertThat(authenticate.run(Optional.of(header))).isEqualTo(new AuthenticateCaller.Missing());
        assertThat(authenticate.run(Optional.empty())).isEqualTo(new AuthenticateCaller.Missing());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer nonsense", "Bearer tly_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})
    void aMalformedOrUnknownTokenIsInvalid(String header) {
        assertThat(authenticate.run(Optional.of(header))).isEqualTo(new AuthenticateCaller.Invalid());
    }

    @Test
    void aTokenRevokedByIdNoLongerAuthenticatesAndRevokingAgainSaysSo() {
        CreateAccessToken.Created created = created(create.run("ada@example.com", ""));

        RevokeAccessToken.Result first = revoke.run(created.stored().id().toString());
        RevokeAccessToken.Result second = revoke.run(created.stored().id().toString());

        assertThat(first).isInstanceOfSatisfying(RevokeAccessToken.Revoked.class,
                revoked -> assertThat(revoked.token().revokedAt()).isPresent());
        assertThat(second).isInstanceOf(RevokeAccessToken.AlreadyRevoked.class);
        assertThat(authenticate.run(Optional.of("Bearer " + created.token().reveal())))
                .isEqualTo(new AuthenticateCaller.Invalid());
    }

    @Test
    void aTokenCanBeRevokedByItsText() {
        CreateAccessToken.Created created = created(create.run("ada@example.com", ""));

        assertThat(revoke.run(created.token().reveal())).isInstanceOf(RevokeAccessToken.Revoked.class);
        assertThat(authenticate.run(Optional.of("Bearer " + created.token().reveal())))
                .isEqualTo(new AuthenticateCaller.Invalid());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "nonsense", "8a6e0804-2bd0-4672-b79d-d97027f9071a",
            "tly_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})
    void revokingSomethingThatIsNoTokenSaysSo(String reference) {
        assertThat(revoke.run(reference)).isEqualTo(new RevokeAccessToken.NoSuchToken());
    }

    @Test
    void anUnknownEmailGetsNoToken() {
        assertThat(create.run("nobody@example.com", "")).isEqualTo(new CreateAccessToken.UnknownUser("nobody@example.com"));
        assertThat(new ListAccessTokens(tokens).run("nobody@example.com")).isEmpty();
    }

    @Test
    void anOverlongNameIsRefused() {
        assertThat(create.run("ada@example.com", "x".repeat(CreateAccessToken.LONGEST_NAME + 1)))
                .isInstanceOf(CreateAccessToken.InvalidName.class);
        assertThat(tokens.tokensOf(ada)).isEmpty();
    }

    @Test
    void listingShowsEveryTokenOfTheUser() {
        created(create.run("ada@example.com", "one"));
        created(create.run("ada@example.com", "two"));

        assertThat(new ListAccessTokens(tokens).run("ADA@example.com")).hasValueSatisfying(list ->
                assertThat(list).extracting(StoredToken::name).containsExactly("one", "two"));
    }

    private static CreateAccessToken.Created created(CreateAccessToken.Result result) {
        assertThat(result).isInstanceOf(CreateAccessToken.Created.class);
        return (CreateAccessToken.Created) result;
    }
}
