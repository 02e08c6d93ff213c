import type { Context } from "hono";
import type { Database } from "../storage/database.ts";
import { findRepo, type RepoType } from "../storage/repos.ts";
import { canRead } from "./access.ts";
import { authenticate } from "./auth.ts";
import { HttpError } from "./errors.ts";
import type { RepoGuard } from "./repo-router.ts";

/** The message the Hub sends for a disabled repo; huggingface_hub raises `DisabledRepoError` on exactly this text. */
export const DISABLED_REPO_MESSAGE = "Access to this resource is disabled.";

/** `ns/name` for models, `datasets/ns/name`, `spaces/ns/name`: the key of a repo in `disabledRepos`. */
function repoKey(type: RepoType, fullName: string): string {
  return `${type === "model" ? "" : `${type}s/`}${fullName}`.toLowerCase();
}

/**
 * Refuses every repo-scoped request to a disabled repo (its `disabled` flag, or listed in
 * `disabledRepos`) with a 403 and the Hub's message, to callers who may see it (others get the
 * usual RepoNotFound from the handler).
 */
export function disabledRepoGuard(db: Database, disabledRepos: readonly string[]): RepoGuard {
  const listed = new Set(disabledRepos.map((id) => id.toLowerCase()));
  return (c: Context, type: RepoType, repoId: string) => {
    const repo = findRepo(db, type, repoId);
    if (!repo || !(repo.disabled || listed.has(repoKey(type, repo.fullName)))) return;
    if (canRead(db, repo, authenticate(c, db))) throw new HttpError(403, DISABLED_REPO_MESSAGE);
  };
}
