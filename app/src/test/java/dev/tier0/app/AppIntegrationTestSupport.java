package dev.tier0.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole app on a random port with its bundled Redis, shared by every full-app test class (one
 * Spring context, cached): the data folder is one fresh folder for the test run. Tests that count
 * things compare figures before and after their own actions.
 */
@SpringBootTest(
    classes = HelpdeskApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "helpdesk.security.bootstrap-agent="
          + AppIntegrationTestSupport.AGENT
          + ":"
          + AppIntegrationTestSupport.AGENT_PASSWORD,
      "helpdesk.security.bootstrap-admin="
          + AppIntegrationTestSupport.ADMIN
          + ":"
          + AppIntegrationTestSupport.ADMIN_PASSWORD,
      "logging.level.dev.tier0=WARN",
      // Tests need no graceful stop, and streams left open by a browser must not delay the exit.
      "server.shutdown=immediate"
    })
public abstract class AppIntegrationTestSupport {

  public static final String AGENT = "alex";
  public static final String AGENT_PASSWORD = "agent-secret-1";
  public static final String ADMIN = "root";
  public static final String ADMIN_PASSWORD = "admin-secret-1";

  static final Path DATA_DIR = createDataDir();

  @LocalServerPort protected int port;

  @DynamicPropertySource
  static void dataDir(DynamicPropertyRegistry registry) {
    registry.add("helpdesk.data-dir", DATA_DIR::toString);
  }

  protected String url(String path) {
    return "http://localhost:" + port + path;
  }

  protected static Path dataDir() {
    return DATA_DIR;
  }

  /**
   * A fresh folder under the module's build output for each test run: it outlives every test class
   * (the cached context keeps using it) and goes with {@code mvn clean}.
   */
  private static Path createDataDir() {
    try {
      Path root = Files.createDirectories(Path.of("target", "app-test-data"));
      return Files.createTempDirectory(root, "run-").toAbsolutePath();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
