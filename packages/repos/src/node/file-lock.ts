import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { link, mkdir, open, readFile, rename, rm, stat, utimes } from "node:fs/promises";
import { dirname } from "node:path";
import { abortReason } from "@hub/core/internal";
import { temporaryName } from "./fs-utils.ts";

/** Options of `acquireLock`. */
export interface LockOptions {
  /** A lock whose file was not refreshed for this long is taken over (default 30 s). */
  staleAfter?: number;
  /** Stops waiting. */
  signal?: AbortSignal;
  /**
   * Also wait while another process holds a `flock` on this file (the Python client's
   * `.locks/<repo>/<etag>.lock`). Read from `/proc/locks`, so Linux only; elsewhere it is ignored.
   */
  flockPath?: string;
}

interface LockOwner {
  pid: number;
  host: string;
  token: string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function parseOwner(content: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(content) as LockOwner;
    return typeof owner === "object" && owner !== null ? owner : undefined;
  } catch {
    return undefined;
  }
}

/** The lock's content when it is stale (owner dead on this host, or not refreshed for `staleAfter`). */
async function staleContent(path: string, staleAfter: number): Promise<string | undefined> {
  try {
    const [content, info] = await Promise.all([readFile(path, "utf8"), stat(path)]);
    const owner = parseOwner(content);
    if (owner && owner.host === hostname() && typeof owner.pid === "number" && !isAlive(owner.pid)) return content;
    // An empty file is a lock being written right now: only its age can make it stale.
    return Date.now() - info.mtimeMs > staleAfter ? content : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Removes a stale lock. Renaming is atomic, so of several waiters one wins; if what it renamed is not
 * the lock it judged stale (the owner released and someone else took it in between), it is put back.
 */
async function breakStaleLock(path: string, judged: string): Promise<void> {
  const grave = temporaryName(path);
  try {
    await rename(path, grave);
  } catch {
    return;
  }
  const content = await readFile(grave, "utf8").catch(() => judged);
  if (content !== judged) await link(grave, path).catch(() => undefined);
  await rm(grave, { force: true });
}

/** `major:minor:inode` of a file as `/proc/locks` prints it. */
async function lockKey(path: string): Promise<string | undefined> {
  try {
    const info = await stat(path, { bigint: true });
    const major = Number(((info.dev >> 8n) & 0xfffn) | ((info.dev >> 32n) & ~0xfffn));
    const minor = Number((info.dev & 0xffn) | ((info.dev >> 12n) & ~0xffn));
    const hex = (value: number) => value.toString(16).padStart(2, "0");
    return `${hex(major)}:${hex(minor)}:${info.ino}`;
  } catch {
    return undefined;
  }
}

/** Whether another process holds a `flock` on `path` (Linux `/proc/locks`; `false` where unknown). */
export async function isFlocked(path: string): Promise<boolean> {
  if (process.platform !== "linux") return false;
  const key = await lockKey(path);
  if (!key) return false;
  const table = await readFile("/proc/locks", "utf8").catch(() => "");
  return table.split("\n").some((line) => {
    const fields = line.trim().split(/\s+/);
    // "1: FLOCK  ADVISORY  WRITE 1234 fe:00:5678 0 EOF"; waiters have "->" after the number.
    return fields[1] === "FLOCK" && fields[5] === key;
  });
}

function wait(milliseconds: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, milliseconds);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Takes an inter-process lock: a file created with `O_EXCL` holding `{pid, host, token}`, its mtime
 * refreshed while held. A lock whose owner died (same host) or that was not refreshed for
 * `staleAfter` is taken over, so a killed process never blocks a blob for long. Release removes the
 * file only if it is still ours. With `flockPath`, it also waits while another process (the Python
 * client) holds a `flock` on that file. Resolves to the release function.
 * @throws the signal's reason when aborted while waiting.
 */
export async function acquireLock(path: string, options: LockOptions = {}): Promise<() => Promise<void>> {
  const staleAfter = options.staleAfter ?? 30_000;
  await mkdir(dirname(path), { recursive: true });
  const content = JSON.stringify({ pid: process.pid, host: hostname(), token: randomBytes(8).toString("hex") } satisfies LockOwner);
  for (let attempt = 0; ; attempt++) {
    if (options.signal?.aborted) throw abortReason(options.signal);
    if (options.flockPath === undefined || !(await isFlocked(options.flockPath))) {
      try {
        const handle = await open(path, "wx");
        try {
          await handle.writeFile(content);
        } finally {
          await handle.close();
        }
        return holdLock(path, content, staleAfter);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      const stale = await staleContent(path, staleAfter);
      if (stale !== undefined) {
        await breakStaleLock(path, stale);
        continue;
      }
    }
    await wait(Math.min(200, 10 * 2 ** Math.min(attempt, 5)), options.signal);
  }
}

async function isOurs(path: string, content: string): Promise<boolean> {
  return (await readFile(path, "utf8").catch(() => undefined)) === content;
}

function holdLock(path: string, content: string, staleAfter: number): () => Promise<void> {
  const heartbeat = setInterval(
    () => {
      // Only our own lock is refreshed: one taken over (after a long pause of ours) is left alone.
      void isOurs(path, content)
        .then((ours) => {
          if (!ours) return;
          const now = new Date();
          return utimes(path, now, now);
        })
        .catch(() => undefined);
    },
    Math.max(50, staleAfter / 3),
  );
  heartbeat.unref();
  return async () => {
    clearInterval(heartbeat);
    if (await isOurs(path, content)) await rm(path, { force: true });
  };
}
