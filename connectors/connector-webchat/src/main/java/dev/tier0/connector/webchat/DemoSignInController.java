package dev.tier0.connector.webchat;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The demo page's "Sign in as a demo user": lists the demo directory's users, signs an identity
 * token for one, and shows that user's inbox on the demo mail server, so a visitor can try
 * identity-verified self-service in the widget. Answers 404 unless the demo sign-in is on (demo
 * directory, no configured secret): with a real directory, tokens come from the intranet, never
 * from here, and mail goes to real inboxes.
 */
@RestController
@RequestMapping("/api/v1/demo")
class DemoSignInController {

  private final WebIdentity identity;
  private final RequestLimits limits;
  private final WebChatProperties properties;
  private final ObjectProvider<DemoMailbox> mailbox;

  DemoSignInController(
      WebIdentity identity,
      RequestLimits limits,
      WebChatProperties properties,
      ObjectProvider<DemoMailbox> mailbox) {
    this.identity = identity;
    this.limits = limits;
    this.properties = properties;
    this.mailbox = mailbox;
  }

  @GetMapping("/users")
  Map<String, Object> users() {
    DemoUsers demo = identity.demo().orElseThrow(DemoSignInController::notFound);
    List<Map<String, String>> users =
        demo.users().stream()
            .map(u ->
                Map.of(
                    "userId", u.userId(),
                    "displayName", u.displayName() == null ? u.userId() : u.displayName(),
                    "email", u.email()))
            .toList();
    return Map.of("users", users);
  }

  @PostMapping("/identity-token")
  Map<String, Object> token(HttpServletRequest request) {
    DemoUsers demo = identity.demo().orElseThrow(DemoSignInController::notFound);
    limits.client(request);
    JsonBody body = JsonBody.read(request, properties.maxBodyBytes());
    String userId = body.requiredString("userId", 200);
    DemoUsers.User user = user(demo, userId);
    return Map.of(
        "identityToken",
        identity.mintDemo(user),
        "userId",
        user.userId(),
        "displayName",
        user.displayName() == null ? user.userId() : user.displayName());
  }

  /** The demo user's inbox on the demo mail server, newest first. */
  @GetMapping("/mailbox")
  Map<String, Object> mailbox(@RequestParam(name = "userId", required = false) String userId) {
    DemoUsers demo = identity.demo().orElseThrow(DemoSignInController::notFound);
    DemoMailbox inbox = mailbox.getIfAvailable();
    if (inbox == null) {
      throw notFound();
    }
    DemoUsers.User user = user(demo, userId);
    List<Map<String, String>> mails =
        inbox.mailsTo(user.email(), 10).stream()
            .map(m ->
                Map.of(
                    "sent", m.sent().toString(),
                    "subject", m.subject() == null ? "" : m.subject(),
                    "body", m.body() == null ? "" : m.body()))
            .toList();
    return Map.of("address", user.email(), "mails", mails);
  }

  static ApiException notFound() {
    return new ApiException(
        HttpStatus.NOT_FOUND,
        "not_found",
        "The demo sign-in is only available while the help desk runs its demo directory.");
  }

  private static DemoUsers.User user(DemoUsers demo, String userId) {
    return demo.users().stream()
        .filter(u -> u.userId().equals(userId))
        .findFirst()
        .orElseThrow(() ->
            ApiException.badRequest("unknown_demo_user", "There is no demo user with this id."));
  }
}
