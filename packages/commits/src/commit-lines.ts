import { throwIfAborted } from "@hub/core";
import { readBytes } from "./byte-source.ts";
import { toBase64 } from "./base64.ts";
import type { HashedFile } from "./hash-files.ts";
import type { ProgressReporter } from "./progress.ts";

/** One entry of the commit, in the caller's order. */
export type CommitEntry =
  | { kind: "regular"; file: HashedFile }
  | { kind: "lfs"; file: HashedFile }
  | { kind: "copy"; path: string; oid: string }
  | { kind: "deleteFile"; path: string }
  | { kind: "deleteFolder"; path: string };

/**
 * The NDJSON lines of a commit, produced one at a time: regular files are read and base64-encoded
 * only when their line is pulled, so the payload is never one string in memory.
 */
export async function* commitLines(
  header: { summary: string; description: string; parentCommit?: string | undefined },
  entries: readonly CommitEntry[],
  context: { progress: ProgressReporter; signal: AbortSignal | undefined },
): AsyncGenerator<unknown, void, undefined> {
  yield { key: "header", value: { summary: header.summary, description: header.description, ...(header.parentCommit ? { parentCommit: header.parentCommit } : {}) } };
  for (const entry of entries) {
    throwIfAborted(context.signal);
    switch (entry.kind) {
      case "regular": {
        const content = toBase64(await readBytes(entry.file.source));
        yield { key: "file", value: { content, path: entry.file.path, encoding: "base64" } };
        context.progress.complete("uploading", entry.file.path);
        break;
      }
      case "lfs":
        yield { key: "lfsFile", value: { path: entry.file.path, algo: "sha256", oid: entry.file.sha256, size: entry.file.size } };
        break;
      case "copy":
        // No size: the server copies an object it already stores.
        yield { key: "lfsFile", value: { path: entry.path, algo: "sha256", oid: entry.oid } };
        break;
      case "deleteFile":
        yield { key: "deletedFile", value: { path: entry.path } };
        break;
      case "deleteFolder":
        yield { key: "deletedFolder", value: { path: `${entry.path}/` } };
        break;
    }
  }
}
