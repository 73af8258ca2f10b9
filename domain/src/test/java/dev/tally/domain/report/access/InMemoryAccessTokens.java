package dev.tally.domain.report.access;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** AccessTokens in memory, held to the same contract as the PostgreSQL adapter. */
final class InMemoryAccessTokens implements AccessTokens {

    private final Map<String, UUID> users = new HashMap<>();
    private final Map<UUID, StoredToken> tokens = new LinkedHashMap<>();
    private final Map<UUID, TokenHash> hashes = new HashMap<>();
    private final Clock clock;

    InMemoryAccessTokens(Clock clock) {
        this.clock = clock;
    }

    UUID aUserWithEmail(String email) {
        UUID id = UUID.randomUUID();
        users.put(email.toLowerCase(Locale.ROOT), id);
        return id;
    }

    @Override
    public Optional<UUID> ownerOfActiveToken(TokenHash hash) {
        return find(hash).filter(StoredToken::isActive).map(StoredToken::userId);
    }

    @Override
    public Optional<UUID> userWithEmail(String email) {
        return Optional.ofNullable(users.get(email.toLowerCase(Locale.ROOT)));
    }

    @Override
    public StoredToken store(UUID userId, String name, TokenHash hash) {
        StoredToken token = new StoredToken(UUID.randomUUID(), userId, name, clock.instant(), Optional.empty());
        tokens.put(token.id(), token);
        hashes.put(token.id(), hash);
        return token;
    }

    @Override
    public Optional<StoredToken> find(UUID tokenId) {
        return Optional.ofNullable(tokens.get(tokenId));
    }

    @Override
    public Optional<StoredToken> find(TokenHash hash) {
        return hashes.entrySet().stream().filter(entry -> entry.getValue().equals(hash))
                .map(entry -> tokens.get(entry.getKey())).findFirst();
    }

    @Override
    public Optional<Instant> revoke(UUID tokenId) {
        StoredToken token = tokens.get(tokenId);
        if (token == null || !token.isActive()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        tokens.put(tokenId, new StoredToken(token.id(), token.userId(), token.name(), token.createdAt(), Optional.of(now)));
        return Optional.of(now);
    }

    @Override
    public List<StoredToken> tokensOf(UUID userId) {
        List<StoredToken> owned = new ArrayList<>();
        tokens.values().stream().filter(token -> token.userId().equals(userId)).forEach(owned::add);
        return owned;
    }
}
