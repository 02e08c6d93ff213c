import { newObjectId, type Database } from "./database.ts";
import { statement } from "./statements.ts";

/** The three repository kinds. */
export type RepoType = "model" | "dataset" | "space";

/** All repository kinds, in URL order. */
export const REPO_TYPES: readonly RepoType[] = ["model", "dataset", "space"];

/** A repository row. */
export interface Repo {
  id: number;
  objectId: string;
  type: RepoType;
  namespace: string;
  name: string;
  /** `namespace/name`. */
  fullName: string;
  private: boolean;
  gated: false | "auto" | "manual";
  disabled: boolean;
  sdk: string | null;
  downloads: number;
  createdAt: string;
}

/** A row of the `repos` table as SQLite returns it. */
export interface RepoRow {
  id: number;
  object_id: string;
  type: RepoType;
  namespace: string;
  name: string;
  private: number;
  gated: string;
  disabled: number;
  sdk: string | null;
  downloads: number;
  created_at: string;
}

/** A `repos` row (or a row that includes its columns) as a `Repo`. */
export function toRepo(row: RepoRow): Repo {
  return {
    id: row.id,
    objectId: row.object_id,
    type: row.type,
    namespace: row.namespace,
    name: row.name,
    fullName: `${row.namespace}/${row.name}`,
    private: row.private === 1,
    gated: row.gated === "auto" || row.gated === "manual" ? row.gated : false,
    disabled: row.disabled === 1,
    sdk: row.sdk,
    downloads: row.downloads,
    createdAt: row.created_at,
  };
}

/** Finds a repo by type and `namespace/name` (case-insensitive). */
export function findRepo(db: Database, type: RepoType, fullName: string): Repo | undefined {
  const [namespace, name] = splitRepoId(fullName);
  if (!namespace || !name) return undefined;
  const row = statement(db, "SELECT * FROM repos WHERE type = ? AND namespace = ? AND name = ?").get(type, namespace, name) as
    RepoRow | undefined;
  return row && toRepo(row);
}

/** Finds a repo by row id. */
export function getRepoById(db: Database, id: number): Repo | undefined {
  const row = statement(db, "SELECT * FROM repos WHERE id = ?").get(id) as RepoRow | undefined;
  return row && toRepo(row);
}

/** The repo an old (moved) name now points to, if any. */
export function findRedirect(db: Database, type: RepoType, fullName: string): Repo | undefined {
  const row = statement(db, "SELECT repo_id FROM repo_redirects WHERE type = ? AND from_id = ?").get(type, fullName) as
    { repo_id: number } | undefined;
  return row && getRepoById(db, row.repo_id);
}

/** Inserts a repo row (no commit; see createRepository). */
export function insertRepo(
  db: Database,
  fields: { type: RepoType; namespace: string; name: string; private: boolean; sdk?: string | null; createdAt: string },
): Repo {
  const id = Number(
    statement(db, "INSERT INTO repos (object_id, type, namespace, name, private, sdk, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)").run(
      newObjectId(),
      fields.type,
      fields.namespace,
      fields.name,
      fields.private ? 1 : 0,
      fields.sdk ?? null,
      fields.createdAt,
    ).lastInsertRowid,
  );
  // A fresh repo takes over any redirect that pointed its name elsewhere.
  statement(db, "DELETE FROM repo_redirects WHERE type = ? AND from_id = ?").run(fields.type, `${fields.namespace}/${fields.name}`);
  return getRepoById(db, id)!;
}

/** Deletes a repo and everything that hangs off it. */
export function deleteRepoRow(db: Database, repo: Repo): void {
  statement(db, "DELETE FROM repos WHERE id = ?").run(repo.id);
}

/** Renames a repo and leaves a redirect at the old name. */
export function moveRepoRow(db: Database, repo: Repo, namespace: string, name: string): void {
  db.transaction(() => {
    statement(db, "UPDATE repos SET namespace = ?, name = ? WHERE id = ?").run(namespace, name, repo.id);
    statement(db, "INSERT OR REPLACE INTO repo_redirects (type, from_id, repo_id) VALUES (?, ?, ?)").run(repo.type, repo.fullName, repo.id);
  })();
}

/** Updates visibility and/or gating. */
export function updateRepoSettings(db: Database, repo: Repo, settings: { private?: boolean; gated?: false | "auto" | "manual" }): Repo {
  if (settings.private !== undefined) statement(db, "UPDATE repos SET private = ? WHERE id = ?").run(settings.private ? 1 : 0, repo.id);
  if (settings.gated !== undefined) statement(db, "UPDATE repos SET gated = ? WHERE id = ?").run(String(settings.gated), repo.id);
  return getRepoById(db, repo.id)!;
}

/** Splits `namespace/name`; single-segment ids give `[undefined, name]`. */
export function splitRepoId(fullName: string): [string | undefined, string] {
  const slash = fullName.indexOf("/");
  if (slash < 0) return [undefined, fullName];
  return [fullName.slice(0, slash), fullName.slice(slash + 1)];
}

const REPO_NAME_PATTERN = /^(?!.*(--|\.\.))[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,94}[A-Za-z0-9_])?$/;

/** Whether a namespace or repo name follows the Hub's rules (1-96 word chars, `-`, `.`; no `--`, `..`, `.git`). */
export function isValidRepoName(name: string): boolean {
  return REPO_NAME_PATTERN.test(name) && !name.endsWith(".git");
}
