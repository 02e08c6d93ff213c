import type { HubOptions, RepoType } from "@hub/core";
import { bufferSizedStream, isSizedStream, toByteSource } from "./byte-source.ts";
import type { PlannedFile } from "./commit-files.ts";
import { type ResolvedCopy, resolveCopies } from "./resolve-copies.ts";
import type { ParsedOperation } from "./schemas.ts";

/** What the `plan` step found: the files to add (adds, then regular files copied by content) and the resolved copies. */
export interface CommitPlan {
  readonly files: readonly PlannedFile[];
  readonly copies: readonly ResolvedCopy[];
}

/**
 * The `plan` step, once the parameters are validated: copies are looked up (LFS files are copied by
 * reference, regular files downloaded), and every added file becomes a re-readable source with its
 * size (a one-shot stream is read into memory here).
 * @throws {EntryNotFoundError} when a copy's source does not exist; {HubError} when a stream is not its announced size.
 */
export async function planCommit(
  options: HubOptions,
  target: { repoType: RepoType; repoId: string; revision: string },
  operations: readonly ParsedOperation[],
): Promise<CommitPlan> {
  const copies = await resolveCopies(
    options,
    target,
    operations.flatMap((operation) => (operation.operation === "copy" ? [operation] : [])),
  );
  const files: PlannedFile[] = [];
  for (const operation of operations) {
    if (operation.operation !== "add") continue;
    const { content, pathInRepo: path } = operation;
    const source = isSizedStream(content) ? await bufferSizedStream(content, path) : toByteSource(content);
    files.push({ path, source, size: source.size });
  }
  for (const copy of copies)
    if ("content" in copy) files.push({ path: copy.path, source: toByteSource(copy.content), size: copy.content.size });
  return { files, copies };
}
