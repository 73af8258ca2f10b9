package dev.tally.persistence.postgres.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Param;

/** The api_token table and the user lookup that issuing needs; SQL in TokenMapper.xml. */
interface TokenMapper {

    UUID ownerOfActiveToken(@Param("sha256") String sha256);

    List<UUID> usersWithEmail(@Param("email") String email);

    TokenRow store(@Param("userId") UUID userId, @Param("name") String name, @Param("sha256") String sha256);

    TokenRow findById(@Param("id") UUID id);

    TokenRow findByHash(@Param("sha256") String sha256);

    Instant revoke(@Param("id") UUID id);

    List<TokenRow> tokensOf(@Param("userId") UUID userId);
}
