package dev.tier0.identity;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPInterface;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.util.StaticUtils;
import dev.tier0.bot.spi.DirectoryUnavailableException;
import dev.tier0.bot.spi.IdentityDirectory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * An {@link IdentityDirectory} over LDAP (UnboundID LDAP SDK). Users are {@code inetOrgPerson}
 * entries under a base DN, keyed by {@code uid}, with {@code mail} and {@code mobile}; a lockout is
 * the password policy's {@code pwdAccountLockedTime}, "must change at next logon" its {@code
 * pwdReset}. MFA re-enrolment is recorded in {@code mfaReenrolRequired}/{@code mfaReenrolledAt}.
 *
 * <p>Thread-safe when the {@link LDAPInterface} is (a connection pool is).
 */
public final class LdapIdentityDirectory implements IdentityDirectory {

  static final String LOCKED = "pwdAccountLockedTime";
  static final String FAILURES = "pwdFailureTime";
  static final String MUST_CHANGE = "pwdReset";
  static final String MFA_REQUIRED = "mfaReenrolRequired";
  static final String MFA_AT = "mfaReenrolledAt";
  private static final String[] ATTRIBUTES = {"uid", "cn", "displayName", "mail", "mobile", LOCKED};

  private final LDAPInterface ldap;
  private final String peopleDn;
  private final Clock clock;

  /**
   * @param ldap a connection or pool bound with rights to read users and change these attributes
   * @param peopleDn where users live, e.g. {@code ou=people,dc=example,dc=com}
   */
  public LdapIdentityDirectory(LDAPInterface ldap, String peopleDn, Clock clock) {
    this.ldap = ldap;
    this.peopleDn = peopleDn;
    this.clock = clock;
  }

  /**
   * Connects to a real directory (Active Directory, OpenLDAP) through a small connection pool.
   *
   * @param url {@code ldap://host:389} or {@code ldaps://host:636} (certificates checked against
   *     the JVM's trust store)
   * @param bindDn the service account allowed to read users and change the attributes used here
   * @param peopleDn where users live, e.g. {@code ou=people,dc=example,dc=com}
   * @throws IllegalStateException with a human message when the URL is malformed or the directory
   *     refuses the connection or the bind (the password is never part of the message)
   */
  public static LdapIdentityDirectory connect(
      String url, String bindDn, String password, String peopleDn, Clock clock) {
    try {
      com.unboundid.ldap.sdk.LDAPURL ldapUrl = new com.unboundid.ldap.sdk.LDAPURL(url);
      javax.net.SocketFactory sockets =
          "ldaps".equalsIgnoreCase(ldapUrl.getScheme())
              ? new com.unboundid.util.ssl.SSLUtil(
                      com.unboundid.util.ssl.JVMDefaultTrustManager.getInstance())
                  .createSSLSocketFactory()
              : javax.net.SocketFactory.getDefault();
      com.unboundid.ldap.sdk.LDAPConnection connection =
          new com.unboundid.ldap.sdk.LDAPConnection(sockets, ldapUrl.getHost(), ldapUrl.getPort());
      if (bindDn != null && !bindDn.isBlank()) {
        connection.bind(bindDn, password == null ? "" : password);
      }
      return new LdapIdentityDirectory(
          new com.unboundid.ldap.sdk.LDAPConnectionPool(connection, 1, 4), peopleDn, clock);
    } catch (com.unboundid.ldap.sdk.LDAPException | java.security.GeneralSecurityException e) {
      throw new IllegalStateException(
          "Could not connect to the directory at "
              + url
              + (bindDn == null || bindDn.isBlank() ? "" : " as " + bindDn)
              + ": "
              + e.getMessage(),
          e);
    }
  }

  @Override
  public Optional<DirectoryUser> findByEmail(String email) {
    return email == null || email.isBlank()
        ? Optional.empty()
        : findOne(Filter.createEqualityFilter("mail", email.strip()));
  }

  @Override
  public Optional<DirectoryUser> findByUserId(String userId) {
    return userId == null || userId.isBlank()
        ? Optional.empty()
        : findOne(Filter.createEqualityFilter("uid", userId.strip()));
  }

  @Override
  public void unlock(String userId) {
    SearchResultEntry entry = entry(userId);
    List<Modification> mods = new ArrayList<>();
    if (entry.hasAttribute(LOCKED)) {
      mods.add(new Modification(ModificationType.DELETE, LOCKED));
    }
    if (entry.hasAttribute(FAILURES)) {
      mods.add(new Modification(ModificationType.DELETE, FAILURES));
    }
    if (!mods.isEmpty()) {
      modify(entry.getDN(), mods);
    }
  }

  @Override
  public void setTemporaryPassword(String userId, String temporaryPassword) {
    SearchResultEntry entry = entry(userId);
    modify(
        entry.getDN(),
        List.of(
            new Modification(ModificationType.REPLACE, "userPassword", temporaryPassword),
            new Modification(ModificationType.REPLACE, MUST_CHANGE, "TRUE")));
  }

  @Override
  public void recordMfaReenrolment(String userId) {
    SearchResultEntry entry = entry(userId);
    modify(
        entry.getDN(),
        List.of(
            new Modification(ModificationType.REPLACE, MFA_REQUIRED, "TRUE"),
            new Modification(
                ModificationType.REPLACE,
                MFA_AT,
                StaticUtils.encodeGeneralizedTime(Date.from(clock.instant())))));
  }

  private Optional<DirectoryUser> findOne(Filter filter) {
    return search(filter).map(LdapIdentityDirectory::user);
  }

  private Optional<SearchResultEntry> search(Filter filter) {
    try {
      SearchResult result =
          ldap.search(peopleDn, SearchScope.SUB, filter, attributesWithFailures());
      return result.getSearchEntries().stream().findFirst();
    } catch (LDAPException e) {
      if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
        return Optional.empty();
      }
      throw unavailable("search", e);
    }
  }

  private static String[] attributesWithFailures() {
    String[] all = new String[ATTRIBUTES.length + 1];
    System.arraycopy(ATTRIBUTES, 0, all, 0, ATTRIBUTES.length);
    all[ATTRIBUTES.length] = FAILURES;
    return all;
  }

  private SearchResultEntry entry(String userId) {
    return search(Filter.createEqualityFilter("uid", userId == null ? "" : userId))
        .orElseThrow(() -> new IllegalArgumentException("no such user: " + userId));
  }

  private void modify(String dn, List<Modification> mods) {
    try {
      ldap.modify(dn, mods);
    } catch (LDAPException e) {
      if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
        throw new IllegalArgumentException("no such entry: " + dn);
      }
      throw unavailable("modify", e);
    }
  }

  private static DirectoryUnavailableException unavailable(String what, LDAPException e) {
    // The result code only: a server's diagnostic message could echo attribute values.
    return new DirectoryUnavailableException(
        "LDAP " + what + " failed: " + e.getResultCode().getName());
  }

  private static DirectoryUser user(SearchResultEntry e) {
    String name = e.getAttributeValue("displayName");
    if (name == null) {
      name = e.getAttributeValue("cn");
    }
    Attribute locked = e.getAttribute(LOCKED);
    return new DirectoryUser(
        e.getAttributeValue("uid"),
        name,
        e.getAttributeValue("mail"),
        e.getAttributeValue("mobile"),
        locked != null && locked.hasValue());
  }
}
