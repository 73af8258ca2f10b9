package dev.tally.persistence.postgres.internal;

import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Param;

/** The user's profile and timezone; SQL in UserMapper.xml. */
interface UserMapper {

    String storedTimezone(@Param("userId") UUID userId);

    UserProfileRow profile(@Param("userId") UUID userId);

    List<UserMembershipRow> memberships(@Param("userId") UUID userId);

    int storeTimezone(@Param("userId") UUID userId, @Param("timezone") String timezone);
}
