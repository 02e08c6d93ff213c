import { commitUrl as webCommitUrl, DEFAULT_TIMEOUT, HubError, HubNetworkError, type HubOptions, hubRequest, redactUrl, type RepoParams, type RepoType, resolveHubUrl } from "@hub/core";
import { encodeRevision, forEachConcurrent, parse, readWithinStallTimeout, repoApiPath, retrySettings, Semaphore } from "@hub/core/internal";
import * as v from "valibot";
import { readBytes } from "./byte-source.ts";
import { checkDuplicatePaths } from "./check-operations.ts";
import { toCommitInfo } from "./commit-info.ts";
import { checkCommitLimits } from "./commit-limits.ts";
import { type CommitEntry, commitBody } from "./commit-body.ts";
import { commitOutcomeUnknown, recoverCommit } from "./commit-recovery.ts";
import { gitBlobOid } from "./git-oid.ts";
import { contentSize, type HashedFile, hashFiles, prepareFiles } from "./hash-files.ts";
import { lfsBatch } from "./lfs-batch.ts";
import { uploadLfsObject } from "./lfs-transfer.ts";
import { type PreuploadDecision, preupload } from "./preupload.ts";
import { ProgressReporter } from "./progress.ts";
import { resolveCopies } from "./resolve-copies.ts";
import { CommitEntries, CommitMessageSchema, OperationSchema, type ParsedOperation } from "./schemas.ts";
import type { CommitContent, CommitInfo, CommitOperation, CommitProgressEvent } from "./types.ts";

/** What every commit-making function accepts besides its own fields. */
export interface CommitOptions extends HubOptions, RepoParams {
  /** The commit's description (body). */
  commitDescription?: string;
  /** Branch to commit to (or `refs/pr/N`); default `"main"`. */
  revision?: string;
  /** Open a pull request with the commit instead of committing to `revision` (which must be a branch). */
  createPr?: boolean;
  /** Files hashed and uploaded at once, and part uploads in flight; default 5. */
  numThreads?: number;
  /** Commit only if `revision` still points at this commit (5-40 hex characters); with `createPr`, the PR starts there. */
  parentCommit?: string;
  /**
   * An upload PUT whose body stops moving, or whose answer does not come, for this many milliseconds fails
   * with a `HubTimeoutError` and is retried like other transient failures; default 30,000, `false` for none
   * (not applied in browsers, where a request body's progress cannot be seen).
   */
  stallTimeout?: number | false;
  /** Progress of hashing and uploading, per file and in bytes. */
  onProgress?: (event: CommitProgressEvent) => void;
}

/** Parameters of `createCommit`. */
export interface CreateCommitParams extends CommitOptions {
  /** Adds, deletes and copies, applied in this order. */
  operations: readonly CommitOperation[];
  /** The commit's title (required, not blank). */
  commitMessage: string;
}

const CreateCommitSchema = v.object({ ...CommitEntries, operations: v.array(OperationSchema, "must be an array"), commitMessage: CommitMessageSchema });

const DEFAULT_THREADS = 5;

/**
 * Creates one commit of adds, deletes and copies: validates every path, asks the server which files go
 * to LFS, hashes those in parallel, uploads only the LFS objects it lacks, then streams the NDJSON commit.
 * @throws {HubValidationError} on a bad parameter, path, duplicate path, or a commit over the Hub's limits, before any upload.
 * @throws {RepositoryNotFoundError}, {RevisionNotFoundError}, {EntryNotFoundError} (deleting or copying a missing path).
 * @throws {CommitConflictError} 412 when `parentCommit` is stale, 409 on a concurrent or refused commit (the server's message is kept).
 * @throws {HubHttpError}, {HubNetworkError}, {HubTimeoutError} from any request, and the signal's reason when aborted.
 */
export async function createCommit(params: CreateCommitParams): Promise<CommitInfo> {
  const parsed = parse(CreateCommitSchema, params);
  checkDuplicatePaths(parsed.operations);
  const { repoId, repoType, operations, commitMessage, commitDescription = "", createPr = false, numThreads = DEFAULT_THREADS, parentCommit, stallTimeout, onProgress, ...options } = parsed;
  const revision = parsed.revision ?? "main";
  const target = { repoId, repoType, revision, createPr };
  const copies = await resolveCopies(options, target, operations.flatMap((operation) => (operation.operation === "copy" ? [operation] : [])));
  const added = addedFiles(operations, copies);
  const progress = new ProgressReporter(onProgress, added.map(({ path, content }) => ({ path, size: contentSize(content) })));
  const hashContext = { concurrency: numThreads, signal: options.signal, progress };
  const hashed = await prepareFiles(added, hashContext);
  const byPath = new Map(hashed.map((file) => [file.path, file]));
  // A .gitattributes or .gitignore added by this commit is sent with the preupload, so the server
  // decides LFS and ignored files with the rules the commit brings (as the Python and JS clients).
  const textOf = async (path: string) => {
    const file = byPath.get(path);
    return file && new TextDecoder().decode(await readBytes(file.source));
  };
  const { decisions, headOid } =
    hashed.length === 0
      ? { decisions: new Map<string, PreuploadDecision>(), headOid: undefined }
      : await preupload(options, { ...target, gitAttributes: await textOf(".gitattributes"), gitIgnore: await textOf(".gitignore") }, hashed, numThreads);
  const kept = hashed.filter((file) => !decisions.get(file.path)?.shouldIgnore);
  const lfsFiles = kept.filter((file) => decisions.get(file.path)?.uploadMode === "lfs");
  checkCommitLimits(lfsFiles.length, kept.reduce((sum, file) => sum + (decisions.get(file.path)?.uploadMode === "regular" ? file.size : 0), 0));
  // Only LFS files need their SHA-256; regular files are sent inline.
  await hashFiles(lfsFiles, hashContext);
  const hashedForLfs = new Set(lfsFiles);
  for (const file of hashed) if (!hashedForLfs.has(file)) progress.complete("hashing", file.path, true);
  // Adds whose file is on the server already, byte for byte, are dropped, as the Python client does.
  const addedPaths = new Set(operations.flatMap((operation) => (operation.operation === "add" ? [operation.pathInRepo] : [])));
  const unchanged = await unchangedFiles(
    kept.filter((file) => addedPaths.has(file.path)),
    (path) => decisions.get(path),
    { concurrency: numThreads, signal: options.signal },
  );
  for (const file of unchanged) progress.complete("uploading", file.path, true);
  if (unchanged.size > 0 && unchanged.size === operations.length) {
    // Nothing would change: no commit, the revision's head is the answer (the Python client's "Skipping to prevent empty commit").
    return unchangedCommitInfo(options, target, headOid, { commitMessage, commitDescription });
  }
  await uploadMissingObjects(
    options,
    target,
    lfsFiles.filter((file) => !unchanged.has(file)),
    { numThreads, progress, stallTimeout },
  );
  const entries = commitEntries(operations, copies, byPath, (path) => decisions.get(path), unchanged);
  const send = async (parent: string | undefined) => {
    const raw = await sendCommit(options, {
      path: `${repoApiPath(repoType, repoId)}/commit/${encodeRevision(revision)}`,
      searchParams: createPr ? { create_pr: "1" } : undefined,
      body: () => commitBody({ summary: commitMessage, description: commitDescription, parentCommit: parent }, entries, { progress, signal: options.signal }),
    });
    return toCommitInfo(raw, { commitMessage, commitDescription });
  };
  try {
    return await send(parentCommit);
  } catch (error) {
    // A pull request cannot be told apart from another one; without the starting head nothing can be checked.
    const startHead = parentCommit === undefined || parentCommit === headOid ? headOid : undefined;
    if (createPr || startHead === undefined || !commitOutcomeUnknown(error)) throw error;
    return recoverCommit(options, { repoType, repoId, revision, headOid: startHead, title: commitMessage }, error, send, (oid) => ({
      commitUrl: webCommitUrl({ repoId, repoType, hubUrl: resolveHubUrl(options), commitId: oid }),
      oid,
      commitMessage,
      commitDescription,
      raw: { commitOid: oid },
    }));
  }
}

/** Redirects of the commit request followed at most. */
const MAX_COMMIT_REDIRECTS = 5;

/**
 * Sends the commit and returns its JSON answer. The body is streamed, so `fetch` cannot replay it
 * after a redirect; the Hub answers 307/308 for a renamed repo or an id in another case, so the
 * redirect is followed here, with a fresh body built again from the sources. Never retried
 * otherwise: a commit sent twice could land twice.
 */
async function sendCommit(
  options: HubOptions,
  request: { path: string; searchParams: Record<string, string> | undefined; body: () => Promise<ReadableStream<Uint8Array> | Blob> },
): Promise<unknown> {
  let target: { path: string; searchParams: Record<string, string> | undefined } | { url: string } = { path: request.path, searchParams: request.searchParams };
  for (let redirects = 0; ; redirects++) {
    const response: Response = await hubRequest(options, {
      method: "POST",
      ...target,
      headers: { "content-type": "application/x-ndjson" },
      body: await request.body(),
      idempotent: false,
      redirect: "manual",
      responseType: "response",
    });
    if (response.status < 300 || response.status > 399) return readJson(response, options.timeout ?? DEFAULT_TIMEOUT);
    await response.body?.cancel().catch(() => undefined);
    const location = response.headers.get("location");
    if ((response.status !== 307 && response.status !== 308) || location === null || redirects >= MAX_COMMIT_REDIRECTS) {
      throw new HubError(`The commit request was answered with ${response.status}${location === null ? "" : ` to ${redactUrl(new URL(location, response.url))}`}, not followed`);
    }
    target = { url: new URL(location, response.url).href };
  }
}

/**
 * The answer's JSON, read within the request timeout (the headers came within it already). An answer
 * that breaks or is cut short is a `HubNetworkError`: whether the commit landed is then unknown.
 */
async function readJson(response: Response, timeout: number | false): Promise<unknown> {
  const url = redactUrl(response.url || "about:blank");
  let text: string;
  try {
    text = timeout === false ? await response.text() : await readWithinStallTimeout(response.text(), timeout);
  } catch (error) {
    throw error instanceof HubError ? error : new HubNetworkError("POST", url, error);
  }
  try {
    return text === "" ? undefined : (JSON.parse(text) as unknown);
  } catch {
    throw new HubNetworkError("POST", url, new Error(`the answer to the commit is not JSON (${text.length} bytes, cut short?)`));
  }
}

/**
 * The files identical to the server's: same git blob id for regular files, same SHA-256 for LFS files
 * (the preupload gives the remote file's id). Regular files are read to compute their id only when a remote file exists.
 */
async function unchangedFiles(
  files: readonly HashedFile[],
  decision: (path: string) => PreuploadDecision | undefined,
  context: { concurrency: number; signal: AbortSignal | undefined },
): Promise<Set<HashedFile>> {
  const unchanged = new Set<HashedFile>();
  await forEachConcurrent(
    files.filter((file) => decision(file.path)?.remoteOid !== undefined),
    context.concurrency,
    async (file) => {
      const { uploadMode, remoteOid } = decision(file.path)!;
      const localOid = uploadMode === "lfs" ? file.sha256 : await gitBlobOid(file.bytes ?? (await readBytes(file.source)));
      if (localOid === remoteOid!.toLowerCase()) {
        unchanged.add(file);
        file.bytes = undefined;
      }
    },
    context.signal,
  );
  return unchanged;
}

/** The answer of a commit skipped because nothing changed: the revision's head (asked for when the preupload did not say it). */
async function unchangedCommitInfo(
  options: HubOptions,
  target: { repoType: RepoType; repoId: string; revision: string },
  headOid: string | undefined,
  message: { commitMessage: string; commitDescription: string },
): Promise<CommitInfo> {
  let oid = headOid;
  if (oid === undefined) {
    const revision = await hubRequest<{ sha?: unknown }>(options, { path: `${repoApiPath(target.repoType, target.repoId)}/revision/${encodeRevision(target.revision)}` });
    if (typeof revision?.sha !== "string") throw new HubError(`The revision ${target.revision} has no commit id`);
    oid = revision.sha;
  }
  const commitUrl = webCommitUrl({ repoId: target.repoId, repoType: target.repoType, hubUrl: resolveHubUrl(options), commitId: oid });
  return { commitUrl, oid, ...message, skipped: true, raw: { commitOid: oid, commitUrl } };
}

type ResolvedCopies = Awaited<ReturnType<typeof resolveCopies>>;

function addedFiles(operations: readonly ParsedOperation[], copies: ResolvedCopies): { path: string; content: CommitContent }[] {
  const files: { path: string; content: CommitContent }[] = [];
  for (const operation of operations) if (operation.operation === "add") files.push({ path: operation.pathInRepo, content: operation.content });
  for (const copy of copies) if ("content" in copy) files.push({ path: copy.path, content: copy.content });
  return files;
}

async function uploadMissingObjects(
  options: HubOptions,
  target: { repoType: NonNullable<RepoParams["repoType"]>; repoId: string; revision: string; createPr: boolean },
  lfsFiles: readonly HashedFile[],
  context: { numThreads: number; progress: ProgressReporter; stallTimeout: number | false | undefined },
): Promise<void> {
  if (lfsFiles.length === 0) return;
  const unique = new Map<string, HashedFile>();
  for (const file of lfsFiles) if (!unique.has(file.sha256)) unique.set(file.sha256, file);
  const batch = await lfsBatch(options, target, [...unique.values()].map((file) => ({ oid: file.sha256, size: file.size })));
  const toUpload = [...unique.values()].filter((file) => batch.get(file.sha256)?.actions?.upload);
  const uploading = new Set(toUpload);
  for (const file of lfsFiles) if (!uploading.has(file)) context.progress.complete("uploading", file.path, true);
  const { accessToken: _hubOnly, ...rest } = options;
  const transferOptions: HubOptions = { ...rest, timeout: false };
  const slots = new Semaphore(context.numThreads);
  const verifySlots = new Semaphore(context.numThreads);
  const verifications: Promise<void>[] = [];
  const retry = retrySettings(options.retry);
  await forEachConcurrent(
    toUpload,
    context.numThreads,
    (file) =>
      uploadLfsObject(file, batch.get(file.sha256)!, {
        hubOptions: options,
        transferOptions,
        retry,
        slots,
        verifySlots,
        verifications,
        concurrency: context.numThreads,
        stallTimeout: context.stallTimeout,
        onBytes: (delta) => context.progress.advance("uploading", file.path, delta),
      }),
    options.signal,
  );
  await Promise.all(verifications);
}

function commitEntries(
  operations: readonly ParsedOperation[],
  copies: ResolvedCopies,
  byPath: Map<string, HashedFile>,
  decision: (path: string) => { uploadMode: string; shouldIgnore: boolean } | undefined,
  unchanged: ReadonlySet<HashedFile>,
): CommitEntry[] {
  const copyByPath = new Map(copies.map((copy) => [copy.path, copy]));
  const entries: CommitEntry[] = [];
  for (const operation of operations) {
    if (operation.operation === "delete") {
      entries.push({ kind: operation.isFolder ? "deleteFolder" : "deleteFile", path: operation.pathInRepo });
      continue;
    }
    const copy = copyByPath.get(operation.pathInRepo);
    if (operation.operation === "copy" && copy && "lfsOid" in copy) {
      entries.push({ kind: "copy", path: copy.path, oid: copy.lfsOid });
      continue;
    }
    const file = byPath.get(operation.pathInRepo);
    const mode = decision(operation.pathInRepo);
    if (!file || !mode || mode.shouldIgnore || unchanged.has(file)) continue;
    entries.push({ kind: mode.uploadMode === "lfs" ? "lfs" : "regular", file });
  }
  return entries;
}
