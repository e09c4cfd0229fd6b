package dev.tier0.app.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AnalyticsCsvTests {

  @Test
  void quotesSeparatorsAndDefusesFormulas() {
    assertThat(AnalyticsCsv.field("plain")).isEqualTo("plain");
    assertThat(AnalyticsCsv.field("a,b")).isEqualTo("\"a,b\"");
    assertThat(AnalyticsCsv.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(AnalyticsCsv.field("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
    assertThat(AnalyticsCsv.field("@cmd")).isEqualTo("'@cmd");
    assertThat(AnalyticsCsv.field("-0.5")).isEqualTo("-0.5");
    assertThat(AnalyticsCsv.field("line\nbreak")).isEqualTo("\"line\nbreak\"");
  }
}
