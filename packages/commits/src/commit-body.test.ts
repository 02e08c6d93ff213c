import { describe, expect, it } from "vitest";
import { toByteSource } from "./byte-source.ts";
import { type CommitEntry, commitBodyChunks } from "./commit-body.ts";
import { ProgressReporter } from "./progress.ts";
import type { CommitProgressEvent } from "./types.ts";

function regular(path: string, bytes: Uint8Array, keepBytes: boolean): CommitEntry {
  return {
    kind: "regular",
    file: { path, source: toByteSource(new Blob([bytes as BlobPart])), size: bytes.byteLength, bytes: keepBytes ? bytes : undefined },
  };
}

function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

// A megabyte of bytes checked one by one: seconds alone, up to a minute in the edge runtime on a loaded machine.
describe("commitBodyChunks", { timeout: 120_000 }, () => {
  it("writes every line as NDJSON in chunks of about 256 KiB, a big file split across chunks, and reports files as their chunk is taken", async () => {
    const big = Uint8Array.from({ length: 700_001 }, (_, index) => (index * 13) % 256);
    const smalls = Array.from({ length: 300 }, (_, index) => new TextEncoder().encode(`file ${index} ${"x".repeat(index * 7)}`));
    const entries: CommitEntry[] = [
      ...smalls.map((bytes, index) => regular(`small/${index}.txt`, bytes, index % 2 === 0)),
      { kind: "lfs", path: "w.bin", oid: "a".repeat(64), size: 1234 },
      regular("big.txt", big, false),
      { kind: "copy", path: "copy.bin", oid: "b".repeat(64) },
      { kind: "deleteFile", path: "gone.txt" },
      { kind: "deleteFolder", path: "old" },
      regular("empty.txt", new Uint8Array(0), true),
    ];
    const events: CommitProgressEvent[] = [];
    const progress = new ProgressReporter(
      (event) => events.push(event),
      [
        ...smalls.map((bytes, index) => ({ path: `small/${index}.txt`, size: bytes.byteLength })),
        { path: "big.txt", size: big.byteLength },
        { path: "w.bin", size: 1234 },
        { path: "empty.txt", size: 0 },
      ],
    );
    const chunks: Uint8Array[] = [];
    for await (const chunk of commitBodyChunks({ summary: "Title ✓", description: "", parentCommit: "abcdef1" }, entries, {
      progress,
      signal: undefined,
    }))
      chunks.push(chunk);

    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.slice(0, -1).every((chunk) => chunk.byteLength >= 256 * 1024 && chunk.byteLength < 512 * 1024)).toBe(true);
    const text = new TextDecoder().decode(await new Blob(chunks as BlobPart[]).arrayBuffer());
    expect(text.endsWith("\n")).toBe(true);
    const lines = text
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as { key: string; value: Record<string, unknown> });
    expect(lines[0]).toEqual({ key: "header", value: { summary: "Title ✓", description: "", parentCommit: "abcdef1" } });
    expect(
      lines
        .slice(1, 301)
        .every((line, index) => line.key === "file" && line.value.path === `small/${index}.txt` && line.value.encoding === "base64"),
    ).toBe(true);
    expect(decodeBase64(lines[42]!.value.content as string)).toEqual(smalls[41]);
    expect(lines[301]).toEqual({ key: "lfsFile", value: { path: "w.bin", algo: "sha256", oid: "a".repeat(64), size: 1234 } });
    expect(lines[302]!.value.path).toBe("big.txt");
    expect(decodeBase64(lines[302]!.value.content as string)).toEqual(big);
    expect(lines.slice(303)).toEqual([
      { key: "lfsFile", value: { path: "copy.bin", algo: "sha256", oid: "b".repeat(64) } },
      { key: "deletedFile", value: { path: "gone.txt" } },
      { key: "deletedFolder", value: { path: "old/" } },
      { key: "file", value: { content: "", path: "empty.txt", encoding: "base64" } },
    ]);
    const reported = events.filter((event) => event.phase === "uploading");
    expect(new Set(reported.map((event) => event.path))).toEqual(
      new Set([...smalls.map((_, index) => `small/${index}.txt`), "big.txt", "empty.txt"]),
    );
    expect(reported.at(-1)).toMatchObject({ totalBytes: smalls.reduce((sum, bytes) => sum + bytes.byteLength, 0) + big.byteLength });
  });
});
