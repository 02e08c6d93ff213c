import { createHash, type Hash } from "node:crypto";
import type { FileHandle } from "node:fs/promises";
import type { HashSpec } from "./blob-verifier.ts";

/** Bytes read back per step. */
const READ_BLOCK = 1024 * 1024;

/** Start hashing once this much more is written: fewer, larger reads. */
const STEP = 4 * 1024 * 1024;

/**
 * Hashes a file being written in parallel ranges, from its start up to a growing "frontier" (the
 * prefix that is complete), reading it back from the page cache while later ranges still arrive:
 * the check is done almost as soon as the last byte is written. One read at a time, on the
 * process's own thread (a hash of 1 GiB costs about half a second of CPU with SHA extensions).
 */
export class FrontierHasher {
  readonly #handle: FileHandle;
  readonly #hash: Hash;
  readonly #buffer = Buffer.allocUnsafe(READ_BLOCK);
  #hashed = 0;
  #frontier = 0;
  #running: Promise<void> | undefined;
  #error: unknown;

  constructor(handle: FileHandle, spec: HashSpec) {
    this.#handle = handle;
    this.#hash = createHash(spec.algorithm);
    if (spec.prefix) this.#hash.update(spec.prefix);
  }

  /** Bytes `[0, frontier)` of the file are written: they may be hashed. */
  advance(frontier: number): void {
    this.#frontier = Math.max(this.#frontier, frontier);
    if (this.#running || this.#frontier - this.#hashed < STEP) return;
    this.#running = this.#catchUp().finally(() => {
      this.#running = undefined;
    });
  }

  /** Hashes up to `size` and resolves to the hex digest. */
  async finish(size: number): Promise<string> {
    await this.stop();
    this.#frontier = size;
    await this.#catchUp();
    if (this.#error !== undefined) throw this.#error;
    return this.#hash.digest("hex");
  }

  /** Waits for the read in progress (call before the file handle is closed). */
  async stop(): Promise<void> {
    await this.#running;
  }

  async #catchUp(): Promise<void> {
    try {
      while (this.#error === undefined && this.#hashed < this.#frontier) {
        const { bytesRead } = await this.#handle.read(this.#buffer, 0, Math.min(READ_BLOCK, this.#frontier - this.#hashed), this.#hashed);
        if (bytesRead === 0) throw new Error(`The file ends at ${this.#hashed} bytes, before ${this.#frontier}`);
        this.#hash.update(this.#buffer.subarray(0, bytesRead));
        this.#hashed += bytesRead;
      }
    } catch (error) {
      this.#error ??= error;
    }
  }
}
