package io.gaara.adapters.email;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the renderer finds templates beyond the built-in ones, and the values every template may use.
 *
 * @param overrideDirectory a directory whose {@code <template>.txt} and {@code <template>.html} files take the place of
 *     the built-in ones, file by file; or null
 * @param productName {@code product_name} in every template
 * @param supportEmail {@code support_email} in every template, or null (the built-in templates then leave out the line
 *     that names it)
 */
public record TemplateSettings(Path overrideDirectory, String productName, String supportEmail) {
    public static final String DEFAULT_PRODUCT_NAME = "Gaara";

    public TemplateSettings {
        if (productName == null || productName.isBlank() || productName.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("the product name is one non-blank line");
        }
        productName = productName.strip();
        if (supportEmail != null) {
            supportEmail = supportEmail.strip();
            if (supportEmail.isEmpty()) {
                supportEmail = null;
            } else if (supportEmail.chars().anyMatch(c -> c <= ' ')) {
                throw new IllegalArgumentException("the support address is one address without spaces");
            }
        }
    }

    /** The built-in templates, product name {@value #DEFAULT_PRODUCT_NAME}, no support address. */
    public static TemplateSettings defaults() {
        return new TemplateSettings(null, DEFAULT_PRODUCT_NAME, null);
    }

    public TemplateSettings withOverrideDirectory(Path directory) {
        return new TemplateSettings(Objects.requireNonNull(directory, "directory"), productName, supportEmail);
    }
}
