package dev.tier0.connector.slack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

/** Without its settings the Slack channel stays off and the application still starts. */
@SpringBootTest(
    classes = SlackTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.NONE,
    properties = {"SLACK_SIGNING_SECRET=", "SLACK_BOT_TOKEN=", "SLACK_APP_TOKEN="})
class SlackOffIntegrationTests {
  @Autowired ApplicationContext context;

  @Test
  void startsWithoutSlackBeansWhenTheTokenIsMissing() {
    assertThat(context.getBeansOfType(SlackConnector.class)).isEmpty();
    assertThat(context.getBeansOfType(SlackReplySink.class)).isEmpty();
    assertThat(context.getBeansOfType(SlackOffNotice.class)).hasSize(1);
  }
}
