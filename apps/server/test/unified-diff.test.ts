import { describe, expect, it } from "vitest";
import { fileDiff } from "../src/storage/unified-diff.ts";

const numbers = (count: number) => Array.from({ length: count }, (_, index) => `${index + 1}\n`).join("");

describe("fileDiff", () => {
  it("prints hunks with 3 lines of context like git diff", () => {
    const before = numbers(30);
    const after = before.replace(/^2\n/m, "two\n").replace(/^25\n/m, "X\n").replace(/^15\n/m, "") + "extra\n";
    const diff = fileDiff("a.txt", { oid: "1".repeat(40), text: before }, { oid: "2".repeat(40), text: after });
    // Expected hunks copied from `git diff --no-index` on the same two files.
    expect(diff).toBe(
      [
        "diff --git a/a.txt b/a.txt",
        "index 1111111..2222222 100644",
        "--- a/a.txt",
        "+++ b/a.txt",
        "@@ -1,5 +1,5 @@",
        " 1",
        "-2",
        "+two",
        " 3",
        " 4",
        " 5",
        "@@ -12,7 +12,6 @@",
        " 12",
        " 13",
        " 14",
        "-15",
        " 16",
        " 17",
        " 18",
        "@@ -22,9 +21,10 @@",
        " 22",
        " 23",
        " 24",
        "-25",
        "+X",
        " 26",
        " 27",
        " 28",
        " 29",
        " 30",
        "+extra",
      ].join("\n") + "\n",
    );
  });

  it("shows added, deleted and binary files", () => {
    expect(fileDiff("n.txt", undefined, { oid: "3".repeat(40), text: "a\nb\n" })).toBe(
      "diff --git a/n.txt b/n.txt\nnew file mode 100644\nindex 0000000..3333333\n--- /dev/null\n+++ b/n.txt\n@@ -0,0 +1,2 @@\n+a\n+b\n",
    );
    expect(fileDiff("d.txt", { oid: "4".repeat(40), text: "x\n" }, undefined)).toBe(
      "diff --git a/d.txt b/d.txt\ndeleted file mode 100644\nindex 4444444..0000000\n--- a/d.txt\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n",
    );
    expect(fileDiff("w.bin", { oid: "5".repeat(40), text: undefined }, { oid: "6".repeat(40), text: undefined })).toContain(
      "Binary files a/w.bin and b/w.bin differ\n",
    );
  });
});
