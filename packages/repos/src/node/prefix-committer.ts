import { createHash, type Hash } from "node:crypto";
import type { FileHandle } from "node:fs/promises";
import type { HashSpec } from "./blob-verifier.ts";

/** Bytes copied per step. */
const BLOCK = 1024 * 1024;

/** Start copying once this much more is ready: fewer, larger copies. */
const STEP = 4 * 1024 * 1024;

/**
 * Moves the bytes of a file written out of order (parallel ranges, into `scratch`, holes and all)
 * into `.incomplete` strictly in order, as its complete prefix grows, hashing them on the way. So
 * `.incomplete` is always a prefix of the file, even when the process is killed: the next run of
 * either client resumes from its size. Bytes already in `.incomplete` when it starts (`resumed`)
 * are hashed first. One copy at a time; the copies come from the page cache.
 */
export class PrefixCommitter {
  readonly #scratch: FileHandle;
  readonly #incomplete: FileHandle;
  readonly #hash: Hash | undefined;
  readonly #buffer = Buffer.allocUnsafe(BLOCK);
  readonly #resumed: number;
  #hashed = 0;
  #committed: number;
  #frontier: number;
  #running: Promise<void> | undefined;
  #error: unknown;

  constructor(scratch: FileHandle, incomplete: FileHandle, spec: HashSpec | undefined, resumed: number) {
    this.#scratch = scratch;
    this.#incomplete = incomplete;
    this.#resumed = resumed;
    this.#committed = resumed;
    this.#frontier = resumed;
    if (spec) {
      this.#hash = createHash(spec.algorithm);
      if (spec.prefix) this.#hash.update(spec.prefix);
    }
  }

  /** Bytes in `.incomplete`. */
  get committed(): number {
    return this.#committed;
  }

  /** Bytes `[0, frontier)` are complete (in `.incomplete` or in the scratch file): they may be moved. */
  advance(frontier: number): void {
    this.#frontier = Math.max(this.#frontier, frontier);
    if (this.#running || this.#frontier - this.#committed < STEP) return;
    this.#running = this.#catchUp().finally(() => {
      this.#running = undefined;
    });
  }

  /** Moves everything up to `frontier`, and resolves to the hex digest when the whole file (`size`) is in. */
  async finish(size: number): Promise<string | undefined> {
    await this.settle(size);
    if (this.#error !== undefined) throw this.#error;
    return this.#hash?.digest("hex");
  }

  /** Moves the bytes up to `frontier` (after a failure: the complete prefix) and resolves to the committed length. */
  async settle(frontier: number): Promise<number> {
    await this.#running;
    this.#frontier = Math.max(this.#frontier, frontier);
    await this.#catchUp();
    return this.#committed;
  }

  async #catchUp(): Promise<void> {
    try {
      // The bytes of an earlier run are hashed where they are.
      while (this.#error === undefined && this.#hashed < this.#resumed) {
        const { bytesRead } = await this.#incomplete.read(this.#buffer, 0, Math.min(BLOCK, this.#resumed - this.#hashed), this.#hashed);
        if (bytesRead === 0) throw new Error(`The partial file ends at ${this.#hashed} bytes, before ${this.#resumed}`);
        this.#hash?.update(this.#buffer.subarray(0, bytesRead));
        this.#hashed += bytesRead;
      }
      while (this.#error === undefined && this.#committed < this.#frontier) {
        const { bytesRead } = await this.#scratch.read(this.#buffer, 0, Math.min(BLOCK, this.#frontier - this.#committed), this.#committed);
        if (bytesRead === 0) throw new Error(`The scratch file ends at ${this.#committed} bytes, before ${this.#frontier}`);
        const bytes = this.#buffer.subarray(0, bytesRead);
        this.#hash?.update(bytes);
        await this.#incomplete.write(bytes, 0, bytesRead, this.#committed);
        this.#committed += bytesRead;
        this.#hashed = this.#committed;
      }
    } catch (error) {
      this.#error ??= error;
    }
  }
}
