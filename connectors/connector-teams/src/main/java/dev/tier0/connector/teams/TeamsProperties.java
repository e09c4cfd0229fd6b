package dev.tier0.connector.teams;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the Teams channel under {@code helpdesk.teams}. The credentials are normally given by
 * the standard Bot Framework variables {@code MICROSOFT_APP_ID}, {@code MICROSOFT_APP_PASSWORD} and
 * {@code MICROSOFT_APP_TENANT_ID}; {@code helpdesk.teams.app-id} and friends override them.
 *
 * @param appId the bot's Microsoft App ID; blank turns the channel off
 * @param appPassword the App ID's client secret, used to get tokens for replies
 * @param tenantId the tenant of a single-tenant bot, or blank for a multi-tenant one
 * @param openidMetadataUrl where the Bot Connector publishes its OpenID metadata
 * @param tokenUrl the OAuth token endpoint; blank means the identity platform's endpoint for the
 *     tenant, or for {@code botframework.com} without one
 * @param tokenScope the scope of the tokens the bot sends with replies
 * @param maxBodyBytes the largest activity accepted
 * @param clockSkew how far token times may be off
 * @param keysRefreshInterval how long signing keys are used before they are fetched again
 * @param keysMinRefreshInterval the least time between two fetches caused by an unknown key id, so
 *     that made-up key ids cannot flood the metadata endpoint
 * @param maxAttempts how many times a reply is tried when the connector says "not now"
 * @param maxRetryAfter the longest wait honoured from a {@code Retry-After} header
 * @param dedupeTtl how long an activity id is remembered to drop redeliveries
 * @param workers how many conversations are processed in parallel
 */
@ConfigurationProperties("helpdesk.teams")
public record TeamsProperties(
    String appId,
    String appPassword,
    String tenantId,
    @DefaultValue("https://login.botframework.com/v1/.well-known/openidconfiguration")
        String openidMetadataUrl,
    String tokenUrl,
    @DefaultValue("https://api.botframework.com/.default") String tokenScope,
    @DefaultValue("262144") int maxBodyBytes,
    @DefaultValue("5m") Duration clockSkew,
    @DefaultValue("24h") Duration keysRefreshInterval,
    @DefaultValue("1m") Duration keysMinRefreshInterval,
    @DefaultValue("4") int maxAttempts,
    @DefaultValue("30s") Duration maxRetryAfter,
    @DefaultValue("1h") Duration dedupeTtl,
    @DefaultValue("8") int workers) {

  static final String ISSUER = "https://api.botframework.com";

  /** True when the channel has what it needs to run. */
  boolean enabled() {
    return appId != null && !appId.isBlank();
  }

  /** The token endpoint actually used. */
  String effectiveTokenUrl() {
    if (tokenUrl != null && !tokenUrl.isBlank()) {
      return tokenUrl;
    }
    String tenant = tenantId == null || tenantId.isBlank() ? "botframework.com" : tenantId.strip();
    return "https://login.microsoftonline.com/" + tenant + "/oauth2/v2.0/token";
  }

  /** These settings with the credentials filled in from wherever they were given. */
  TeamsProperties withCredentials(String appId, String appPassword, String tenantId) {
    return new TeamsProperties(
        appId,
        appPassword,
        tenantId,
        openidMetadataUrl,
        tokenUrl,
        tokenScope,
        maxBodyBytes,
        clockSkew,
        keysRefreshInterval,
        keysMinRefreshInterval,
        maxAttempts,
        maxRetryAfter,
        dedupeTtl,
        workers);
  }
}
