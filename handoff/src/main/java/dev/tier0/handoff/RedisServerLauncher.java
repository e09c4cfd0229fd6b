package dev.tier0.handoff;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a real {@code redis-server} process bound to the loopback interface, with append-only
 * persistence in a data directory the caller owns.
 *
 * <p>The binary is, in order of preference: the one named by the {@code HELPDESK_REDIS_BINARY}
 * environment variable (or the {@code helpdesk.redis.binary} system property), a {@code
 * redis-server} on the {@code PATH} (e.g. Debian's package), else the binary bundled in the
 * embedded-redis artifact, copied next to the data directory. Closing the launcher stops the
 * server; {@link #restart()} stops it and starts it again on the same port and data directory so
 * tests can prove that the append-only file survives.
 *
 * <p>Not thread-safe: one owner starts, restarts and closes it.
 */
public final class RedisServerLauncher implements AutoCloseable {

  /** Environment variable naming a {@code redis-server} binary to use. */
  public static final String BINARY_ENV = "HELPDESK_REDIS_BINARY";

  private static final Logger log = LoggerFactory.getLogger(RedisServerLauncher.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

  private final Path binary;
  private final Path dataDir;
  private final int port;
  private Process process;

  private RedisServerLauncher(Path binary, Path dataDir, int port) {
    this.binary = binary;
    this.dataDir = dataDir;
    this.port = port;
  }

  /** Starts a server on a free loopback port with its data in {@code dataDir}. */
  public static RedisServerLauncher start(Path dataDir) {
    return start(dataDir, 0);
  }

  /**
   * Starts a server.
   *
   * @param dataDir where the append-only file lives; created when missing
   * @param port the port, or 0 for a free one
   * @throws IllegalStateException when no binary can be found or the server does not come up
   */
  public static RedisServerLauncher start(Path dataDir, int port) {
    try {
      Files.createDirectories(dataDir);
      Path binary = resolveBinary(dataDir);
      RedisServerLauncher launcher =
          new RedisServerLauncher(binary, dataDir.toAbsolutePath(), port == 0 ? freePort() : port);
      launcher.startProcess();
      return launcher;
    } catch (IOException e) {
      throw new IllegalStateException("Cannot start redis-server in " + dataDir + ": " + e, e);
    }
  }

  /** The port the server listens on. */
  public int port() {
    return port;
  }

  /** The connection URI, e.g. {@code redis://127.0.0.1:6399}. */
  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  /** The binary this launcher runs. */
  public Path binary() {
    return binary;
  }

  /** True while the server process is alive. */
  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Stops the server (it flushes the append-only file on a clean shutdown) and starts it again. */
  public void restart() {
    stop();
    try {
      startProcess();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot restart redis-server: " + e, e);
    }
  }

  /** Stops the server; a later {@link #restart()} starts it again. Idempotent. */
  public void stop() {
    if (process == null) {
      return;
    }
    process.destroy(); // SIGTERM: redis-server fsyncs the AOF and exits cleanly
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    process = null;
  }

  @Override
  public void close() {
    stop();
  }

  private void startProcess() throws IOException {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    for (String[] option :
        new String[][] {
          {"--port", Integer.toString(port)},
          {"--bind", "127.0.0.1"},
          {"--dir", dataDir.toString()},
          {"--appendonly", "yes"},
          {"--appendfsync", "everysec"},
          {"--save", ""},
          {"--daemonize", "no"},
          {"--protected-mode", "no"},
          {"--logfile", ""}
        }) {
      command.add(option[0]);
      command.add(option[1]);
    }
    Path logFile = dataDir.resolve("redis-server.log");
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
            .start();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "redis-server exited with "
                + process.exitValue()
                + " on port "
                + port
                + "; see "
                + logFile);
      }
      if (ping()) {
        log.info("redis-server {} listening on 127.0.0.1:{}, data in {}", binary, port, dataDir);
        return;
      }
      try {
        process.waitFor(20, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    stop();
    throw new IllegalStateException("redis-server did not answer on port " + port + " in time");
  }

  /** True once the server answers PING and has finished loading its data. */
  private boolean ping() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      socket.setSoTimeout(500);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[64];
      int n = in.read(buffer);
      return n > 0 && new String(buffer, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
    } catch (IOException e) {
      return false;
    }
  }

  static Path resolveBinary(Path dataDir) throws IOException {
    String configured = System.getProperty("helpdesk.redis.binary", System.getenv(BINARY_ENV));
    if (configured != null && !configured.isBlank()) {
      Path path = Path.of(configured.strip());
      if (!Files.isExecutable(path)) {
        throw new IllegalStateException(
            BINARY_ENV + " names " + path + ", which is not an executable file");
      }
      return path;
    }
    Optional<Path> onPath = findOnPath("redis-server");
    if (onPath.isPresent()) {
      return onPath.get();
    }
    return extractBundled(dataDir);
  }

  private static Optional<Path> findOnPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (dir.isBlank()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** Copies the embedded-redis artifact's binary for this platform beside the data directory. */
  private static Path extractBundled(Path dataDir) throws IOException {
    String resource = bundledResourceName();
    Path target = dataDir.toAbsolutePath().resolve("bin").resolve(resource);
    if (Files.isExecutable(target)) {
      return target;
    }
    try (InputStream in = RedisServerLauncher.class.getResourceAsStream("/" + resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "No redis-server found: install one (e.g. the redis-server package), set "
                + BINARY_ENV
                + ", or put the embedded-redis artifact on the classpath");
      }
      Files.createDirectories(target.getParent());
      Path temp = Files.createTempFile(target.getParent(), "redis-server", ".part");
      Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
      Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
      // A rename keeps a concurrent starter from running a half-copied binary.
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
    return target;
  }

  private static String bundledResourceName() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    boolean arm = arch.contains("aarch64") || arch.contains("arm");
    if (os.contains("mac")) {
      return arm ? "redis-server-6.2.6-v5-darwin-arm64" : "redis-server-6.2.6-v5-darwin-amd64";
    }
    if (os.contains("linux")) {
      if (arm) {
        return "redis-server-6.2.7-linux-arm64";
      }
      return arch.contains("64")
          ? "redis-server-6.2.6-v5-linux-amd64"
          : "redis-server-6.2.7-linux-386";
    }
    throw new IllegalStateException(
        "No bundled redis-server for " + os + "/" + arch + ": set " + BINARY_ENV);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}
