import { LFS_OWNERS_MIGRATION_SQL } from "./lfs-objects.ts";
import { SEARCH_MIGRATION_SQL } from "./search-index.ts";
import { SPACES_MIGRATION_SQL } from "./spaces.ts";

/** One schema step; migrations run once each, in order, recorded in `schema_migrations`. */
export interface Migration {
  id: string;
  sql: string;
}

/**
 * The schema, as an append-only list: later modules (discussions events, Spaces settings...)
 * add entries at the end and never edit earlier ones.
 */
export const migrations: Migration[] = [
  {
    id: "001-accounts",
    sql: `
      CREATE TABLE accounts (
        id INTEGER PRIMARY KEY,
        object_id TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL CHECK (type IN ('user', 'org')),
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        fullname TEXT NOT NULL,
        email TEXT,
        created_at TEXT NOT NULL
      );
      CREATE TABLE org_members (
        org_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        user_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        role TEXT NOT NULL,
        PRIMARY KEY (org_id, user_id)
      );
      CREATE TABLE tokens (
        value TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('read', 'write')),
        display_name TEXT NOT NULL,
        created_at TEXT NOT NULL
      );`,
  },
  {
    id: "002-repos",
    sql: `
      CREATE TABLE repos (
        id INTEGER PRIMARY KEY,
        object_id TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL CHECK (type IN ('model', 'dataset', 'space')),
        namespace TEXT NOT NULL COLLATE NOCASE,
        name TEXT NOT NULL COLLATE NOCASE,
        private INTEGER NOT NULL DEFAULT 0,
        gated TEXT NOT NULL DEFAULT 'false',
        disabled INTEGER NOT NULL DEFAULT 0,
        sdk TEXT,
        downloads INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        UNIQUE (type, namespace, name)
      );
      CREATE TABLE repo_redirects (
        type TEXT NOT NULL,
        from_id TEXT NOT NULL COLLATE NOCASE,
        repo_id INTEGER NOT NULL REFERENCES repos(id) ON DELETE CASCADE,
        PRIMARY KEY (type, from_id)
      );
      CREATE TABLE refs (
        repo_id INTEGER NOT NULL REFERENCES repos(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        commit_oid TEXT NOT NULL,
        PRIMARY KEY (repo_id, name)
      );
      CREATE TABLE commits (
        repo_id INTEGER NOT NULL REFERENCES repos(id) ON DELETE CASCADE,
        oid TEXT NOT NULL,
        tree_oid TEXT NOT NULL,
        parent_oids TEXT NOT NULL,
        depth INTEGER NOT NULL,
        author TEXT NOT NULL,
        title TEXT NOT NULL,
        message TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (repo_id, oid)
      );
      CREATE TABLE trees (
        oid TEXT PRIMARY KEY
      );
      CREATE TABLE tree_entries (
        tree_oid TEXT NOT NULL,
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('blob', 'tree')),
        oid TEXT NOT NULL,
        PRIMARY KEY (tree_oid, name)
      ) WITHOUT ROWID;
      CREATE TABLE blobs (
        oid TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        lfs INTEGER NOT NULL
      );
      CREATE TABLE lfs_objects (
        sha256 TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        created_at TEXT NOT NULL
      );`,
  },
  {
    id: "003-likes-discussions",
    sql: `
      CREATE TABLE likes (
        user_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        repo_id INTEGER NOT NULL REFERENCES repos(id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        PRIMARY KEY (user_id, repo_id)
      );
      CREATE TABLE discussions (
        id INTEGER PRIMARY KEY,
        object_id TEXT NOT NULL UNIQUE,
        repo_id INTEGER NOT NULL REFERENCES repos(id) ON DELETE CASCADE,
        num INTEGER NOT NULL,
        is_pull_request INTEGER NOT NULL,
        title TEXT NOT NULL,
        status TEXT NOT NULL,
        author_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
        base_ref TEXT,
        merge_commit_oid TEXT,
        created_at TEXT NOT NULL,
        UNIQUE (repo_id, num)
      );
      CREATE TABLE discussion_events (
        id INTEGER PRIMARY KEY,
        object_id TEXT NOT NULL UNIQUE,
        discussion_id INTEGER NOT NULL REFERENCES discussions(id) ON DELETE CASCADE,
        type TEXT NOT NULL,
        author_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
        data TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE repo_settings (
        repo_id INTEGER NOT NULL REFERENCES repos(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (repo_id, key)
      );`,
  },
  { id: "spaces-runtime", sql: SPACES_MIGRATION_SQL },
  { id: "search-index", sql: SEARCH_MIGRATION_SQL },
  // An organization may make new repos private unless their creator says otherwise ("public" when NULL).
  { id: "org-default-visibility", sql: "ALTER TABLE accounts ADD COLUMN default_visibility TEXT;" },
  { id: "lfs-object-owners", sql: LFS_OWNERS_MIGRATION_SQL },
];
