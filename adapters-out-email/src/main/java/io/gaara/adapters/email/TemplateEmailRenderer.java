package io.gaara.adapters.email;

import com.samskivert.mustache.Escapers;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;
import io.gaara.application.port.out.email.EmailMessage;
import io.gaara.application.port.out.email.EmailRenderer;
import io.gaara.application.port.out.email.EmailTemplate;
import io.gaara.application.port.out.email.OutboxEmail;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders queued messages from Mustache templates (jmustache): for each {@link EmailTemplate}, {@code <stem>.txt}
 * (first line {@code Subject: ...}, then the plain-text body) and {@code <stem>.html}, built in under {@code email/} on
 * the class path, each replaceable by a file of the same name in the override directory.
 *
 * <p>Values are HTML-escaped in the HTML body and written as they are in the subject and the text. A value the template
 * needs and the message does not carry is an {@link IllegalArgumentException} naming it (never a value). Every template
 * is compiled and tried with its documented parameters when the renderer is built, so a broken override stops the
 * server at startup rather than every message later.
 */
public final class TemplateEmailRenderer implements EmailRenderer {
    private static final Logger log = LoggerFactory.getLogger(TemplateEmailRenderer.class);

    /** The parameters each template is documented (in {@link EmailTemplate}) to receive, beside the common ones. */
    static final Map<EmailTemplate, List<String>> PARAMETERS = Map.of(
            EmailTemplate.PASSWORD_RESET, List.of("link", "expires_in_minutes"),
            EmailTemplate.PASSWORD_CHANGED, List.of("changed_at"),
            EmailTemplate.VERIFY_EMAIL, List.of("link", "expires_in_minutes"),
            EmailTemplate.REGISTRATION_ATTEMPT, List.of(),
            EmailTemplate.EMAIL_CHANGE_VERIFY, List.of("link", "expires_in_minutes", "new_email"),
            EmailTemplate.EMAIL_CHANGE_NOTICE, List.of("new_email"));

    /**
     * Derived from {@code expires_in_minutes} for every message that carries it: the same lifetime in words a reader
     * takes in at once ({@code 30 minutes}, {@code 24 hours}, {@code 1 hour 30 minutes}).
     */
    static final String EXPIRES_IN = "expires_in";

    static final String PRODUCT_NAME = "product_name";
    static final String SUPPORT_EMAIL = "support_email";
    /**
     * The five characters that matter in HTML text and in quoted attribute values (OWASP's XSS rules 1 and 2), so that
     * a link stays readable in the source ({@code ?a=1&amp;b=2}); templates quote every attribute value.
     */
    private static final Mustache.Escaper HTML = Escapers.simple(
            new String[][] {{"&", "&amp;"}, {"<", "&lt;"}, {">", "&gt;"}, {"\"", "&quot;"}, {"'", "&#39;"}});

    private static final String SUBJECT_PREFIX = "Subject:";
    private static final String RESOURCE_FOLDER = "email/";

    private final Map<String, String> common;
    private final Map<EmailTemplate, Compiled> templates = new EnumMap<>(EmailTemplate.class);

    private record Compiled(String stem, Template subject, Template text, Template html) {}

    /**
     * @throws IllegalArgumentException when the override directory is not one, or a template is missing, does not
     *     compile or needs a value its message is not documented to carry
     */
    public TemplateEmailRenderer(TemplateSettings settings) {
        Objects.requireNonNull(settings, "settings");
        Path overrides = settings.overrideDirectory();
        if (overrides != null && !Files.isDirectory(overrides)) {
            throw new IllegalArgumentException(EmailSettings.TEMPLATES_DIR + ": " + overrides + " is not a directory");
        }
        Map<String, String> values = new HashMap<>();
        values.put(PRODUCT_NAME, settings.productName());
        if (settings.supportEmail() != null) {
            values.put(SUPPORT_EMAIL, settings.supportEmail());
        }
        this.common = Map.copyOf(values);
        Mustache.Compiler plain = Mustache.compiler().escapeHTML(false);
        Mustache.Compiler html = Mustache.compiler().withEscaper(HTML);
        Set<String> overridden = new LinkedHashSet<>();
        for (EmailTemplate template : EmailTemplate.values()) {
            String stem = template.fileStem();
            String textSource = source(overrides, stem + ".txt", overridden);
            String htmlSource = source(overrides, stem + ".html", overridden);
            int newline = textSource.indexOf('\n');
            String firstLine = (newline < 0 ? textSource : textSource.substring(0, newline)).strip();
            if (!firstLine.regionMatches(true, 0, SUBJECT_PREFIX, 0, SUBJECT_PREFIX.length())) {
                throw new IllegalArgumentException(
                        "email template " + stem + ".txt must begin with a line 'Subject: ...'");
            }
            String body = newline < 0 ? "" : textSource.substring(newline + 1).replaceFirst("^\\r?\\n", "");
            Compiled compiled = new Compiled(
                    stem,
                    compile(plain, firstLine.substring(SUBJECT_PREFIX.length()).strip(), stem + ".txt"),
                    compile(plain, body, stem + ".txt"),
                    compile(html, htmlSource, stem + ".html"));
            templates.put(template, compiled);
            tryOut(template, compiled);
        }
        if (!overridden.isEmpty()) {
            log.info("email templates overridden from {}: {}", overrides, overridden);
        }
    }

    @Override
    public EmailMessage render(OutboxEmail email) {
        Compiled compiled = templates.get(email.template());
        Map<String, String> values = new HashMap<>(common);
        values.putAll(email.params());
        String minutes = email.params().get("expires_in_minutes");
        if (minutes != null) {
            values.put(EXPIRES_IN, inWords(minutes));
        }
        String subject =
                execute(compiled.subject(), values, compiled.stem() + ".txt").strip();
        String text = execute(compiled.text(), values, compiled.stem() + ".txt");
        String html = execute(compiled.html(), values, compiled.stem() + ".html");
        return new EmailMessage(email.to(), subject, text, html);
    }

    /** Renders the template once with placeholder values for its documented parameters. */
    private void tryOut(EmailTemplate template, Compiled compiled) {
        Map<String, String> values = new HashMap<>(common);
        for (String name : PARAMETERS.get(template)) {
            values.put(name, "x");
        }
        if (values.containsKey("expires_in_minutes")) {
            values.put(EXPIRES_IN, "x");
        }
        try {
            execute(compiled.subject(), values, compiled.stem() + ".txt");
            execute(compiled.text(), values, compiled.stem() + ".txt");
            execute(compiled.html(), values, compiled.stem() + ".html");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    e.getMessage() + ", which " + compiled.stem() + " messages do not carry (they carry "
                            + values.keySet().stream().sorted().toList() + ")");
        }
    }

    /** {@code 90} as {@code 1 hour 30 minutes}; a value that is not a whole number of minutes is shown as it is. */
    static String inWords(String minutesText) {
        long minutes;
        try {
            minutes = Long.parseLong(minutesText.strip());
        } catch (NumberFormatException e) {
            return minutesText;
        }
        long hours = minutes / 60;
        long rest = minutes % 60;
        String h = hours == 0 ? "" : hours + (hours == 1 ? " hour" : " hours");
        String m = rest == 0 && hours > 0 ? "" : rest + (rest == 1 ? " minute" : " minutes");
        return (h + " " + m).strip();
    }

    private static String execute(Template template, Map<String, String> values, String file) {
        try {
            return template.execute(values);
        } catch (MustacheException.Context e) {
            // the key and the line, never a value
            throw new IllegalArgumentException(
                    "email template " + file + " needs the parameter '" + e.key + "' (line " + e.lineNo + ")");
        }
    }

    private static Template compile(Mustache.Compiler compiler, String source, String file) {
        try {
            return compiler.compile(source);
        } catch (MustacheException e) {
            throw new IllegalArgumentException("email template " + file + " does not compile: " + e.getMessage(), e);
        }
    }

    private static String source(Path overrides, String file, Set<String> overridden) {
        if (overrides != null) {
            Path candidate = overrides.resolve(file);
            if (Files.isRegularFile(candidate)) {
                overridden.add(file);
                try {
                    return Files.readString(candidate, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the email template " + candidate, e);
                }
            }
        }
        try (InputStream in =
                TemplateEmailRenderer.class.getClassLoader().getResourceAsStream(RESOURCE_FOLDER + file)) {
            if (in == null) {
                throw new IllegalArgumentException("the email template " + file + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the email template " + file, e);
        }
    }
}
