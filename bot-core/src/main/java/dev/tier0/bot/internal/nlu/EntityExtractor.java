package dev.tier0.bot.internal.nlu;

import dev.tier0.bot.Entity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds applications, operating systems, VPN clients, devices, networks, error codes and urgency in
 * a message with dictionaries and patterns. Matching is on whole words, case-insensitive, tolerant
 * of the usual spellings ("outlook", "MS Outlook", "win 11"). Thread-safe and never throws on any
 * text.
 */
final class EntityExtractor {

  private static final int MAX_CHARS = 4_000;

  /** All words of one entity type in one pattern: group i + 1 matched means {@code values[i]}. */
  private record Rule(String type, List<String> values, Pattern pattern) {}

  private static final Map<String, Map<String, String>> WORDS = new LinkedHashMap<>();
  private static final List<Rule> RULES = new ArrayList<>();

  private static final Pattern HEX_CODE = Pattern.compile("\\b0x[0-9a-fA-F]{4,8}\\b");
  private static final Pattern ERROR_NUMBER =
      Pattern.compile(
          "\\b(?:error|err|code|error code|fehler)\\s*(?:code\\s*)?[:#]?\\s*(\\d{2,6}|[A-Z]{2,5}\\d{2,6})\\b",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern AADSTS = Pattern.compile("\\bAADSTS\\d{4,6}\\b");

  static {
    Map<String, String> apps = new LinkedHashMap<>();
    apps.put("Outlook", "(?:ms\\s*)?outlook|outlok|outlock");
    apps.put("Microsoft Teams", "(?:ms\\s*|microsoft\\s*)?teams");
    apps.put("Zoom", "zoom");
    apps.put("Slack", "slack");
    apps.put("Excel", "excel");
    apps.put("Word", "ms\\s*word|microsoft\\s*word");
    apps.put("PowerPoint", "powerpoint|power\\s*point");
    apps.put("OneDrive", "one\\s*drive");
    apps.put("SharePoint", "share\\s*point");
    apps.put("Chrome", "chrome");
    apps.put("Firefox", "firefox");
    apps.put("Edge", "ms\\s*edge|microsoft\\s*edge");
    apps.put("Adobe Acrobat", "acrobat|adobe\\s*reader");
    apps.put("Salesforce", "salesforce");
    apps.put("SAP", "sap");
    apps.put("Jira", "jira");
    apps.put("Confluence", "confluence");
    apps.put("Workday", "workday");
    apps.put("Webex", "webex");
    apps.put("Visual Studio Code", "vs\\s*code|visual\\s*studio\\s*code");
    apps.put("Office", "ms\\s*office|microsoft\\s*office|office\\s*365|o365|m365");
    apps.forEach((value, regex) -> add("application", value, regex));

    add("os", "Windows 11", "win(?:dows)?\\s*11");
    add("os", "Windows 10", "win(?:dows)?\\s*10");
    add("os", "Windows", "windows(?!\\s*1[01])");
    add("os", "macOS", "mac\\s*os|macos|os\\s*x|macbook|imac");
    add("os", "Linux", "linux|ubuntu|fedora|debian");
    add("os", "iOS", "ios|iphone|ipad");
    add("os", "Android", "android");
    add("os", "ChromeOS", "chrome\\s*os|chromebook");

    add("vpn_client", "GlobalProtect", "global\\s*protect|globalprotect|gp\\s*client");
    add("vpn_client", "Cisco AnyConnect", "(?:cisco\\s*)?any\\s*connect|cisco\\s*secure\\s*client");
    add("vpn_client", "FortiClient", "forti\\s*client|forticlient|fortinet");
    add("vpn_client", "OpenVPN", "open\\s*vpn");
    add("vpn_client", "WireGuard", "wire\\s*guard");
    add("vpn_client", "Pulse Secure", "pulse\\s*secure|ivanti\\s*secure");
    add("vpn_client", "Zscaler", "zscaler");

    add("device", "laptop", "laptop|notebook|macbook|thinkpad|latitude");
    add("device", "monitor", "monitors?|screens?|displays?");
    add("device", "printer", "printers?");
    add("device", "phone", "(?:mobile\\s*)?phones?|iphone|smartphone|android\\s*phone");
    add("device", "docking station", "dock(?:ing\\s*station)?");
    add("device", "keyboard", "keyboards?");
    add("device", "mouse", "mouse|mice");
    add("device", "headset", "headsets?|headphones?|earbuds|airpods");
    add("device", "webcam", "webcams?|camera");
    add("device", "desktop", "desktop(?:\\s*pc)?|workstation");
    add("device", "tablet", "tablets?|ipad");
    add("device", "charger", "chargers?|power\\s*adapter");
    add("device", "yubikey", "yubikey|security\\s*key");

    // What an employee names when "it" is a connection rather than a device or an app.
    add("network", "Wi-Fi", "wi-?fi|wireless|wlan");
    add("network", "VPN", "vpn");
    add("network", "internet", "internet");
    add("network", "ethernet", "ethernet|lan\\s*cable|network\\s*cable");

    add(
        "urgency",
        "high",
        "everyone|every\\s*body|whole\\s*(?:office|team|floor|company|building)"
            + "|all\\s*of\\s*us|entire\\s*(?:office|team|company)|nobody\\s*can"
            + "|can'?t\\s*work|cannot\\s*work|unable\\s*to\\s*work|urgent(?:ly)?|asap"
            + "|emergency|critical|right\\s*now|immediately|production\\s*(?:is\\s*)?down");

    // One scan per type instead of one per word: alternatives keep their order, so "win 11" is
    // tried before "windows".
    WORDS.forEach((type, words) -> {
      StringBuilder regex = new StringBuilder("(?<![\\p{L}\\p{N}])(?:");
      List<String> values = new ArrayList<>();
      words.forEach((value, alternative) -> {
        regex.append(values.isEmpty() ? "" : "|").append('(').append(alternative).append(')');
        values.add(value);
      });
      regex.append(")(?![\\p{L}\\p{N}])");
      RULES.add(
          new Rule(
              type,
              List.copyOf(values),
              Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)));
    });
  }

  private static void add(String type, String value, String regex) {
    WORDS.computeIfAbsent(type, t -> new LinkedHashMap<>()).put(value, regex);
  }

  List<Entity> extract(String text) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    String cut = text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
    List<Entity> out = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    try {
      for (Rule rule : RULES) {
        Matcher m = rule.pattern().matcher(cut);
        while (m.find()) {
          for (int g = 1; g <= rule.values().size(); g++) {
            if (m.group(g) != null) {
              String value = rule.values().get(g - 1);
              if (seen.add(rule.type() + "|" + value)) {
                out.add(new Entity(rule.type(), value, m.group()));
              }
              break;
            }
          }
        }
      }
      addCodes(cut, HEX_CODE, 0, out, seen, true);
      addCodes(cut, AADSTS, 0, out, seen, false);
      addCodes(cut, ERROR_NUMBER, 1, out, seen, false);
    } catch (RuntimeException | StackOverflowError e) {
      // Hostile text must never break a conversation: what was found so far is still good.
      return List.copyOf(out);
    }
    return List.copyOf(out);
  }

  private static void addCodes(
      String text,
      Pattern pattern,
      int group,
      List<Entity> out,
      java.util.Set<String> seen,
      boolean lowerCase) {
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      String value = lowerCase ? m.group(group).toLowerCase(Locale.ROOT) : m.group(group);
      if (seen.add("error_code|" + value)) {
        out.add(new Entity("error_code", value, m.group()));
      }
    }
  }
}
