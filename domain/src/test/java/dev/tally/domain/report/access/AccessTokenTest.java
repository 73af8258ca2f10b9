package dev.tally.domain.report.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AccessTokenTest {

    @Test
    void aTokenIsThePrefixAnd32RandomBytesInBase64Url() {
        AccessToken token = AccessToken.generate(new Random(1));

        assertThat(token.reveal()).startsWith("tly_").hasSize(4 + 43).matches("tly_[A-Za-z0-9_-]{43}");
        assertThat(AccessToken.parse(token.reveal())).contains(token);
    }

    @Test
    void twoTokensDiffer() {
        Random random = new Random(1);

        assertThat(AccessToken.generate(random)).isNotEqualTo(AccessToken.generate(random));
    }

    @Test
    void theHashIsTheSha256OfTheTextInLowerCaseHex() {
        AccessToken token = AccessToken.generate(new Random(1));

        assertThat(token.hash()).isEqualTo(TokenHash.of(token.reveal()));
        assertThat(TokenHash.of("abc").sha256Hex())
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void theTextNeverShowsInToString() {
        AccessToken token = AccessToken.generate(new Random(1));

        assertThat(token.toString()).doesNotContain(token.reveal().substring(4));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "tly_", "tly_short", "abc_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "tly_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+", "tly_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})
    void anythingWithoutATokensShapeIsNoToken(String presented) {
        assertThat(AccessToken.parse(presented)).isEmpty();
    }
}
