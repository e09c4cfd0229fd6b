package dev.tier0.bot.memory;

import dev.tier0.bot.spi.DirectoryUnavailableException;
import dev.tier0.bot.spi.IdentityDirectory.DirectoryUser;
import dev.tier0.bot.spi.OtpSender;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** An {@link OtpSender} that keeps what it would send, for tests. Thread-safe. */
public final class InMemoryOtpSender implements OtpSender {

  /** One message: to whom, what kind ({@code code} or {@code password}) and the secret. */
  public record Sent(String email, String kind, String secret) {}

  private final List<Sent> sent = new ArrayList<>();
  private volatile boolean down;

  @Override
  public synchronized void sendCode(DirectoryUser to, String code, Duration validFor) {
    deliver(new Sent(to.email(), "code", code));
  }

  @Override
  public synchronized void sendTemporaryPassword(DirectoryUser to, String temporaryPassword) {
    deliver(new Sent(to.email(), "password", temporaryPassword));
  }

  private void deliver(Sent message) {
    if (down) {
      throw new DirectoryUnavailableException("the mail service is down");
    }
    sent.add(message);
  }

  /** Makes delivery fail (true) or work again. */
  public void setDown(boolean down) {
    this.down = down;
  }

  /** Everything sent so far, oldest first. */
  public synchronized List<Sent> sent() {
    return List.copyOf(sent);
  }

  /** The last code sent to this address, or null. */
  public synchronized String lastCode(String email) {
    for (int i = sent.size() - 1; i >= 0; i--) {
      Sent s = sent.get(i);
      if (s.kind().equals("code") && s.email().equalsIgnoreCase(email)) {
        return s.secret();
      }
    }
    return null;
  }
}
