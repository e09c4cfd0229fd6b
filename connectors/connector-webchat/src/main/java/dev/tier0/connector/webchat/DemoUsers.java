package dev.tier0.connector.webchat;

import java.util.List;

/**
 * The users of a demo directory, offered by the demo page's "Sign in as a demo user" choice. The
 * application provides this bean only while its embedded demo directory serves; with it and no
 * configured identity secret, the connector signs demo users' identity tokens itself with a secret
 * generated at start.
 *
 * @param users who may be signed in as, in the order shown
 */
public record DemoUsers(List<User> users) {

  public DemoUsers {
    // A token needs a user id and an address; a user without either cannot be signed in as.
    users =
        users == null
            ? List.of()
            : users.stream()
                .filter(u -> u != null && u.userId() != null && u.email() != null)
                .toList();
  }

  /**
   * A demo user.
   *
   * @param userId the directory user id, the token's {@code sub}
   * @param email the address the directory sends codes to, the token's {@code email}
   * @param displayName the name shown, the token's {@code name}
   */
  public record User(String userId, String email, String displayName) {}
}
