package io.gaara.adapters.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaara.application.port.out.email.EmailMessage;
import io.gaara.application.port.out.email.EmailTemplate;
import io.gaara.application.port.out.email.OutboxEmail;
import io.gaara.domain.Email;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TemplateEmailRendererTest {
    static final Email TO = new Email("alice@example.com");
    static final String HOSTILE = "<script>alert('x')</script>&\"";

    private final TemplateEmailRenderer renderer = new TemplateEmailRenderer(TemplateSettings.defaults());

    /** The documented parameters of a template, each with a value naming it. */
    static Map<String, String> documentedParams(EmailTemplate template) {
        Map<String, String> params = new HashMap<>();
        for (String name : TemplateEmailRenderer.PARAMETERS.get(template)) {
            params.put(name, "value-of-" + name);
        }
        return params;
    }

    @ParameterizedTest
    @EnumSource(EmailTemplate.class)
    void givenEveryTemplate_whenRenderedWithItsDocumentedParams_thenSubjectTextAndHtmlCarryThem(
            EmailTemplate template) {
        Map<String, String> params = documentedParams(template);

        EmailMessage message = renderer.render(new OutboxEmail(TO, template, params));

        assertThat(message.to()).isEqualTo(TO);
        assertThat(message.subject()).contains("Gaara").doesNotContain("{{").doesNotContain("Subject:");
        assertThat(message.text()).doesNotContain("{{").contains("Gaara");
        assertThat(message.html())
                .doesNotContain("{{")
                .startsWith("<!DOCTYPE html>")
                .contains("Gaara");
        for (String value : params.values()) {
            assertThat(message.text()).contains(value);
            assertThat(message.html()).contains(value);
        }
    }

    @ParameterizedTest
    @EnumSource(EmailTemplate.class)
    void givenEveryTemplate_thenBothFilesExistOnTheClassPath(EmailTemplate template) {
        for (String extension : new String[] {".txt", ".html"}) {
            assertThat(getClass().getClassLoader().getResource("email/" + template.fileStem() + extension))
                    .as(template.fileStem() + extension)
                    .isNotNull();
        }
    }

    @Test
    void givenHostileValue_whenRendered_thenEscapedInHtmlAndLeftAsItIsInText() {
        EmailMessage message =
                renderer.render(new OutboxEmail(TO, EmailTemplate.EMAIL_CHANGE_NOTICE, Map.of("new_email", HOSTILE)));

        assertThat(message.html())
                .doesNotContain("<script>")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;");
        assertThat(message.text()).contains(HOSTILE).doesNotContain("&lt;").doesNotContain("&amp;");
    }

    @Test
    void givenLinkWithQuery_whenRendered_thenTextKeepsItVerbatimAndHtmlEscapesTheAmpersand() {
        String link = "https://app.example/reset?token=abc&lang=fr";

        EmailMessage message = renderer.render(
                new OutboxEmail(TO, EmailTemplate.PASSWORD_RESET, Map.of("link", link, "expires_in_minutes", "30")));

        assertThat(message.text()).contains(link);
        assertThat(message.html()).contains("href=\"https://app.example/reset?token=abc&amp;lang=fr\"");
    }

    @Test
    void givenMissingParameter_whenRendered_thenIllegalArgumentNamingItButNoValue() {
        assertThatThrownBy(() -> renderer.render(
                        new OutboxEmail(TO, EmailTemplate.PASSWORD_RESET, Map.of("expires_in_minutes", "secret-30"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'link'")
                .hasMessageNotContaining("secret-30");
    }

    @Test
    void givenSupportAddress_whenRendered_thenNamedInBothBodies_andLeftOutWithoutOne() {
        TemplateEmailRenderer withSupport =
                new TemplateEmailRenderer(new TemplateSettings(null, "Acme ID", "help@acme.example"));
        OutboxEmail email = new OutboxEmail(TO, EmailTemplate.REGISTRATION_ATTEMPT, Map.of());

        EmailMessage supported = withSupport.render(email);
        EmailMessage plain = renderer.render(email);

        assertThat(supported.subject()).contains("Acme ID");
        assertThat(supported.text()).contains("help@acme.example");
        assertThat(supported.html()).contains("mailto:help@acme.example");
        assertThat(plain.text()).doesNotContain("Questions?");
        assertThat(plain.html()).doesNotContain("mailto:");
    }

    @Test
    void givenOverrideDirectory_whenAFileIsThere_thenItWinsAndTheOthersStayBuiltIn(@TempDir Path dir)
            throws IOException {
        Files.writeString(
                dir.resolve("password-reset.txt"), "Subject: Custom {{product_name}} reset\n\nGo to {{link}} now.\n");
        TemplateEmailRenderer overridden =
                new TemplateEmailRenderer(TemplateSettings.defaults().withOverrideDirectory(dir));

        EmailMessage reset = overridden.render(new OutboxEmail(
                TO, EmailTemplate.PASSWORD_RESET, Map.of("link", "https://l.example", "expires_in_minutes", "30")));
        EmailMessage verify = overridden.render(new OutboxEmail(
                TO, EmailTemplate.VERIFY_EMAIL, Map.of("link", "https://l.example", "expires_in_minutes", "30")));

        assertThat(reset.subject()).isEqualTo("Custom Gaara reset");
        assertThat(reset.text()).isEqualTo("Go to https://l.example now.\n");
        // the HTML of the same message was not overridden
        assertThat(reset.html()).contains("Choose a new password");
        assertThat(verify.subject()).isEqualTo("Confirm your email address for Gaara");
    }

    @Test
    void givenOverrideUsingAParameterItsMessageNeverCarries_whenBuilt_thenRefusedAtStartupNamingIt(@TempDir Path dir)
            throws IOException {
        Files.writeString(dir.resolve("password-changed.html"), "<p>Changed at {{changed_at}} from {{ip_address}}</p>");

        assertThatThrownBy(() ->
                        new TemplateEmailRenderer(TemplateSettings.defaults().withOverrideDirectory(dir)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("password-changed.html")
                .hasMessageContaining("'ip_address'");
    }

    @Test
    void givenOverrideWithoutSubjectLine_whenBuilt_thenRefusedAtStartup(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("verify-email.txt"), "Confirm: {{link}}\n");

        assertThatThrownBy(() ->
                        new TemplateEmailRenderer(TemplateSettings.defaults().withOverrideDirectory(dir)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("verify-email.txt")
                .hasMessageContaining("Subject:");
    }

    @Test
    void givenOverrideDirectoryThatIsNotOne_whenBuilt_thenRefusedNamingTheVariable(@TempDir Path dir) {
        assertThatThrownBy(() -> new TemplateEmailRenderer(
                        TemplateSettings.defaults().withOverrideDirectory(dir.resolve("missing"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(EmailSettings.TEMPLATES_DIR);
    }

    @Test
    void givenLifetimeInMinutes_whenRendered_thenTheMessageSaysItInWords() {
        String day = renderer.render(new OutboxEmail(
                        TO,
                        EmailTemplate.VERIFY_EMAIL,
                        Map.of("link", "https://l.example", "expires_in_minutes", "1440")))
                .text();
        String halfHour = renderer.render(new OutboxEmail(
                        TO,
                        EmailTemplate.PASSWORD_RESET,
                        Map.of("link", "https://l.example", "expires_in_minutes", "30")))
                .html();

        assertThat(day).contains("within 24 hours").doesNotContain("1440");
        assertThat(halfHour).contains("within 30 minutes");
        assertThat(TemplateEmailRenderer.inWords("90")).isEqualTo("1 hour 30 minutes");
        assertThat(TemplateEmailRenderer.inWords("1")).isEqualTo("1 minute");
        assertThat(TemplateEmailRenderer.inWords("120")).isEqualTo("2 hours");
    }
}
