package dev.tally.domain.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CanonicalUuidTest {

    @Test
    void aCanonicalUuidInEitherCaseIsRead() {
        UUID id = UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e");
        assertThat(CanonicalUuid.parse("0f8fad5b-d9cb-469f-a165-70867728950e")).contains(id);
        assertThat(CanonicalUuid.parse("0F8FAD5B-D9CB-469F-A165-70867728950E")).contains(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"+0000000-0000-0000-0000-000000000001", "1-2-3-4-5", "０0000000-0000-0000-0000-000000000001",
            "0f8fad5bd9cb469fa16570867728950e", "0f8fad5b-d9cb-469f-a165-70867728950e ", "", "null"})
    void anyOtherSpellingIsNotAUuid(String value) {
        assertThat(CanonicalUuid.parse(value)).isEmpty();
    }
}
