package dev.tier0.kb;

import java.util.List;

/**
 * What an ingest made of a knowledge base: how many articles are searchable and which files were
 * skipped, with why.
 *
 * @param indexed the number of articles indexed
 * @param skipped the files left out, in path order
 */
public record IngestReport(int indexed, List<Skipped> skipped) {
  public IngestReport {
    skipped = List.copyOf(skipped);
  }

  /**
   * A file that was not indexed.
   *
   * @param path the file's path or resource name
   * @param reason a human sentence saying why (no id, no title, duplicate id, broken front matter)
   */
  public record Skipped(String path, String reason) {}
}
