import BetterSqlite3 from "better-sqlite3";

/** Objects up to this size live in the small-object database instead of one file each. */
export const SMALL_OBJECT_MAX_BYTES = 1024 * 1024;

/**
 * Small content-addressed objects (inline commit files, `.gitattributes`...) in one SQLite file,
 * keyed by sha256. Many objects are stored in one transaction, so a commit of 2,000 small files
 * costs one fsync instead of one (or two) per file; WAL + `synchronous = FULL` makes a returned
 * `putMany` durable. Objects are immutable: a key that exists is never rewritten.
 */
export class SmallObjectStore {
  readonly #db: BetterSqlite3.Database;
  readonly #insert: BetterSqlite3.Statement<[string, Uint8Array]>;
  readonly #select: BetterSqlite3.Statement<[string], Buffer>;
  readonly #size: BetterSqlite3.Statement<[string], number>;
  readonly #insertMany: (objects: readonly { sha256: string; bytes: Uint8Array }[]) => void;

  constructor(file: string) {
    this.#db = new BetterSqlite3(file);
    this.#db.pragma("journal_mode = WAL");
    this.#db.pragma("synchronous = FULL");
    this.#db.exec("CREATE TABLE IF NOT EXISTS objects (sha256 TEXT PRIMARY KEY, bytes BLOB NOT NULL) WITHOUT ROWID");
    this.#insert = this.#db.prepare("INSERT OR IGNORE INTO objects (sha256, bytes) VALUES (?, ?)");
    this.#select = this.#db.prepare<[string], Buffer>("SELECT bytes FROM objects WHERE sha256 = ?").pluck();
    this.#size = this.#db.prepare<[string], number>("SELECT length(bytes) FROM objects WHERE sha256 = ?").pluck();
    this.#insertMany = this.#db.transaction((objects: readonly { sha256: string; bytes: Uint8Array }[]) => {
      for (const object of objects) this.#insert.run(object.sha256, object.bytes);
    });
  }

  /** Stores objects in one durable transaction (existing keys are kept as they are). */
  putMany(objects: readonly { sha256: string; bytes: Uint8Array }[]): void {
    if (objects.length > 0) this.#insertMany(objects);
  }

  /** The object's bytes, if stored here. */
  get(sha256: string): Buffer | undefined {
    return this.#select.get(sha256);
  }

  /** The object's size, if stored here. */
  size(sha256: string): number | undefined {
    return this.#size.get(sha256);
  }

  /** Closes the database (idempotent). */
  close(): void {
    if (this.#db.open) this.#db.close();
  }
}
