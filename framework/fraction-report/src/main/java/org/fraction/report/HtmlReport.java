package org.fraction.report;

import java.util.List;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * The Markdown report rendered to a standalone HTML page by commonmark (tables as in GitHub
 * Markdown).
 */
final class HtmlReport {

  private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create());

  private static final String STYLE =
      """
body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; max-width: 1450px; margin: 2em auto;
       padding: 0 1.5em; color: #222; line-height: 1.45; }
h1 { border-bottom: 2px solid #0072B2; padding-bottom: .2em; }
h2 { margin-top: 2em; border-bottom: 1px solid #ccc; }
img { max-width: 100%; border: 1px solid #ddd; }
table { border-collapse: collapse; margin: 1em 0; font-size: 90%; }
th, td { border: 1px solid #ccc; padding: .25em .6em; }
th { background: #f0f4f8; }
td { font-variant-numeric: tabular-nums; }
tr:nth-child(even) td { background: #fafafa; }
code { background: #f3f3f3; padding: 0 .2em; }
""";

  private HtmlReport() {}

  static String render(String title, String markdown) {
    Parser parser = Parser.builder().extensions(EXTENSIONS).build();
    HtmlRenderer renderer = HtmlRenderer.builder().extensions(EXTENSIONS).escapeHtml(true).build();
    String body = renderer.render(parser.parse(markdown));
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
        + title.replace("&", "&amp;").replace("<", "&lt;")
        + "</title>\n<style>\n"
        + STYLE
        + "</style>\n</head>\n<body>\n"
        + body
        + "</body>\n</html>\n";
  }
}
