// Every table, index and trigger of the metadata database is defined here and nowhere else, so this
// module imports nothing: storage modules depend on the schema, never the other way round.

/** One schema step; migrations run once each, in order, recorded in `schema_migrations`. */
export interface Migration {
  id: string;
  sql: string;
}

/** Space runtimes, secrets and variables. */
const SPACES_MIGRATION_SQL = `
  CREATE TABLE space_runtimes (
    repo_id INTEGER PRIMARY KEY REFERENCES repos(id) ON DELETE CASCADE,
    hardware TEXT,
    requested_hardware TEXT,
    storage TEXT,
    sleep_time INTEGER,
    paused INTEGER NOT NULL DEFAULT 0,
    dev_mode INTEGER NOT NULL DEFAULT 0,
    restarted_at INTEGER
  );
  CREATE TABLE space_secrets (
    repo_id INTEGER NOT NULL REFERENCES repos(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    description TEXT,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (repo_id, key)
  ) WITHOUT ROWID;
  CREATE TABLE space_variables (
    repo_id INTEGER NOT NULL REFERENCES repos(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    description TEXT,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (repo_id, key)
  ) WITHOUT ROWID;`;

/**
 * Schema of the listing index: what `GET /api/models|datasets|spaces` filters and sorts on, derived
 * from the head of `main` (card tags, links of Spaces, last modification). Triggers on `refs` mark a
 * repo dirty in the commit's own transaction; listings re-index dirty repos before answering.
 */
const SEARCH_MIGRATION_SQL = `
  CREATE TABLE repo_search (
    repo_id INTEGER PRIMARY KEY REFERENCES repos(id) ON DELETE CASCADE,
    head_oid TEXT NOT NULL,
    last_modified TEXT NOT NULL,
    pipeline_tag TEXT,
    library_name TEXT,
    tags_json TEXT NOT NULL,
    card_json TEXT,
    config_json TEXT,
    siblings_json TEXT NOT NULL,
    links_json TEXT
  );
  CREATE INDEX repo_search_last_modified ON repo_search (last_modified);
  CREATE TABLE repo_tags (
    repo_id INTEGER NOT NULL REFERENCES repos(id) ON DELETE CASCADE,
    tag TEXT NOT NULL COLLATE NOCASE,
    type TEXT NOT NULL,
    PRIMARY KEY (repo_id, tag)
  ) WITHOUT ROWID;
  CREATE INDEX repo_tags_by_tag ON repo_tags (tag, repo_id);
  CREATE TABLE repo_links (
    repo_id INTEGER NOT NULL REFERENCES repos(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('model', 'dataset')),
    target TEXT NOT NULL COLLATE NOCASE,
    PRIMARY KEY (repo_id, kind, target)
  ) WITHOUT ROWID;
  CREATE INDEX repo_links_by_target ON repo_links (kind, target, repo_id);
  CREATE TABLE repo_search_dirty (repo_id INTEGER PRIMARY KEY);
  -- No OR IGNORE in trigger bodies: the conflict policy of the statement firing them would override it.
  CREATE TRIGGER repo_search_ref_inserted AFTER INSERT ON refs WHEN NEW.name = 'refs/heads/main'
    BEGIN INSERT INTO repo_search_dirty (repo_id) SELECT NEW.repo_id WHERE NOT EXISTS (SELECT 1 FROM repo_search_dirty WHERE repo_id = NEW.repo_id); END;
  CREATE TRIGGER repo_search_ref_updated AFTER UPDATE OF commit_oid ON refs WHEN NEW.name = 'refs/heads/main'
    BEGIN INSERT INTO repo_search_dirty (repo_id) SELECT NEW.repo_id WHERE NOT EXISTS (SELECT 1 FROM repo_search_dirty WHERE repo_id = NEW.repo_id); END;
  CREATE INDEX repos_by_type ON repos (type);
  CREATE INDEX repos_by_type_created ON repos (type, created_at);
  CREATE INDEX repos_by_type_downloads ON repos (type, downloads);
  CREATE INDEX likes_by_repo ON likes (repo_id);
  INSERT OR IGNORE INTO repo_search_dirty (repo_id) SELECT repo_id FROM refs WHERE name = 'refs/heads/main';`;

/**
 * Xet storage (see storage/xet.ts): xorbs (their serialized bytes are a blob of the blob store; `chunks`
 * packs, per chunk, its 32-byte hash, u32 raw length and u32 end offset of its record), files uploaded
 * by shards (hash, SHA-256, size, terms as JSON) and the chunks indexed for global dedup. A Xet file is
 * also an LFS object (its bytes are materialized at shard upload): repos own it through `repo_lfs_objects`.
 */
const XET_MIGRATION_SQL = `
  CREATE TABLE xet_xorbs (
    hash TEXT PRIMARY KEY,
    blob_sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    raw_bytes INTEGER NOT NULL,
    chunks BLOB NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE xet_files (
    hash TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    terms TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX xet_files_by_sha256 ON xet_files (sha256);
  CREATE TABLE xet_dedup_chunks (
    chunk_hash TEXT PRIMARY KEY,
    xorb_hash TEXT NOT NULL
  );`;

/**
 * Which repo owns which LFS object (see lfs-objects.ts): a repo may only use an object uploaded to it
 * or one in its history. Data written before ownership existed is backfilled from each repo's commits.
 */
const LFS_OWNERS_MIGRATION_SQL = `
  CREATE TABLE repo_lfs_objects (
    repo_id INTEGER NOT NULL REFERENCES repos(id) ON DELETE CASCADE,
    sha256 TEXT NOT NULL,
    PRIMARY KEY (repo_id, sha256)
  ) WITHOUT ROWID;
  -- Data written before ownership existed: each repo owns the LFS objects its commits point to.
  WITH RECURSIVE reachable(repo_id, tree_oid) AS (
    SELECT DISTINCT repo_id, tree_oid FROM commits
    UNION
    SELECT reachable.repo_id, tree_entries.oid FROM reachable
      JOIN tree_entries ON tree_entries.tree_oid = reachable.tree_oid AND tree_entries.kind = 'tree'
  )
  INSERT OR IGNORE INTO repo_lfs_objects (repo_id, sha256)
    SELECT DISTINCT reachable.repo_id, blobs.sha256 FROM reachable
      JOIN tree_entries ON tree_entries.tree_oid = reachable.tree_oid AND tree_entries.kind = 'blob'
      JOIN blobs ON blobs.oid = tree_entries.oid AND blobs.lfs = 1;`;

/**
 * The schema, as an append-only list: a new table or column is a new entry at the end; earlier
 * entries are never edited (databases already carry them).
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
  { id: "xet-storage", sql: XET_MIGRATION_SQL },
  // The other xorbs of the shard that indexed a dedup chunk (space-separated, in file order): a dedup
  // answer lists them too, as the Hub's answers list a whole upload shard's xorbs.
  { id: "xet-dedup-related", sql: "ALTER TABLE xet_dedup_chunks ADD COLUMN related TEXT NOT NULL DEFAULT '';" },
  // An LFS object whose bytes live only in xorbs: the Xet file that rebuilds it (NULL: the bytes are a blob of
  // the blob store). Objects of older data directories keep NULL: their Xet files were also stored as blobs.
  { id: "lfs-objects-in-xet", sql: "ALTER TABLE lfs_objects ADD COLUMN xet_hash TEXT;" },
];
