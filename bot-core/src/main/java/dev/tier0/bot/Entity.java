package dev.tier0.bot;

/**
 * Something recognised in the user's text.
 *
 * @param type e.g. {@code application}, {@code os}, {@code vpn_client}, {@code device}, {@code
 *     error_code}, {@code urgency}
 * @param value the normalised value, e.g. {@code GlobalProtect}, {@code 0x80070005}
 * @param text the words as the user typed them
 */
public record Entity(String type, String value, String text) {}
