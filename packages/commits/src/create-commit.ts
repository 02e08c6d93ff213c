import type { HubOptions, RepoParams } from "@hub/core";
import { parse } from "@hub/core/internal";
import * as v from "@hub/core/internal/valibot";
import { checkDuplicatePaths } from "./check-operations.ts";
import type { LfsFile } from "./commit-files.ts";
import { checkCommitLimits } from "./commit-limits.ts";
import { hashFiles } from "./hash-files.ts";
import { uploadLfsFiles } from "./lfs-transfer.ts";
import { planCommit } from "./plan.ts";
import { preuploadFiles } from "./preupload.ts";
import { ProgressReporter } from "./progress.ts";
import { CommitEntries, CommitMessageSchema, OperationSchema } from "./schemas.ts";
import { commitEntries, sendCommitWithRecovery, unchangedCommitInfo } from "./send-commit.ts";
import type { CommitInfo, CommitOperation, CommitProgressEvent } from "./types.ts";
import { skipUnchanged } from "./unchanged.ts";

/** What every commit-making function accepts besides its own fields. */
export interface CommitOptions extends HubOptions, RepoParams {
  /** The commit's description (body). */
  commitDescription?: string;
  /** Branch to commit to (or `refs/pr/N`); default `"main"`. */
  revision?: string;
  /** Open a pull request with the commit instead of committing to `revision` (which must be a branch). */
  createPr?: boolean;
  /**
   * Files hashed at once, preupload requests in flight, and LFS PUTs with a streamed body (over 256 KiB:
   * big files, multipart parts) in flight; default 5. Also the default of `uploadConcurrency` when given.
   */
  numThreads?: number;
  /**
   * LFS PUTs in flight at once (of which at most `numThreads` streamed), and as many verify calls beside
   * them; default `numThreads` when that is given, else 16. Each small object costs a round trip, so more
   * in flight is what makes many small files fast over a real network (connections are kept alive and reused).
   */
  uploadConcurrency?: number;
  /** Commit only if `revision` still points at this commit (5-40 hex characters); with `createPr`, the PR starts there. */
  parentCommit?: string;
  /**
   * An upload PUT whose body stops moving, or whose answer does not come, for this many milliseconds fails
   * with a `HubTimeoutError` and is retried like other transient failures; default 30,000, `false` for none
   * (not applied in browsers, where a request body's progress cannot be seen).
   */
  stallTimeout?: number | false;
  /**
   * Offer Xet to the server (default true, as the official clients): when it accepts, LFS files are
   * uploaded as deduplicated chunks (only the chunks the server lacks are sent); servers without Xet
   * answer with plain LFS. `false` forces the LFS transfers (every byte sent again).
   */
  useXet?: boolean;
  /** Progress of hashing, Xet chunking and uploading, per file and in bytes. */
  onProgress?: (event: CommitProgressEvent) => void;
}

/** Parameters of `createCommit`. */
export interface CreateCommitParams extends CommitOptions {
  /** Adds, deletes and copies, applied in this order. */
  operations: readonly CommitOperation[];
  /** The commit's title (required, not blank). */
  commitMessage: string;
}

const CreateCommitSchema = v.object({
  ...CommitEntries,
  operations: v.array(OperationSchema, "must be an array"),
  commitMessage: CommitMessageSchema,
});

const DEFAULT_THREADS = 5;
const DEFAULT_UPLOAD_CONCURRENCY = 16;

/**
 * Creates one commit of adds, deletes and copies, in the protocol's steps (each passes new per-file
 * records to the next, see `commit-files.ts`; progress events name the step):
 * `plan` -> `preupload` -> `hash` -> `skipUnchanged` -> `uploadLfs` (with Xet: `xetChunk`, `uploadXorbs`,
 * `uploadShard`) -> `commit`.
 * @throws {HubValidationError} on a bad parameter, path, duplicate path, or a commit over the Hub's limits, before any upload.
 * @throws {RepositoryNotFoundError}, {RevisionNotFoundError}, {EntryNotFoundError} (deleting or copying a missing path).
 * @throws {CommitConflictError} 412 when `parentCommit` is stale, 409 on a concurrent or refused commit (the server's message is kept).
 * @throws {XetTokenError}, {XetUploadError} when a Xet upload cannot go on from the server's answers (retry with `useXet: false`).
 * @throws {HubHttpError}, {HubNetworkError}, {HubTimeoutError} from any request, and the signal's reason when aborted.
 */
export async function createCommit(params: CreateCommitParams): Promise<CommitInfo> {
  // 1. plan: every parameter and path is checked before any request; then copies are looked up and
  //    every added file becomes a re-readable source with its size.
  const parsed = parse(CreateCommitSchema, params);
  checkDuplicatePaths(parsed.operations);
  const {
    repoId,
    repoType,
    operations,
    commitMessage,
    commitDescription = "",
    createPr = false,
    numThreads,
    uploadConcurrency = numThreads ?? DEFAULT_UPLOAD_CONCURRENCY,
    parentCommit,
    stallTimeout,
    useXet = true,
    onProgress,
    ...options
  } = parsed;
  const target = { repoId, repoType, revision: parsed.revision ?? "main", createPr };
  const plan = await planCommit(options, target, operations);
  const progress = new ProgressReporter(onProgress, plan.files);
  const steps = { concurrency: numThreads ?? DEFAULT_THREADS, signal: options.signal, progress };

  // 2. preupload: the server says, per file, LFS or inline, ignored or not, and the id it has now.
  const preuploaded = await preuploadFiles(options, target, plan.files, steps.concurrency);
  const lfsCount = preuploaded.files.filter((file) => file.uploadMode === "lfs").length;
  checkCommitLimits(
    lfsCount,
    preuploaded.files.reduce((sum, file) => sum + (file.uploadMode === "regular" ? file.size : 0), 0),
  );

  // 3. hash: the SHA-256 of each LFS file (regular files go inline and need none).
  const hashed = await hashFiles(preuploaded.files, steps);
  for (const file of preuploaded.ignored) progress.complete("hash", file.path, true);

  // 4. skipUnchanged: adds identical to the server's file are dropped; if that leaves nothing to do,
  //    no commit is made and the revision's head is the answer (Python's "Skipping to prevent empty commit").
  const addedPaths = new Set(operations.flatMap((operation) => (operation.operation === "add" ? [operation.pathInRepo] : [])));
  const { changed, unchanged } = await skipUnchanged(hashed, addedPaths, steps);
  if (unchanged.length > 0 && unchanged.length === operations.length) {
    return unchangedCommitInfo(options, target, preuploaded.headOid, { commitMessage, commitDescription });
  }

  // 5. uploadLfs: the LFS batch call, then PUTs of the objects the server lacks and their verify calls,
  //    or, when the server chose Xet, their new chunks in xorbs and the shard that registers them.
  const lfsFiles = changed.filter((file): file is LfsFile => file.uploadMode === "lfs");
  await uploadLfsFiles(options, target, lfsFiles, {
    concurrency: uploadConcurrency,
    streams: steps.concurrency,
    progress,
    stallTimeout,
    useXet,
  });

  // 6. commit: the NDJSON commit, in the caller's order; a lost answer is recovered from the head, never resent blindly.
  const entries = commitEntries(operations, plan.copies, changed);
  return sendCommitWithRecovery(
    options,
    { ...target, commitMessage, commitDescription, parentCommit, headOid: preuploaded.headOid },
    entries,
    progress,
  );
}
