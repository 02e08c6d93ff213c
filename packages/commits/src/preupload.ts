import { HubError, type HubOptions, hubRequest, type RepoType } from "@hub/core";
import { encodeRevision, forEachConcurrent, repoApiPath } from "@hub/core/internal";
import type { HashedFile } from "./hash-files.ts";

/** Files per preupload request (as the Python client). */
export const PREUPLOAD_BATCH_SIZE = 256;

/** What the server decided for one file. */
export interface PreuploadDecision {
  uploadMode: "lfs" | "regular";
  shouldIgnore: boolean;
  /** The remote file's current id (sha256 for LFS files), when it exists. */
  remoteOid: string | undefined;
}

interface PreuploadAnswer {
  files?: { path?: unknown; uploadMode?: unknown; shouldIgnore?: unknown; oid?: unknown }[];
  commitOid?: unknown;
}

/** The server's decisions per path, and the revision's head commit when the server says it. */
export interface PreuploadResult {
  decisions: Map<string, PreuploadDecision>;
  headOid: string | undefined;
}

/**
 * Asks the server, 256 files per request (`concurrency` requests at once), which files go to LFS and which are committed inline,
 * and the current id of each file that exists (to skip unchanged files). Empty files are always regular (storage rejects empty LFS objects).
 * @throws {HubHttpError} (e.g. `RepositoryNotFoundError`) from the server; {HubError} on a malformed answer.
 */
export async function preupload(
  options: HubOptions,
  target: { repoType: RepoType; repoId: string; revision: string; createPr: boolean; gitAttributes: string | undefined; gitIgnore?: string | undefined },
  files: readonly HashedFile[],
  concurrency: number,
): Promise<PreuploadResult> {
  const decisions = new Map<string, PreuploadDecision>();
  let headOid: string | undefined;
  const batches: HashedFile[][] = [];
  for (let start = 0; start < files.length; start += PREUPLOAD_BATCH_SIZE) batches.push(files.slice(start, start + PREUPLOAD_BATCH_SIZE));
  // Preupload only reads: batches go out in parallel, and repeating one is harmless.
  await forEachConcurrent(
    batches,
    concurrency,
    async (batch) => {
      const answer = await hubRequest<PreuploadAnswer>(options, {
        method: "POST",
        path: `${repoApiPath(target.repoType, target.repoId)}/preupload/${encodeRevision(target.revision)}`,
        searchParams: target.createPr ? { create_pr: "1" } : undefined,
        json: {
          files: batch.map((file) => ({ path: file.path, sample: file.sample, size: file.size })),
          ...(target.gitAttributes === undefined ? {} : { gitAttributes: target.gitAttributes }),
          ...(target.gitIgnore === undefined ? {} : { gitIgnore: target.gitIgnore }),
        },
        idempotent: true,
      });
      if (typeof answer?.commitOid === "string") headOid ??= answer.commitOid;
      for (const entry of answer?.files ?? []) {
        if (typeof entry.path !== "string" || (entry.uploadMode !== "lfs" && entry.uploadMode !== "regular")) {
          throw new HubError("The preupload answer is improperly formatted");
        }
        decisions.set(entry.path, {
          uploadMode: entry.uploadMode,
          shouldIgnore: entry.shouldIgnore === true,
          remoteOid: typeof entry.oid === "string" ? entry.oid : undefined,
        });
      }
      for (const file of batch) {
        const decision = decisions.get(file.path);
        if (!decision) throw new HubError(`The preupload answer does not mention ${file.path}`);
        if (file.size === 0) decision.uploadMode = "regular";
      }
    },
    options.signal,
  );
  return { decisions, headOid };
}
