package dev.tier0.app.config;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The app's settings under {@code helpdesk.*} (CONTRACT.md section 5).
 *
 * @param dataDir local state: the embedded Redis data, drafts
 * @param kb where the knowledge base comes from
 * @param security bootstrap accounts
 * @param engine the dialogue policy's thresholds
 * @param publicUrl the URL employees and agents reach this server at (printed at start, used in
 *     links)
 */
@ConfigurationProperties("helpdesk")
public record HelpdeskProperties(
    @DefaultValue("./data") Path dataDir,
    @DefaultValue Kb kb,
    @DefaultValue Security security,
    @DefaultValue Engine engine,
    String publicUrl) {

  /**
   * @param path a KB folder to serve (and watch) instead of the shipped one
   */
  public record Kb(Path path) {}

  /**
   * @param bootstrapAgent {@code name:password} of an AGENT account created at start
   * @param bootstrapAdmin {@code name:password} of an ADMIN account created at start
   */
  public record Security(String bootstrapAgent, String bootstrapAdmin) {}

  /** See {@link dev.tier0.bot.EngineSettings}. */
  public record Engine(
      @DefaultValue("4000") int maxTextLength,
      @DefaultValue("0.55") double confident,
      @DefaultValue("0.15") double clarifyMargin,
      @DefaultValue("0.2") double clarifyFloor,
      @DefaultValue("0.2") double kbFallbackFloor,
      @DefaultValue("2") int maxNotHelpful,
      @DefaultValue("3") int sameIntentLimit) {}
}
