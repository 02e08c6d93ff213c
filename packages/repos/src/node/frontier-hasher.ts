import { Worker } from "node:worker_threads";

/** Hashes a file being written, from its start up to a growing "frontier", on another thread. */
export interface FrontierHasher {
  /** Bytes `[0, frontier)` of the file are written: they may be hashed. */
  advance(frontier: number): void;
  /** Hashes up to `size` and resolves to the hex digest. */
  finish(size: number): Promise<string>;
  /** Stops the thread (on failure or abort). */
  stop(): Promise<void>;
}

// Runs in a worker: reads what is already written (from the page cache) while later parts of the
// file are still arriving, so verifying a large download costs almost no time after its last byte.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { createHash } = require("node:crypto");
const { closeSync, openSync, readSync } = require("node:fs");
const hash = createHash(workerData.algorithm);
if (workerData.prefix) hash.update(workerData.prefix);
const descriptor = openSync(workerData.path, "r");
const buffer = Buffer.allocUnsafe(4 * 1024 * 1024);
let hashed = 0;
parentPort.on("message", ({ frontier, finish }) => {
  while (hashed < frontier) {
    const read = readSync(descriptor, buffer, 0, Math.min(buffer.length, frontier - hashed), hashed);
    if (read === 0) throw new Error("The file ends at " + hashed + " bytes, before " + frontier);
    hash.update(read === buffer.length ? buffer : buffer.subarray(0, read));
    hashed += read;
  }
  if (finish) {
    closeSync(descriptor);
    parentPort.postMessage(hash.digest("hex"));
  }
});
`;

/**
 * Starts a hasher thread for `path` (`sha256`, or `sha1` with the git blob prefix for 40-hex ETags).
 * The file must exist; bytes are read only below the frontier given by `advance`. `undefined` where
 * the runtime cannot start such a thread.
 */
export function startFrontierHasher(path: string, algorithm: "sha256" | "sha1", prefix?: string): FrontierHasher | undefined {
  let worker: Worker;
  try {
    worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, algorithm, prefix } });
  } catch {
    // A runtime without `eval` workers: the caller hashes the file once it is complete.
    return undefined;
  }
  let sent = 0;
  // One message per 8 MiB at most: posting costs more than it is worth for every 1 MiB batch.
  const step = 8 * 1024 * 1024;
  let failure: Error | undefined;
  const failed = new Promise<never>((_, reject) => {
    worker.once("error", (error) => {
      failure = error;
      reject(error);
    });
  });
  failed.catch(() => undefined);
  return {
    advance(frontier) {
      if (frontier < sent + step || failure) return;
      sent = frontier;
      worker.postMessage({ frontier });
    },
    async finish(size) {
      const digest = new Promise<string>((resolve) => worker.once("message", resolve));
      worker.postMessage({ frontier: size, finish: true });
      try {
        return await Promise.race([digest, failed]);
      } finally {
        await worker.terminate();
      }
    },
    async stop() {
      await worker.terminate();
    },
  };
}
