package dev.tier0.bot.internal.nlu;

import java.io.InputStream;
import opennlp.tools.langdetect.Language;
import opennlp.tools.langdetect.LanguageDetectorME;
import opennlp.tools.langdetect.LanguageDetectorModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The language of a message as an ISO 639-3 code, from OpenNLP's language detector ({@code
 * langdetect-183.bin} of the {@code opennlp-models-langdetect} artifact, 103 languages). Short
 * messages say too little for character statistics ("vpn down" reads as anything), so they are
 * English unless they are long enough and the detector is sure. Without the model every message is
 * English. Thread-safe: the detector is read-only after loading.
 */
final class LanguageGuesser {

  private static final Logger log = LoggerFactory.getLogger(LanguageGuesser.class);
  static final String DEFAULT = "eng";
  private static final String MODEL = "langdetect-183.bin";

  /**
   * The detector spreads probability over 103 languages, so even a clear answer is a few percent:
   * trust it when it stands out from the runner-up.
   */
  private static final double MIN_LEAD = 1.15;

  private static volatile LanguageDetectorME shared;
  private static volatile boolean loaded;

  private final int minChars;

  LanguageGuesser(int minChars) {
    this.minChars = minChars;
  }

  String detect(String text) {
    if (text == null) {
      return DEFAULT;
    }
    int letters = 0;
    for (int i = 0; i < text.length() && letters < minChars; i++) {
      if (Character.isLetter(text.charAt(i))) {
        letters++;
      }
    }
    if (letters < minChars) {
      return DEFAULT;
    }
    LanguageDetectorME detector = detector();
    if (detector == null) {
      return DEFAULT;
    }
    try {
      String cut = text.length() > 2_000 ? text.substring(0, 2_000) : text;
      Language[] ranked = detector.predictLanguages(cut);
      if (ranked.length == 0) {
        return DEFAULT;
      }
      boolean clear =
          ranked.length == 1 || ranked[0].getConfidence() >= MIN_LEAD * ranked[1].getConfidence();
      return clear ? ranked[0].getLang() : DEFAULT;
    } catch (RuntimeException e) {
      return DEFAULT;
    }
  }

  /** Loads the 10 MB model once, on first use, so that a classifier starts fast. */
  static LanguageDetectorME detector() {
    if (!loaded) {
      synchronized (LanguageGuesser.class) {
        if (!loaded) {
          try (InputStream in = LanguageGuesser.class.getClassLoader().getResourceAsStream(MODEL)) {
            if (in == null) {
              log.warn("No {} on the class path: every message is taken to be English", MODEL);
            } else {
              shared = new LanguageDetectorME(new LanguageDetectorModel(in));
            }
          } catch (Exception e) {
            log.warn("Language model {} did not load: every message is English", MODEL, e);
          }
          loaded = true;
        }
      }
    }
    return shared;
  }
}
