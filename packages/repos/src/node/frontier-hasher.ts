import { ThreadService } from "./thread-service.ts";

/** Hashes a file being written, from its start up to a growing "frontier", on another thread. */
export interface FrontierHasher {
  /** Bytes `[0, frontier)` of the file are written: they may be hashed. */
  advance(frontier: number): void;
  /** Hashes up to `size` and resolves to the hex digest. */
  finish(size: number): Promise<string>;
  /** Drops the job (on failure or abort). */
  stop(): Promise<void>;
}

// The hasher thread, shared by every download of the process: one job per file, each reading what
// is already written (from the page cache) while later parts of the file are still arriving, so
// verifying a large download costs almost no time after its last byte. A job that fails (a read
// error) keeps its error for `finish`.
const hasherThread = new ThreadService(`
const { parentPort } = require("node:worker_threads");
const { createHash } = require("node:crypto");
const { closeSync, openSync, readSync } = require("node:fs");
const buffer = Buffer.allocUnsafe(4 * 1024 * 1024);
const jobs = new Map();
function catchUp(job, frontier) {
  while (!job.error && job.hashed < frontier) {
    const read = readSync(job.descriptor, buffer, 0, Math.min(buffer.length, frontier - job.hashed), job.hashed);
    if (read === 0) throw new Error("The file ends at " + job.hashed + " bytes, before " + frontier);
    job.hash.update(read === buffer.length ? buffer : buffer.subarray(0, read));
    job.hashed += read;
  }
}
function close(key) {
  const job = jobs.get(key);
  jobs.delete(key);
  if (job && job.descriptor !== undefined) closeSync(job.descriptor);
}
parentPort.on("message", ({ id, op, job: key, path, algorithm, prefix, frontier }) => {
  if (op === "open") {
    const job = { hash: createHash(algorithm), hashed: 0 };
    if (prefix) job.hash.update(prefix);
    try {
      job.descriptor = openSync(path, "r");
    } catch (error) {
      job.error = error;
    }
    jobs.set(key, job);
  } else if (op === "stop") {
    close(key);
  } else {
    const job = jobs.get(key);
    try {
      if (!job) throw new Error("The hash job is gone (its thread was restarted)");
      if (job.error) throw job.error;
      catchUp(job, frontier);
      if (op === "finish") {
        close(key);
        parentPort.postMessage({ id, digest: job.hash.digest("hex") });
      }
    } catch (error) {
      if (job) job.error = error;
      if (op === "finish") {
        close(key);
        parentPort.postMessage({ id, message: String(error && error.message), code: error && error.code });
      }
    }
  }
});
`);

let nextJob = 0;

/**
 * Starts hashing `path` (`sha256`, or `sha1` with the git blob prefix for 40-hex ETags) on the
 * process's hasher thread. The file must exist; bytes are read only below the frontier given by
 * `advance`. `undefined` where the runtime cannot start the thread.
 */
export function startFrontierHasher(path: string, algorithm: "sha256" | "sha1", prefix?: string): FrontierHasher | undefined {
  if (!hasherThread.available()) return undefined;
  const job = nextJob++;
  hasherThread.send({ op: "open", job, path, algorithm, prefix });
  let sent = 0;
  // One message per 8 MiB at most: posting costs more than it is worth for every 1 MiB batch.
  const step = 8 * 1024 * 1024;
  return {
    advance(frontier) {
      if (frontier < sent + step) return;
      sent = frontier;
      hasherThread.send({ op: "advance", job, frontier });
    },
    finish(size) {
      return new Promise((resolve, reject) =>
        hasherThread.call({ op: "finish", job, frontier: size }, ({ error, digest }) => (error ? reject(error) : resolve(digest as string))),
      );
    },
    async stop() {
      hasherThread.send({ op: "stop", job });
    },
  };
}
