package dev.tier0.bot;

/**
 * An article the bot showed in a conversation, with the user's verdict.
 *
 * @param helpful true or false once the user answered "did that help?", null before
 */
public record ArticleShown(String id, String title, Boolean helpful) {}
