import type { Context } from "hono";
import type { Database } from "../storage/database.ts";
import { findRedirect, findRepo, type RepoType } from "../storage/repos.ts";
import { canRead } from "./access.ts";
import { authenticate } from "./auth.ts";
import type { RepoCanonicalizer } from "./repo-router.ts";

/**
 * The Hub's answer to a repo named in another case or by a name it moved from: a 307 to the
 * canonical id. Only for callers who may see the repo, so a redirect never reveals a private one.
 */
export function canonicalRepoIds(db: Database): RepoCanonicalizer {
  return (c: Context, type: RepoType, repoId: string) => {
    const repo = findRepo(db, type, repoId) ?? findRedirect(db, type, repoId);
    if (!repo || repo.fullName === repoId) return undefined;
    return canRead(db, repo, authenticate(c, db)) ? repo.fullName : undefined;
  };
}
