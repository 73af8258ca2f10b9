package dev.tally.persistence.postgres.internal;

import dev.tally.domain.report.access.AccessTokens;
import dev.tally.domain.report.access.StoredToken;
import dev.tally.domain.report.access.TokenHash;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/** Tokens in api_token, by hash only. */
public final class TokenStore implements AccessTokens {

    private final MyBatisSessions sessions;

    public TokenStore(MyBatisSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public Optional<UUID> ownerOfActiveToken(TokenHash hash) {
        return Optional.ofNullable(call(mapper -> mapper.ownerOfActiveToken(hash.sha256Hex())));
    }

    /** Empty when no user matches, and when several differ only in case and none matches exactly. */
    @Override
    public Optional<UUID> userWithEmail(String email) {
        List<UUID> users = call(mapper -> mapper.usersWithEmail(email));
        return users.size() == 1 ? Optional.of(users.get(0)) : Optional.empty();
    }

    @Override
    public StoredToken store(UUID userId, String name, TokenHash hash) {
        return call(mapper -> mapper.store(userId, name, hash.sha256Hex())).toStoredToken();
    }

    @Override
    public Optional<StoredToken> find(UUID tokenId) {
        return Optional.ofNullable(call(mapper -> mapper.findById(tokenId))).map(TokenRow::toStoredToken);
    }

    @Override
    public Optional<StoredToken> find(TokenHash hash) {
        return Optional.ofNullable(call(mapper -> mapper.findByHash(hash.sha256Hex()))).map(TokenRow::toStoredToken);
    }

    @Override
    public Optional<Instant> revoke(UUID tokenId) {
        return Optional.ofNullable(call(mapper -> mapper.revoke(tokenId)));
    }

    @Override
    public List<StoredToken> tokensOf(UUID userId) {
        return call(mapper -> mapper.tokensOf(userId)).stream().map(TokenRow::toStoredToken).toList();
    }

    private <T> T call(Function<TokenMapper, T> statement) {
        return sessions.inTransaction(session -> statement.apply(session.getMapper(TokenMapper.class)));
    }
}
