import { HubError, type HubOptions, hubRequest, type RepoType } from "@hub/core";
import { encodeRevision, forEachConcurrent, repoApiPath } from "@hub/core/internal";
import { toBase64 } from "./base64.ts";
import { readBytes } from "./byte-source.ts";
import type { PlannedFile, PreuploadedFile } from "./commit-files.ts";

/** Files per preupload request (as the Python client). */
export const PREUPLOAD_BATCH_SIZE = 256;

/** Bytes of the sample sent to the preupload endpoint. */
const SAMPLE_SIZE = 512;

/** Files read at once for their samples, at least (small reads: more of them than requests in flight). */
const READS_IN_FLIGHT = 32;

/** Files up to this size are read whole in this step, once: the sample, the hash, the PUT body and the commit line come from that read... */
const READ_WHOLE_MAX_BYTES = 256 * 1024;
/** ...as long as the bytes kept that way stay under this. */
const READ_WHOLE_BUDGET_BYTES = 64 * 1024 * 1024;

interface PreuploadAnswer {
  files?: { path?: unknown; uploadMode?: unknown; shouldIgnore?: unknown; oid?: unknown }[];
  commitOid?: unknown;
}

/** What the `preupload` step returns: the files to commit, those the server ignores, and the revision's head when the server says it. */
export interface PreuploadResult {
  readonly files: readonly PreuploadedFile[];
  readonly ignored: readonly PlannedFile[];
  readonly headOid: string | undefined;
}

/**
 * The `preupload` step: reads each file's sample (small files whole), then asks the server, 256 files
 * per request (`concurrency` requests at once), which files go to LFS and which are committed inline,
 * which ones `.gitignore` excludes, and the current id of each file that exists (to skip unchanged
 * files). A `.gitattributes` or `.gitignore` added by this commit is sent along, so the server decides
 * with the rules the commit brings. Empty files are always regular (storage rejects empty LFS objects).
 * @throws {HubHttpError} (e.g. `RepositoryNotFoundError`) from the server; {HubError} on a malformed answer.
 */
export async function preuploadFiles(
  options: HubOptions,
  target: { repoType: RepoType; repoId: string; revision: string; createPr: boolean },
  files: readonly PlannedFile[],
  concurrency: number,
): Promise<PreuploadResult> {
  if (files.length === 0) return { files: [], ignored: [], headOid: undefined };
  const read = await readSamples(files, Math.max(concurrency, READS_IN_FLIGHT), options.signal);
  const textOf = async (path: string) => {
    const index = files.findIndex((file) => file.path === path);
    if (index === -1) return undefined;
    return new TextDecoder().decode(read[index]!.bytes ?? (await readBytes(files[index]!.source)));
  };
  const rules = { gitAttributes: await textOf(".gitattributes"), gitIgnore: await textOf(".gitignore") };
  const decided: (PreuploadedFile | undefined)[] = new Array(files.length);
  const ignored: PlannedFile[] = [];
  let headOid: string | undefined;
  const batches: number[][] = [];
  for (let start = 0; start < files.length; start += PREUPLOAD_BATCH_SIZE)
    batches.push(files.slice(start, start + PREUPLOAD_BATCH_SIZE).map((_, offset) => start + offset));
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
          files: batch.map((index) => ({ path: files[index]!.path, sample: read[index]!.sample, size: files[index]!.size })),
          ...(rules.gitAttributes === undefined ? {} : { gitAttributes: rules.gitAttributes }),
          ...(rules.gitIgnore === undefined ? {} : { gitIgnore: rules.gitIgnore }),
        },
        idempotent: true,
      });
      if (typeof answer?.commitOid === "string") headOid ??= answer.commitOid;
      const answers = new Map<string, { uploadMode: "lfs" | "regular"; shouldIgnore: boolean; remoteOid: string | undefined }>();
      for (const entry of answer?.files ?? []) {
        if (typeof entry.path !== "string" || (entry.uploadMode !== "lfs" && entry.uploadMode !== "regular")) {
          throw new HubError("The preupload answer is improperly formatted");
        }
        answers.set(entry.path, {
          uploadMode: entry.uploadMode,
          shouldIgnore: entry.shouldIgnore === true,
          remoteOid: typeof entry.oid === "string" ? entry.oid : undefined,
        });
      }
      for (const index of batch) {
        const file = files[index]!;
        const decision = answers.get(file.path);
        if (!decision) throw new HubError(`The preupload answer does not mention ${file.path}`);
        if (decision.shouldIgnore) ignored.push(file);
        else
          decided[index] = {
            ...file,
            uploadMode: file.size === 0 ? "regular" : decision.uploadMode,
            remoteOid: decision.remoteOid,
            bytes: read[index]!.bytes,
          };
      }
    },
    options.signal,
  );
  return { files: decided.filter((file) => file !== undefined), ignored, headOid };
}

/** Each file's base64 sample, and its whole bytes when it is small (within the budget). */
async function readSamples(
  files: readonly PlannedFile[],
  concurrency: number,
  signal: AbortSignal | undefined,
): Promise<{ sample: string; bytes: Uint8Array | undefined }[]> {
  const read: { sample: string; bytes: Uint8Array | undefined }[] = new Array(files.length);
  let budget = READ_WHOLE_BUDGET_BYTES;
  await forEachConcurrent(
    files,
    concurrency,
    async ({ source, size }, index) => {
      let bytes = source.bytes;
      if (!bytes && size <= READ_WHOLE_MAX_BYTES && size <= budget) {
        budget -= size;
        bytes = await readBytes(source);
      }
      const sampleEnd = Math.min(SAMPLE_SIZE, size);
      read[index] = { sample: toBase64(bytes ? bytes.subarray(0, sampleEnd) : await readBytes(source, 0, sampleEnd)), bytes };
    },
    signal,
  );
  return read;
}
