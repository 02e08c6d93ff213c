import { join } from "node:path";
import { gitCommitOid } from "../git/hash.ts";
import { findAccount, type SeedData, applySeed } from "./accounts.ts";
import { BlobStore } from "./blobs.ts";
import { writeInitialCommit } from "./commit-writer.ts";
import { openDatabase } from "./database.ts";
import { getCommit, insertCommit } from "./objects.ts";
import { getRef, setRef } from "./refs.ts";
import { insertRepo, splitRepoId, type RepoType } from "./repos.ts";
import { computeIndexEntry, writeIndexEntry, type IndexedRepo } from "./search-index.ts";
import { statement } from "./statements.ts";

/** One repo to seed in bulk. */
export interface BulkRepo {
  /** `namespace/name`; the namespace must exist (created as a user when missing). */
  id: string;
  /** Default `"model"`. */
  type?: RepoType;
  private?: boolean;
  /** Spaces: `gradio`, `static`... */
  sdk?: string;
  /** Files of the first commit, besides the default `.gitattributes` (e.g. a `README.md` card). */
  files?: Record<string, string>;
  downloads?: number;
  /** ISO date; default now. */
  createdAt?: string;
}

/**
 * Seeds many repos fast, straight into a data directory (for benchmarks and tests; the server must
 * not be running on it). Repos with the same files share one tree; each gets its own commit; the
 * listing index is written in the same transaction. Returns how many repos were created.
 */
export function bulkSeedRepos(dataDir: string, repos: Iterable<BulkRepo>, seed?: SeedData): number {
  const db = openDatabase(join(dataDir, "hub.sqlite"));
  const blobs = new BlobStore(dataDir);
  try {
    if (seed) applySeed(db, seed);
    const templates = new Map<string, { treeOid: string; entry: IndexedRepo | undefined }>();
    let count = 0;
    db.transaction(() => {
      for (const spec of repos) {
        const [namespace, name] = splitRepoId(spec.id);
        if (!namespace) throw new Error(`bulkSeedRepos: ${spec.id} needs a namespace`);
        ensureUser(db, namespace);
        const type = spec.type ?? "model";
        const repo = insertRepo(db, {
          type,
          namespace,
          name,
          private: spec.private ?? false,
          sdk: spec.sdk ?? (type === "space" ? "gradio" : null),
          createdAt: spec.createdAt ?? new Date().toISOString(),
        });
        if (spec.downloads) statement(db, "UPDATE repos SET downloads = ? WHERE id = ?").run(spec.downloads, repo.id);
        const key = `${type}\u0000${spec.sdk ?? ""}\u0000${JSON.stringify(Object.entries(spec.files ?? {}).sort())}`;
        const template = templates.get(key);
        if (!template) {
          const files = Object.entries(spec.files ?? {}).map(([path, text]) => ({ path, bytes: Buffer.from(text) }));
          const oid = writeInitialCommit(db, blobs, repo, files);
          templates.set(key, { treeOid: getCommit(db, repo.id, oid)!.treeOid, entry: computeIndexEntry(db, blobs, repo) });
        } else {
          // Whole seconds, like every git commit date.
          const timestamp = Math.floor(Date.now() / 1000);
          const createdAt = new Date(timestamp * 1000).toISOString();
          const oid = gitCommitOid({
            treeOid: template.treeOid,
            parentOids: [],
            authorName: "system",
            authorEmail: "system@users.noreply.localhost",
            timestamp,
            message: `initial commit ${repo.objectId}\n`,
          });
          insertCommit(db, repo.id, {
            oid,
            treeOid: template.treeOid,
            parentOids: [],
            depth: 1,
            author: "system",
            title: "initial commit",
            message: "",
            createdAt,
          });
          setRef(db, repo.id, "refs/heads/main", oid);
        }
        const entry = templates.get(key)!.entry;
        const head = getRef(db, repo.id, "refs/heads/main")!;
        if (entry) writeIndexEntry(db, repo.id, { ...entry, headOid: head, lastModified: getCommit(db, repo.id, head)!.createdAt });
        statement(db, "DELETE FROM repo_search_dirty WHERE repo_id = ?").run(repo.id);
        count++;
      }
    })();
    return count;
  } finally {
    db.close();
    blobs.close();
  }
}

function ensureUser(db: ReturnType<typeof openDatabase>, name: string): void {
  if (findAccount(db, name)) return;
  applySeed(db, { users: [{ name }] });
}
