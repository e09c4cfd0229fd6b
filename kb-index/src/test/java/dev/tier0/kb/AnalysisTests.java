package dev.tier0.kb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AnalysisTests {

  private final ItAnalysis analysis = ItAnalysis.create(null);

  private List<String> primaries(String text) {
    return QueryPlan.analyse(analysis.query(), text).groups().stream()
        .map(QueryPlan.Group::primary)
        .toList();
  }

  private List<String> alternatives(String text) {
    return QueryPlan.analyse(analysis.query(), text).groups().stream()
        .flatMap(g -> g.alternatives().stream())
        .map(QueryPlan.Alternative::term)
        .toList();
  }

  @Test
  void wiFiWithAndWithoutHyphenIsOneConcept() {
    assertThat(primaries("Wi-Fi")).containsExactly("wifi");
    assertThat(primaries("wifi")).containsExactly("wifi");
    assertThat(primaries("e-mail")).containsExactly("email");
  }

  @Test
  void errorCodesAndTwoFactorStayWholeTokens() {
    assertThat(primaries("error 0x80070005")).containsExactly("error", "0x80070005");
    assertThat(primaries("Error 809!")).containsExactly("error", "809");
    assertThat(primaries("2FA")).containsExactly("2fa");
  }

  @Test
  void synonymsExpandQueriesOnly() {
    assertThat(alternatives("anyconnect")).contains("vpn", "globalprotect", "forticlient");
    assertThat(alternatives("locked out")).contains("lockout");
    assertThat(alternatives("duo")).contains("mfa", "2fa", "authent");
    assertThat(alternatives("mail")).contains("outlook");
    assertThat(alternatives("sharepoint")).contains("onedrive");
  }

  @Test
  void stemsOrdinaryWordsButProtectsProductNames() {
    assertThat(primaries("printing connections")).containsExactly("print", "connect");
    assertThat(primaries("Teams")).containsExactly("teams");
    assertThat(primaries("windows")).containsExactly("windows");
  }

  @Test
  void dropsChatNoiseAndStopWords() {
    assertThat(primaries("hi, how do I do this please?")).isEmpty();
    assertThat(primaries("my password")).containsExactly("password");
  }

  @Test
  void readsAnOverrideSynonymFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path file = dir.resolve("synonyms.txt");
    java.nio.file.Files.writeString(file, "zork, vpn\n");
    ItAnalysis custom = ItAnalysis.create(file);
    assertThat(
            QueryPlan.analyse(custom.query(), "zork").groups().get(0).alternatives().stream()
                .map(QueryPlan.Alternative::term))
        .contains("vpn");
  }
}
