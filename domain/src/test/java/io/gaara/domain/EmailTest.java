package io.gaara.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One mailbox, one account: what makes two addresses one, and what is refused because it cannot be seen. */
class EmailTest {
    @Test
    void givenCaseSpacesAndDecomposedAccents_whenNormalized_thenOneAddress() {
        assertThat(new Email("  Ann@Example.COM ")).isEqualTo(new Email("ann@example.com"));
        // "é" as one code point and as e + combining acute: NFC makes them one
        assertThat(new Email("ren\u00e9@example.com")).isEqualTo(new Email("rene\u0301@example.com"));
    }

    /** The look-alikes an outside fuzz campaign registered next to ann@example.com (issue 10). */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "ann\u00a0@example.com", // no-break space
                "an\u200bn@example.com", // zero-width space
                "an\u00adn@example.com", // soft hyphen
                "\ufeffann@example.com", // byte-order mark
                "ann@exa\u202emple.com", // right-to-left override
                "ann\u0085@example.com", // next line (NEL)
                "ann\u2028@example.com", // line separator
                "ann\u200d@example.com", // zero-width joiner
                "ann\u3000@example.com", // ideographic space
            })
    void givenInvisibleOrControlCharacter_whenParsed_thenRefused(String lookAlike) {
        assertThatThrownBy(() -> new Email(lookAlike))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("invisible");
    }

    @Test
    void givenLettersOfAnotherScript_whenParsed_thenADifferentMailboxStillAccepted() {
        // Cyrillic а (U+0430): a different mailbox, which only its owner can prove
        assertThat(new Email("\u0430nn@example.com")).isNotEqualTo(new Email("ann@example.com"));
    }

    @Test
    void givenTextThatIsOrIsNotAnAddress_whenParsed_thenTheAddressOrEmpty() {
        assertThat(Email.parse(" Ann@Example.com")).contains(new Email("ann@example.com"));
        assertThat(Email.parse("no-at-sign")).isEmpty();
        assertThat(Email.parse("an\u200bn@example.com")).isEmpty();
    }
}
