package dev.tier0.bot;

import java.time.Instant;

/**
 * One line of a conversation as stored: the text is already redacted (see {@link Redactor}).
 *
 * @param at when it was said
 * @param from who said it
 * @param text what was said, secrets replaced by placeholders
 */
public record TranscriptEntry(Instant at, Speaker from, String text) {}
