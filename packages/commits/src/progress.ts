import type { CommitProgressEvent } from "./types.ts";

/** Turns byte deltas per file into `CommitProgressEvent`s with per-file and overall totals. */
export class ProgressReporter {
  readonly #onProgress: ((event: CommitProgressEvent) => void) | undefined;
  readonly #sizes = new Map<string, number>();
  readonly #done = { hashing: new Map<string, number>(), uploading: new Map<string, number>() };
  readonly #total = { hashing: 0, uploading: 0 };
  readonly #totalSize: number;

  constructor(onProgress: ((event: CommitProgressEvent) => void) | undefined, files: readonly { path: string; size: number }[]) {
    this.#onProgress = onProgress;
    for (const file of files) this.#sizes.set(file.path, file.size);
    this.#totalSize = files.reduce((sum, file) => sum + file.size, 0);
  }

  /** Adds `delta` bytes (negative to roll back a failed attempt) to `path` in `phase`; no event for 0 bytes unless `skipped` or `always`. */
  advance(phase: CommitProgressEvent["phase"], path: string, delta: number, skipped = false, always = false): void {
    if (!this.#onProgress || (delta === 0 && !skipped && !always)) return;
    const fileBytes = (this.#done[phase].get(path) ?? 0) + delta;
    this.#done[phase].set(path, fileBytes);
    this.#total[phase] += delta;
    const event: CommitProgressEvent = {
      phase,
      path,
      fileBytes,
      fileSize: this.#sizes.get(path) ?? 0,
      totalBytes: this.#total[phase],
      totalSize: this.#totalSize,
    };
    if (skipped) event.skipped = true;
    this.#onProgress(event);
  }

  /** Marks the whole of `path` as done in `phase` (e.g. the server already had it); an empty file gets its one event too. */
  complete(phase: CommitProgressEvent["phase"], path: string, skipped = false): void {
    const size = this.#sizes.get(path) ?? 0;
    const firstOfEmpty = size === 0 && !this.#done[phase].has(path);
    this.advance(phase, path, size - (this.#done[phase].get(path) ?? 0), skipped, firstOfEmpty);
  }
}
