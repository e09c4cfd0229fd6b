package dev.tier0.identity;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldif.LDIFReader;
import dev.tier0.bot.spi.DirectoryUnavailableException;
import dev.tier0.bot.spi.IdentityDirectory.DirectoryUser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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

  /**
   * Every person in the directory, in the order of their ids: what a demo page offers to sign in
   * as. Only for the demo directory, whose handful of users are public knowledge.
   */
  public List<DirectoryUser> users() {
    try {
      List<DirectoryUser> users = new ArrayList<>();
      for (SearchResultEntry e :
          server.search(PEOPLE_DN, SearchScope.ONE, "(uid=*)").getSearchEntries()) {
        String name = e.getAttributeValue("displayName");
        users.add(
            new DirectoryUser(
                e.getAttributeValue("uid"),
                name != null ? name : e.getAttributeValue("cn"),
                e.getAttributeValue("mail"),
                e.getAttributeValue("mobile"),
                e.hasAttribute("pwdAccountLockedTime")));
      }
      users.sort(Comparator.comparing(DirectoryUser::userId));
      return users;
    } catch (LDAPException e) {
      throw new DirectoryUnavailableException("cannot list the demo users: " + e.getMessage(), e);
    }
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
