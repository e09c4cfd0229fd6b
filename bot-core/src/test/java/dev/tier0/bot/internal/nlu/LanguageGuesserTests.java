package dev.tier0.bot.internal.nlu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LanguageGuesserTests {

  private final LanguageGuesser guesser = new LanguageGuesser(25);

  @Test
  void loadsTheShippedOpenNlpModel() {
    assertThat(LanguageGuesser.detector()).isNotNull();
  }

  @Test
  void recognisesLongerMessagesInOtherLanguages() {
    assertThat(guesser.detect("Ich habe mein Passwort vergessen und kann mich nicht anmelden"))
        .isEqualTo("deu");
    assertThat(guesser.detect("J'ai oublié mon mot de passe et je ne peux plus me connecter"))
        .isEqualTo("fra");
    assertThat(guesser.detect("He olvidado mi contraseña y no puedo entrar en el correo"))
        .isEqualTo("spa");
  }

  @Test
  void readsEnglishAsEnglish() {
    assertThat(guesser.detect("I forgot my password and cannot log in to my laptop"))
        .isEqualTo("eng");
  }

  @Test
  void takesShortMessagesToBeEnglish() {
    assertThat(guesser.detect("vpn kaputt")).isEqualTo("eng");
    assertThat(guesser.detect("")).isEqualTo("eng");
    assertThat(guesser.detect(null)).isEqualTo("eng");
    assertThat(guesser.detect("😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀"))
        .isEqualTo("eng");
  }
}
