package dev.tally.domain.bucket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Instant;
import java.util.UUID;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BucketKeyTest {

    private static final Instant HOUR = Instant.parse("2026-03-10T10:00:00Z");
    private static final UUID WORKSPACE = UUID.randomUUID();
    private static final UUID RUNTIME = UUID.randomUUID();
    private static final UUID AGENT = UUID.randomUUID();
    private static final UUID PROJECT = UUID.randomUUID();
    private static final UUID NO_PROJECT = null;
    private static final String PROVIDER = "openai";
    private static final String MODEL = "gpt-5";

    @Test
    void acceptsTheStartOfAUtcHour() {
        BucketKey key = new BucketKey(HOUR, WORKSPACE, RUNTIME, AGENT, PROJECT, PROVIDER, MODEL);

        assertThat(key.bucketHour()).isEqualTo(HOUR);
    }

    @Test
    void rejectsABucketThatIsNotTheStartOfAnHour() {
        Instant quarterPast = HOUR.plusSeconds(15 * 60);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> new BucketKey(quarterPast, WORKSPACE, RUNTIME, AGENT, PROJECT, PROVIDER, MODEL))
                .withMessageContaining("2026-03-10T10:15:00Z");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keysMissingARequiredField")
    void rejectsAMissingRequiredField(String field, ThrowingCallable createKey) {
        assertThatNullPointerException().isThrownBy(createKey).withMessage(field);
    }

    @Test
    void usageOutsideAnyProjectHasAKeyOfItsOwn() {
        BucketKey withoutProject = new BucketKey(HOUR, WORKSPACE, RUNTIME, AGENT, NO_PROJECT, PROVIDER, MODEL);
        BucketKey withProject = new BucketKey(HOUR, WORKSPACE, RUNTIME, AGENT, PROJECT, PROVIDER, MODEL);

        assertThat(withoutProject.projectId()).isNull();
        assertThat(withoutProject).isNotEqualTo(withProject);
    }

    static Stream<Arguments> keysMissingARequiredField() {
        return Stream.of(
                missing("bucketHour", () -> new BucketKey(null, WORKSPACE, RUNTIME, AGENT, PROJECT, PROVIDER, MODEL)),
                missing("workspaceId", () -> new BucketKey(HOUR, null, RUNTIME, AGENT, PROJECT, PROVIDER, MODEL)),
                missing("runtimeId", () -> new BucketKey(HOUR, WORKSPACE, null, AGENT, PROJECT, PROVIDER, MODEL)),
                missing("agentId", () -> new BucketKey(HOUR, WORKSPACE, RUNTIME, null, PROJECT, PROVIDER, MODEL)),
                missing("provider", () -> new BucketKey(HOUR, WORKSPACE, RUNTIME, AGENT, PROJECT, null, MODEL)),
                missing("model", () -> new BucketKey(HOUR, WORKSPACE, RUNTIME, AGENT, PROJECT, PROVIDER, null)));
    }

    /** Gives each lambda its target type, which {@code arguments(Object...)} cannot. */
    private static Arguments missing(String field, ThrowingCallable createKey) {
        return arguments(field, createKey);
    }
}
