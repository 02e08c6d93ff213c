import type { TokenRecord } from "../storage/accounts.ts";
import { findAccount, membershipRole } from "../storage/accounts.ts";
import type { Database } from "../storage/database.ts";
import { findRepo, type Repo, type RepoType } from "../storage/repos.ts";
import { forbidden, repoNotFound, unauthorized } from "./errors.ts";

/** Whether the caller owns the namespace or belongs to the org that does (`write` also needs a non-read role). */
export function isNamespaceMember(db: Database, namespace: string, auth: TokenRecord | null, write: boolean): boolean {
  if (!auth) return false;
  if (auth.user.name.toLowerCase() === namespace.toLowerCase()) return true;
  const org = findAccount(db, namespace);
  if (!org || org.type !== "org") return false;
  const role = membershipRole(db, org.id, auth.user.id);
  return role !== undefined && (!write || role !== "read");
}

/** Whether the caller may see the repo. */
export function canRead(db: Database, repo: Repo, auth: TokenRecord | null): boolean {
  return !repo.private || isNamespaceMember(db, repo.namespace, auth, false);
}

/** Whether the caller may push to the repo (write token of an owner / org member). */
export function canWrite(db: Database, repo: Repo, auth: TokenRecord | null): boolean {
  return auth?.role === "write" && isNamespaceMember(db, repo.namespace, auth, true);
}

/** The repo if the caller may read it; RepoNotFound (401 anonymous, 404 otherwise) if not. */
export function readableRepo(db: Database, type: RepoType, repoId: string, auth: TokenRecord | null): Repo {
  const repo = findRepo(db, type, repoId);
  if (!repo || !canRead(db, repo, auth)) throw repoNotFound(repoId, auth === null);
  return repo;
}

/** The repo if the caller may write to it; 401 / RepoNotFound / 403 otherwise. */
export function writableRepo(db: Database, type: RepoType, repoId: string, auth: TokenRecord | null): Repo {
  if (!auth) {
    readableRepo(db, type, repoId, auth);
    throw unauthorized();
  }
  const repo = readableRepo(db, type, repoId, auth);
  if (auth.role !== "write") throw forbidden("This token has read-only access; a write token is required");
  if (!canWrite(db, repo, auth)) throw forbidden(`You don't have write access to ${repo.fullName}`);
  return repo;
}
