import type { Database } from "./database.ts";
import type { Repo } from "./repos.ts";
import { statement } from "./statements.ts";

/** The hardware of a Space that never asked for any. */
export const DEFAULT_SPACE_HARDWARE = "cpu-basic";

/** The free hardware's fixed sleep time: 48 hours. */
export const DEFAULT_SLEEP_TIME = 172_800;

/** What the server stores about a Space's simulated runtime. */
export interface SpaceRuntimeState {
  /** Hardware applied at the last (re)start. */
  hardware: string;
  /** Hardware requested since the last restart, `null` when none. */
  requestedHardware: string | null;
  storage: string | null;
  /** Sleep time in seconds set by the owner, `null` for the default. */
  sleepTime: number | null;
  paused: boolean;
  devMode: boolean;
  /** Last restart, in ms since the epoch (`null`: never restarted). */
  restartedAt: number | null;
}

interface RuntimeRow {
  hardware: string | null;
  requested_hardware: string | null;
  storage: string | null;
  sleep_time: number | null;
  paused: number;
  dev_mode: number;
  restarted_at: number | null;
}

/** The stored runtime state of a Space, with defaults for a Space that never changed it. */
export function getSpaceState(db: Database, repo: Repo): SpaceRuntimeState {
  const row = statement(db, "SELECT * FROM space_runtimes WHERE repo_id = ?").get(repo.id) as RuntimeRow | undefined;
  return {
    hardware: row?.hardware ?? DEFAULT_SPACE_HARDWARE,
    requestedHardware: row?.requested_hardware ?? null,
    storage: row?.storage ?? null,
    sleepTime: row?.sleep_time ?? null,
    paused: row?.paused === 1,
    devMode: row?.dev_mode === 1,
    restartedAt: row?.restarted_at ?? null,
  };
}

/** Saves the whole runtime state of a Space. */
export function saveSpaceState(db: Database, repo: Repo, state: SpaceRuntimeState): void {
  statement(
    db,
    `INSERT INTO space_runtimes (repo_id, hardware, requested_hardware, storage, sleep_time, paused, dev_mode, restarted_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (repo_id) DO UPDATE SET hardware = excluded.hardware, requested_hardware = excluded.requested_hardware,
       storage = excluded.storage, sleep_time = excluded.sleep_time, paused = excluded.paused, dev_mode = excluded.dev_mode,
       restarted_at = excluded.restarted_at`,
  ).run(
    repo.id,
    state.hardware,
    state.requestedHardware,
    state.storage,
    state.sleepTime,
    state.paused ? 1 : 0,
    state.devMode ? 1 : 0,
    state.restartedAt,
  );
}

/** Applies the Space settings a create body may carry: `hardware`, `storageTier`, `sleepTimeSeconds`. */
export function applyCreationSettings(db: Database, repo: Repo, body: Record<string, unknown>): void {
  const state = getSpaceState(db, repo);
  if (typeof body.hardware === "string" && body.hardware !== "") state.hardware = body.hardware;
  if (typeof body.storageTier === "string" && body.storageTier !== "") state.storage = body.storageTier;
  if (typeof body.sleepTimeSeconds === "number" && Number.isInteger(body.sleepTimeSeconds)) state.sleepTime = body.sleepTimeSeconds;
  saveSpaceState(db, repo, state);
}

/** When the last build started: the later of the last restart and the last commit on `main` (ms). */
export function buildStartedAt(db: Database, repo: Repo, state: SpaceRuntimeState): number {
  const row = statement(
    db,
    `SELECT c.created_at FROM refs f JOIN commits c ON c.repo_id = f.repo_id AND c.oid = f.commit_oid
       WHERE f.repo_id = ? AND f.name = 'refs/heads/main'`,
  ).get(repo.id) as { created_at: string } | undefined;
  const committedAt = row ? Date.parse(row.created_at) : 0;
  return Math.max(committedAt, state.restartedAt ?? 0);
}

/**
 * The runtime object of a Space at `now` (computed at read time, no timers): BUILDING for
 * `buildDelayMs` after a commit or restart, then RUNNING on the applied hardware; PAUSED until a
 * restart; a static Space runs without hardware.
 */
export function spaceRuntime(db: Database, repo: Repo, buildDelayMs: number, now = Date.now()): Record<string, unknown> {
  const state = getSpaceState(db, repo);
  const common = { storage: state.storage, gcTimeout: sleepTimeOf(state), devMode: state.devMode };
  if (repo.sdk === "static") {
    return {
      stage: state.paused ? "PAUSED" : "RUNNING",
      hardware: { current: null, requested: null },
      ...common,
      replicas: { requested: 1, current: state.paused ? 0 : 1 },
    };
  }
  const requested = state.requestedHardware ?? state.hardware;
  if (state.paused) return { stage: "PAUSED", hardware: { current: null, requested }, ...common, replicas: { requested: 1 } };
  if (now < buildStartedAt(db, repo, state) + buildDelayMs) {
    return { stage: "BUILDING", hardware: { current: null, requested }, ...common, replicas: { requested: 1 } };
  }
  return { stage: "RUNNING", hardware: { current: state.hardware, requested }, ...common, replicas: { requested: 1, current: 1 } };
}

function sleepTimeOf(state: SpaceRuntimeState): number | null {
  if (state.sleepTime !== null) return state.sleepTime;
  return state.hardware === DEFAULT_SPACE_HARDWARE ? DEFAULT_SLEEP_TIME : null;
}

/** A secret or a variable row. */
export interface SpaceKeyValueRow {
  key: string;
  value: string;
  description: string | null;
  updatedAt: string;
}

type KeyValueTable = "space_secrets" | "space_variables";

/** Every secret or variable of a Space, sorted by key. */
export function listKeyValues(db: Database, table: KeyValueTable, repo: Repo): SpaceKeyValueRow[] {
  return (
    statement(db, `SELECT key, value, description, updated_at FROM ${table} WHERE repo_id = ? ORDER BY key`).all(repo.id) as Array<{
      key: string;
      value: string;
      description: string | null;
      updated_at: string;
    }>
  ).map((row) => ({ key: row.key, value: row.value, description: row.description, updatedAt: row.updated_at }));
}

/** Adds or updates a secret or variable; an update without description keeps the old one. */
export function upsertKeyValue(
  db: Database,
  table: KeyValueTable,
  repo: Repo,
  entry: { key: string; value: string; description?: string | undefined },
): void {
  statement(
    db,
    `INSERT INTO ${table} (repo_id, key, value, description, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (repo_id, key) DO UPDATE SET value = excluded.value,
       description = COALESCE(excluded.description, ${table}.description), updated_at = excluded.updated_at`,
  ).run(repo.id, entry.key, entry.value, entry.description ?? null, new Date().toISOString());
}

/** Deletes a secret or variable (a missing key is fine). */
export function deleteKeyValue(db: Database, table: KeyValueTable, repo: Repo, key: string): void {
  statement(db, `DELETE FROM ${table} WHERE repo_id = ? AND key = ?`).run(repo.id, key);
}

/** Key rule of secrets and variables: letters, digits and "_", not starting with a digit. */
export const SPACE_KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
