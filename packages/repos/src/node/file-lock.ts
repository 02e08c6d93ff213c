import { hostname } from "node:os";
import { mkdir, open, readFile, rename, rm, stat, utimes } from "node:fs/promises";
import { dirname } from "node:path";
import { abortReason } from "@hub/core";
import { temporaryName } from "./fs-utils.ts";

/** Options of `acquireLock`. */
export interface LockOptions {
  /** A lock whose file was not refreshed for this long is taken over (default 30 s). */
  staleAfter?: number;
  /** Stops waiting. */
  signal?: AbortSignal;
}

interface LockOwner {
  pid: number;
  host: string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function isStale(path: string, staleAfter: number): Promise<boolean> {
  try {
    const [content, info] = await Promise.all([readFile(path, "utf8"), stat(path)]);
    let owner: LockOwner | undefined;
    try {
      owner = JSON.parse(content) as LockOwner;
    } catch {
      owner = undefined;
    }
    if (owner && owner.host === hostname() && typeof owner.pid === "number" && !isAlive(owner.pid)) return true;
    // An empty file is a lock being written right now: only its age can make it stale.
    return Date.now() - info.mtimeMs > staleAfter;
  } catch {
    return false;
  }
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
 * Takes an inter-process lock: a file created with `O_EXCL` holding `{pid, host}`, refreshed while
 * held. A lock whose owner died (same host) or that was not refreshed for `staleAfter` is taken over.
 * Resolves to the release function.
 * @throws the signal's reason when aborted while waiting.
 */
export async function acquireLock(path: string, options: LockOptions = {}): Promise<() => Promise<void>> {
  const staleAfter = options.staleAfter ?? 30_000;
  await mkdir(dirname(path), { recursive: true });
  for (let attempt = 0; ; attempt++) {
    if (options.signal?.aborted) throw abortReason(options.signal);
    try {
      const handle = await open(path, "wx");
      try {
        await handle.writeFile(JSON.stringify({ pid: process.pid, host: hostname() }));
      } finally {
        await handle.close();
      }
      const heartbeat = setInterval(() => {
        const now = new Date();
        utimes(path, now, now).catch(() => undefined);
      }, Math.max(50, staleAfter / 3));
      heartbeat.unref();
      return async () => {
        clearInterval(heartbeat);
        await rm(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    if (await isStale(path, staleAfter)) {
      // Renaming is atomic: of several waiters seeing the same stale lock, one removes it.
      const grave = temporaryName(path);
      await rename(path, grave).then(() => rm(grave, { force: true }), () => undefined);
      continue;
    }
    await wait(Math.min(200, 10 * 2 ** Math.min(attempt, 5)), options.signal);
  }
}
