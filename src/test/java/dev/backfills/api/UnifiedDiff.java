package dev.backfills.api;

import java.util.ArrayList;
import java.util.List;

/** A line diff in unified format (hunks with {@code @@ -a,b +c,d @@}), from a longest common subsequence. */
final class UnifiedDiff {
  private UnifiedDiff() {}

  /** The hunks that turn {@code a} into {@code b}, each with {@code context} unchanged lines around it. */
  static List<String> of(List<String> a, List<String> b, int context) {
    int n = a.size();
    int m = b.size();
    int[][] lcs = new int[n + 1][m + 1];
    for (int i = n - 1; i >= 0; i--) {
      for (int j = m - 1; j >= 0; j--) {
        lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    // The edit script: ' ' keep, '-' only in a, '+' only in b; with the line index in a and b.
    StringBuilder ops = new StringBuilder();
    List<int[]> at = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a.get(i).equals(b.get(j))) {
        ops.append(' ');
        at.add(new int[] {i++, j++});
      } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
        ops.append('-'); // removals first, as diff -u prints them
        at.add(new int[] {i++, j});
      } else {
        ops.append('+');
        at.add(new int[] {i, j++});
      }
    }
    List<String> out = new ArrayList<>();
    int k = 0;
    while (k < ops.length()) {
      if (ops.charAt(k) == ' ') {
        k++;
        continue;
      }
      int start = Math.max(0, k - context);
      int end = k;
      // Extend the hunk while the next change is within 2 * context unchanged lines.
      while (true) {
        while (end < ops.length() && ops.charAt(end) != ' ') {
          end++;
        }
        int next = end;
        while (next < ops.length() && ops.charAt(next) == ' ') {
          next++;
        }
        if (next < ops.length() && next - end <= 2 * context) {
          end = next;
        } else {
          end = Math.min(ops.length(), end + context);
          break;
        }
      }
      int aStart = at.get(start)[0];
      int bStart = at.get(start)[1];
      int aCount = 0;
      int bCount = 0;
      List<String> body = new ArrayList<>();
      for (int x = start; x < end; x++) {
        char op = ops.charAt(x);
        int[] pos = at.get(x);
        if (op == ' ') {
          body.add(" " + a.get(pos[0]));
          aCount++;
          bCount++;
        } else if (op == '-') {
          body.add("-" + a.get(pos[0]));
          aCount++;
        } else {
          body.add("+" + b.get(pos[1]));
          bCount++;
        }
      }
      out.add("@@ -" + (aCount == 0 ? aStart : aStart + 1) + "," + aCount
          + " +" + (bCount == 0 ? bStart : bStart + 1) + "," + bCount + " @@");
      out.addAll(body);
      k = end;
    }
    return out;
  }
}
