import BetterSqlite3 from "better-sqlite3";

/** Objects up to this size live in the small-object database instead of one file each. */
export const SMALL_OBJECT_MAX_BYTES = 1024 * 1024;

/** The WAL is copied into the database when idle this long after a write... */
const CHECKPOINT_IDLE_MS = 1000;
/** ...or at once when this much was written since the last copy. */
const CHECKPOINT_MAX_WAL_BYTES = 256 * 1024 * 1024;

/**
 * Small content-addressed objects (inline commit files, `.gitattributes`...) in one SQLite file,
 * keyed by sha256. Writes are WAL transactions without fsync (`synchronous = NORMAL`) until one is
 * made durable: that fsync of the WAL also makes every earlier write durable, so a commit of 2,000
 * small files costs one fsync instead of one (or two) per file. Objects are immutable: a key that
 * exists is never rewritten. The WAL is checkpointed when the store is idle, not mid-commit.
 */
export class SmallObjectStore {
  readonly #db: BetterSqlite3.Database;
  readonly #insert: BetterSqlite3.Statement<[string, Uint8Array]>;
  readonly #select: BetterSqlite3.Statement<[string], Buffer>;
  readonly #size: BetterSqlite3.Statement<[string], number>;
  readonly #insertMany: (objects: readonly { sha256: string; bytes: Uint8Array }[]) => void;
  readonly #mark: BetterSqlite3.Statement<[number]>;
  #unsynced = false;
  #walBytes = 0;
  #checkpointTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(file: string) {
    this.#db = new BetterSqlite3(file);
    this.#db.pragma("journal_mode = WAL");
    this.#db.pragma("synchronous = NORMAL");
    this.#db.pragma("wal_autocheckpoint = 0");
    // A rowid table: WITHOUT ROWID suits small rows, not kilobytes of blob per row.
    this.#db.exec("CREATE TABLE IF NOT EXISTS objects (sha256 TEXT PRIMARY KEY, bytes BLOB NOT NULL)");
    this.#db.exec("CREATE TABLE IF NOT EXISTS synced (id INTEGER PRIMARY KEY CHECK (id = 1), at INTEGER NOT NULL)");
    this.#mark = this.#db.prepare("INSERT OR REPLACE INTO synced (id, at) VALUES (1, ?)");
    this.#insert = this.#db.prepare("INSERT OR IGNORE INTO objects (sha256, bytes) VALUES (?, ?)");
    this.#select = this.#db.prepare<[string], Buffer>("SELECT bytes FROM objects WHERE sha256 = ?").pluck();
    this.#size = this.#db.prepare<[string], number>("SELECT length(bytes) FROM objects WHERE sha256 = ?").pluck();
    this.#insertMany = this.#db.transaction((objects: readonly { sha256: string; bytes: Uint8Array }[]) => {
      for (const object of objects) this.#insert.run(object.sha256, object.bytes);
    });
  }

  /**
   * Stores objects in one transaction (existing keys are kept as they are). With `durable`, the
   * transaction is fsynced, and with it every earlier write; otherwise see `sync()`.
   */
  put(objects: readonly { sha256: string; bytes: Uint8Array }[], durable: boolean): void {
    if (objects.length === 0) {
      if (durable) this.sync();
      return;
    }
    this.#transaction(durable, () => this.#insertMany(objects));
    for (const object of objects) this.#walBytes += object.bytes.byteLength;
    if (this.#walBytes >= CHECKPOINT_MAX_WAL_BYTES) this.#checkpoint();
    else this.#scheduleCheckpoint();
  }

  /** Makes every earlier write durable: one fsync of the WAL (nothing to do when they all are). */
  sync(): void {
    if (this.#unsynced) this.#transaction(true, () => this.#mark.run(Date.now()));
  }

  #transaction(durable: boolean, write: () => void): void {
    if (durable) this.#db.pragma("synchronous = FULL");
    try {
      write();
    } finally {
      if (durable) this.#db.pragma("synchronous = NORMAL");
    }
    this.#unsynced = !durable;
  }

  /** The object's bytes, if stored here. */
  get(sha256: string): Buffer | undefined {
    return this.#select.get(sha256);
  }

  /** The object's size, if stored here. */
  size(sha256: string): number | undefined {
    return this.#size.get(sha256);
  }

  /** Closes the database (idempotent; SQLite checkpoints on close). */
  close(): void {
    clearTimeout(this.#checkpointTimer);
    if (this.#db.open) this.#db.close();
  }

  #scheduleCheckpoint(): void {
    clearTimeout(this.#checkpointTimer);
    this.#checkpointTimer = setTimeout(() => this.#checkpoint(), CHECKPOINT_IDLE_MS);
    this.#checkpointTimer.unref?.();
  }

  #checkpoint(): void {
    clearTimeout(this.#checkpointTimer);
    if (!this.#db.open) return;
    this.#db.pragma("wal_checkpoint(TRUNCATE)");
    this.#walBytes = 0;
  }
}
