package dev.tier0.identity;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldif.LDIFReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-memory LDAP server on loopback, loaded from an LDIF file: the demo's directory and the
 * tests' fixture. Schema checking is off so the password-policy attributes need no extra schema.
 */
public final class EmbeddedDirectory implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedDirectory.class);

  /** The base DN of the demo users. */
  public static final String BASE_DN = "dc=example,dc=com";

  /** Where the demo users live. */
  public static final String PEOPLE_DN = "ou=people," + BASE_DN;

  private final InMemoryDirectoryServer server;
  private final LDAPConnectionPool pool;

  private EmbeddedDirectory(InMemoryDirectoryServer server, LDAPConnectionPool pool) {
    this.server = server;
    this.pool = pool;
  }

  /** Starts a server with the shipped demo users ({@code demo-users.ldif}). */
  public static EmbeddedDirectory startDemo() {
    try (InputStream in = EmbeddedDirectory.class.getResourceAsStream("/demo-users.ldif")) {
      if (in == null) {
        throw new IllegalStateException("demo-users.ldif is missing from the classpath");
      }
      return start(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts a server on a free loopback port, loaded from this LDIF. */
  public static EmbeddedDirectory start(InputStream ldif) {
    try {
      InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE_DN);
      config.setSchema(null);
      config.setListenerConfigs(
          InMemoryListenerConfig.createLDAPConfig(
              "loopback", InetAddress.getLoopbackAddress(), 0, null));
      InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
      server.importFromLDIF(true, new LDIFReader(ldif));
      server.startListening();
      LDAPConnectionPool pool =
          new LDAPConnectionPool(
              new LDAPConnection(
                  InetAddress.getLoopbackAddress().getHostAddress(), server.getListenPort()),
              1,
              4);
      log.info(
          "Embedded LDAP directory listening on loopback port {} with {} entries",
          server.getListenPort(),
          server.countEntries());
      return new EmbeddedDirectory(server, pool);
    } catch (LDAPException e) {
      throw new IllegalStateException(
          "Could not start the embedded directory: " + e.getMessage(), e);
    }
  }

  /** The directory adapter over this server, through a connection pool. */
  public LdapIdentityDirectory directory(Clock clock) {
    return new LdapIdentityDirectory(pool, PEOPLE_DN, clock);
  }

  /** The port the server listens on (loopback). */
  public int port() {
    return server.getListenPort();
  }

  /** The server itself, for tests that inspect or change entries. */
  public InMemoryDirectoryServer server() {
    return server;
  }

  /** Stops listening and drops every connection, as a crashed directory would. */
  public void stop() {
    server.shutDown(true);
  }

  @Override
  public void close() {
    pool.close();
    server.shutDown(true);
  }
}
