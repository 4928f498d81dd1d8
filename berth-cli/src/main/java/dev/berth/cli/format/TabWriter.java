package dev.berth.cli.format;

import java.util.ArrayList;
import java.util.List;

/**
 * Aligns tab-separated cells the way Go's text/tabwriter does with docker's settings
 * ({@code minwidth 10, padding 3, padchar ' '}): a column is as wide as its widest cell plus the
 * padding, at least the minimum; the text after a line's last tab is not a cell and is not padded.
 * Widths count code points, so "…" is one column like a Go rune.
 *
 * <p>Columns are aligned per block of consecutive lines that have that column, as in Go.
 */
public final class TabWriter {
  private final int minWidth;
  private final int padding;
  private final StringBuilder pending = new StringBuilder();

  public TabWriter(int minWidth, int padding) {
    this.minWidth = minWidth;
    this.padding = padding;
  }

  /** docker's table settings. */
  public static TabWriter docker() {
    return new TabWriter(10, 3);
  }

  public TabWriter write(String text) {
    pending.append(text);
    return this;
  }

  /** Formats everything written so far. */
  public String flush() {
    String text = pending.toString();
    pending.setLength(0);
    List<List<String>> lines = new ArrayList<>();
    int start = 0;
    while (start <= text.length()) {
      int nl = text.indexOf('\n', start);
      String line = nl < 0 ? text.substring(start) : text.substring(start, nl);
      List<String> cells = new ArrayList<>();
      int cs = 0;
      int tab;
      while ((tab = line.indexOf('\t', cs)) >= 0) {
        cells.add(line.substring(cs, tab));
        cs = tab + 1;
      }
      cells.add(line.substring(cs));
      lines.add(cells);
      if (nl < 0) {
        break;
      }
      start = nl + 1;
    }
    boolean trailingNewline = text.endsWith("\n");
    if (trailingNewline) {
      lines.remove(lines.size() - 1);
    }
    int[][] widths = new int[lines.size()][];
    format(lines, 0, 0, lines.size(), widths);
    StringBuilder out = new StringBuilder(text.length() + 64);
    for (int i = 0; i < lines.size(); i++) {
      List<String> cells = lines.get(i);
      for (int c = 0; c < cells.size(); c++) {
        String cell = cells.get(c);
        out.append(cell);
        if (c < cells.size() - 1) {
          int pad = widths[i][c] - width(cell);
          out.append(" ".repeat(Math.max(pad, 0)));
        }
      }
      if (i < lines.size() - 1 || trailingNewline) {
        out.append('\n');
      }
    }
    return out.toString();
  }

  /** Computes widths of {@code column} for lines [from, to), recursing into blocks as Go does. */
  private void format(List<List<String>> lines, int column, int from, int to, int[][] widths) {
    int i = from;
    while (i < to) {
      if (lines.get(i).size() - 1 <= column) {
        if (widths[i] == null) {
          widths[i] = new int[Math.max(lines.get(i).size(), 1)];
        }
        i++;
        continue;
      }
      int blockStart = i;
      int width = minWidth;
      while (i < to && lines.get(i).size() - 1 > column) {
        width = Math.max(width, width(lines.get(i).get(column)) + padding);
        i++;
      }
      for (int j = blockStart; j < i; j++) {
        if (widths[j] == null) {
          widths[j] = new int[lines.get(j).size()];
        }
        widths[j][column] = width;
      }
      format(lines, column + 1, blockStart, i, widths);
    }
  }

  static int width(String s) {
    return s.codePointCount(0, s.length());
  }
}
