import { Worker } from "node:worker_threads";

/**
 * The worker's code (CommonJS, evaluated): running SHA-256s of file ranges, one per job id, read
 * through a reused 4 MiB buffer. Messages are handled in order, so updates of a job apply in the
 * order they were sent.
 */
const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const { createHash } = require("node:crypto");
const { closeSync, fdatasyncSync, openSync, readSync } = require("node:fs");
const jobs = new Map();
const buffer = Buffer.allocUnsafe(4 * 1024 * 1024);
parentPort.on("message", (message) => {
  try {
    if (message.type === "update") {
      let hash = jobs.get(message.job);
      if (!hash) jobs.set(message.job, (hash = createHash("sha256")));
      const descriptor = openSync(message.path, "r");
      try {
        for (let position = message.start; position < message.end; ) {
          const read = readSync(descriptor, buffer, 0, Math.min(buffer.length, message.end - position), position);
          if (read === 0) throw new Error("Unexpected end of the upload file");
          hash.update(buffer.subarray(0, read));
          position += read;
        }
        if (message.sync) fdatasyncSync(descriptor);
      } finally {
        closeSync(descriptor);
      }
      parentPort.postMessage({ id: message.id });
    } else if (message.type === "digest") {
      const hash = jobs.get(message.job) ?? createHash("sha256");
      jobs.delete(message.job);
      parentPort.postMessage({ id: message.id, digest: hash.digest("hex") });
    } else {
      jobs.delete(message.job);
      parentPort.postMessage({ id: message.id });
    }
  } catch (error) {
    jobs.delete(message.job);
    parentPort.postMessage({ id: message.id, error: String((error && error.message) || error) });
  }
});
`;

/**
 * SHA-256 of file ranges on a worker thread, so that hashing a gigabyte upload (0.8 s of CPU) does
 * not hold the event loop that receives it. Started on first use; `close()` stops it.
 */
export class HashWorker {
  #worker: Worker | undefined;
  readonly #waiting = new Map<number, { resolve: (digest: string | undefined) => void; reject: (error: Error) => void }>();
  #nextId = 0;

  /**
   * Adds the bytes `[start, end)` of the file at `path` to the running hash of `job`; with `sync`, then
   * flushes the file's written bytes to disk (so that the fsync of a completed upload has little left to do).
   */
  async update(job: string, path: string, start: number, end: number, sync = false): Promise<void> {
    await this.#send({ type: "update", job, path, start, end, sync });
  }

  /** The hex digest of `job` (the job is then forgotten). */
  async digest(job: string): Promise<string> {
    return (await this.#send({ type: "digest", job }))!;
  }

  /** Forgets a job. */
  async drop(job: string): Promise<void> {
    await this.#send({ type: "drop", job });
  }

  /** Stops the worker (idempotent); a later call starts a new one. */
  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    await worker?.terminate();
  }

  #send(message: Record<string, unknown>): Promise<string | undefined> {
    const id = this.#nextId++;
    const answer = new Promise<string | undefined>((resolve, reject) => this.#waiting.set(id, { resolve, reject }));
    this.#start().postMessage({ ...message, id });
    return answer;
  }

  #start(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.unref();
    worker.on("message", (message: { id: number; digest?: string; error?: string }) => {
      const waiting = this.#waiting.get(message.id);
      this.#waiting.delete(message.id);
      if (message.error !== undefined) waiting?.reject(new Error(message.error));
      else waiting?.resolve(message.digest);
    });
    const failAll = (error: Error) => {
      for (const waiting of this.#waiting.values()) waiting.reject(error);
      this.#waiting.clear();
      if (this.#worker === worker) this.#worker = undefined;
    };
    worker.on("error", failAll);
    worker.on("exit", () => failAll(new Error("The hashing worker stopped")));
    this.#worker = worker;
    return worker;
  }
}
