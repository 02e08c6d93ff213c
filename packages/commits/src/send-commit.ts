import {
  commitUrl as webCommitUrl,
  DEFAULT_TIMEOUT,
  HubError,
  HubNetworkError,
  type HubOptions,
  hubRequest,
  redactUrl,
  type RepoType,
  resolveHubUrl,
} from "@hub/core";
import { encodeRevision, readWithinStallTimeout, repoApiPath } from "@hub/core/internal";
import { type CommitEntry, commitBody } from "./commit-body.ts";
import type { HashedFile } from "./commit-files.ts";
import { toCommitInfo } from "./commit-info.ts";
import { commitOutcomeUnknown, recoverCommit } from "./commit-recovery.ts";
import type { ProgressReporter } from "./progress.ts";
import type { ResolvedCopy } from "./resolve-copies.ts";
import type { ParsedOperation } from "./schemas.ts";
import type { CommitInfo } from "./types.ts";

/** Where the commit goes and what it says. */
export interface CommitRequest {
  repoType: RepoType;
  repoId: string;
  revision: string;
  createPr: boolean;
  commitMessage: string;
  commitDescription: string;
  parentCommit: string | undefined;
  /** Head of `revision` before the commit, when the preupload said it (to recover a commit whose answer was lost). */
  headOid: string | undefined;
}

/**
 * The `commit` step: sends the NDJSON commit (streamed, regular files inline) and returns the
 * commit. When the request fails without telling whether the commit landed, the head of the
 * revision is checked before anything is sent again (see `recoverCommit`); a pull request, or a
 * commit without a known starting head, is never sent twice.
 */
export async function sendCommitWithRecovery(
  options: HubOptions,
  request: CommitRequest,
  entries: readonly CommitEntry[],
  progress: ProgressReporter,
): Promise<CommitInfo> {
  const { repoType, repoId, revision, createPr, commitMessage, commitDescription, parentCommit, headOid } = request;
  const send = async (parent: string | undefined) => {
    const raw = await sendCommit(options, {
      path: `${repoApiPath(repoType, repoId)}/commit/${encodeRevision(revision)}`,
      searchParams: createPr ? { create_pr: "1" } : undefined,
      body: () =>
        commitBody({ summary: commitMessage, description: commitDescription, parentCommit: parent }, entries, {
          progress,
          signal: options.signal,
        }),
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

/** The commit's lines in the caller's order: deletes, copies by reference, and the added files that changed (`files`). */
export function commitEntries(
  operations: readonly ParsedOperation[],
  copies: readonly ResolvedCopy[],
  files: readonly HashedFile[],
): CommitEntry[] {
  const copyByPath = new Map(copies.map((copy) => [copy.path, copy]));
  const fileByPath = new Map(files.map((file) => [file.path, file]));
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
    // Ignored (`.gitignore`) and unchanged files are not in `files`.
    const file = fileByPath.get(operation.pathInRepo);
    if (!file) continue;
    entries.push(
      file.uploadMode === "lfs" ? { kind: "lfs", path: file.path, oid: file.sha256, size: file.size } : { kind: "regular", file },
    );
  }
  return entries;
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
  let target: { path: string; searchParams: Record<string, string> | undefined } | { url: string } = {
    path: request.path,
    searchParams: request.searchParams,
  };
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
      throw new HubError(
        `The commit request was answered with ${response.status}${location === null ? "" : ` to ${redactUrl(new URL(location, response.url))}`}, not followed`,
      );
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

/** The answer of a commit skipped because nothing changed: the revision's head (asked for when the preupload did not say it). */
export async function unchangedCommitInfo(
  options: HubOptions,
  target: { repoType: RepoType; repoId: string; revision: string },
  headOid: string | undefined,
  message: { commitMessage: string; commitDescription: string },
): Promise<CommitInfo> {
  let oid = headOid;
  if (oid === undefined) {
    const revision = await hubRequest<{ sha?: unknown }>(options, {
      path: `${repoApiPath(target.repoType, target.repoId)}/revision/${encodeRevision(target.revision)}`,
    });
    if (typeof revision?.sha !== "string") throw new HubError(`The revision ${target.revision} has no commit id`);
    oid = revision.sha;
  }
  const commitUrl = webCommitUrl({ repoId: target.repoId, repoType: target.repoType, hubUrl: resolveHubUrl(options), commitId: oid });
  return { commitUrl, oid, ...message, skipped: true, raw: { commitOid: oid, commitUrl } };
}
