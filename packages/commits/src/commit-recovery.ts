import { CommitConflictError, HubHttpError, HubNetworkError, type HubOptions, HubTimeoutError, hubRequest, type RepoType } from "@hub/core";
import { backoffDelay, encodeRevision, repoApiPath, retrySettings, sleep } from "@hub/core/internal";

/** What is known of a commit when its request failed without a usable answer. */
export interface PendingCommit {
  repoType: RepoType;
  repoId: string;
  revision: string;
  /** Head of `revision` before the commit (the preupload said). */
  headOid: string;
  /** Title of the commit. */
  title: string;
}

/**
 * Whether the commit request failed without telling whether the commit landed: no answer (reset,
 * timeout), an answer cut short, or a 5xx. A 4xx (a refused commit) tells.
 */
export function commitOutcomeUnknown(error: unknown): boolean {
  if (error instanceof HubNetworkError || error instanceof HubTimeoutError) return true;
  return error instanceof HubHttpError && error.status >= 500;
}

/** The newest two commits of the revision (id and title). */
async function headCommits(options: HubOptions, pending: PendingCommit): Promise<{ id: string; title: string }[]> {
  const page = await hubRequest<unknown>(options, {
    path: `${repoApiPath(pending.repoType, pending.repoId)}/commits/${encodeRevision(pending.revision)}`,
    searchParams: { limit: 2 },
  });
  return Array.isArray(page) ? (page as { id: string; title: string }[]) : [];
}

/**
 * After a commit request failed without a usable answer, finds out whether it landed: the head of
 * the revision is read (with the request's own retries). If it moved to a commit with our title
 * whose parent is the head we started from, that is our commit (its id is returned). If it did not
 * move, the commit is sent again with `parentCommit` set to that head (`resend`), so that it can
 * land once only: should the first request land meanwhile, the second gets a 409/412 and the head
 * is read again. Anything else (another commit landed, the budget is spent) rethrows `failure`.
 */
export async function recoverCommit<T>(
  options: HubOptions,
  pending: PendingCommit,
  failure: unknown,
  resend: (parentCommit: string) => Promise<T>,
  landed: (oid: string) => T,
): Promise<T> {
  const settings = retrySettings(options.retry);
  let lastFailure = failure;
  for (let attempt = 1; attempt < settings.attempts; attempt++) {
    await sleep(backoffDelay(attempt, settings), options.signal);
    const [head, parent] = await headCommits(options, pending);
    if (head && head.id !== pending.headOid) {
      if (head.title === pending.title && parent?.id === pending.headOid) return landed(head.id);
      throw lastFailure;
    }
    try {
      return await resend(pending.headOid);
    } catch (error) {
      if (!(commitOutcomeUnknown(error) || error instanceof CommitConflictError)) throw error;
      lastFailure = error;
    }
  }
  throw lastFailure;
}
