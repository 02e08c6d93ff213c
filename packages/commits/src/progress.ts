import type { CommitProgressEvent, CommitStep } from "./types.ts";

/** The byte counter each step reports in: the hash step counts bytes hashed, the others bytes sent. */
const PHASE_OF_STEP: Record<CommitStep, CommitProgressEvent["phase"]> = {
  hash: "hashing",
  xetChunk: "chunking",
  skipUnchanged: "uploading",
  uploadLfs: "uploading",
  uploadXorbs: "uploading",
  uploadShard: "uploading",
  commit: "uploading",
};

/** Turns byte deltas per file into `CommitProgressEvent`s with per-file and overall totals. */
export class ProgressReporter {
  readonly #onProgress: ((event: CommitProgressEvent) => void) | undefined;
  readonly #sizes = new Map<string, number>();
  readonly #done = { hashing: new Map<string, number>(), chunking: new Map<string, number>(), uploading: new Map<string, number>() };
  readonly #total = { hashing: 0, chunking: 0, uploading: 0 };
  readonly #totalSize: number = 0;

  constructor(onProgress: ((event: CommitProgressEvent) => void) | undefined, files: readonly { path: string; size: number }[]) {
    this.#onProgress = onProgress;
    if (!onProgress) return;
    for (const file of files) this.#sizes.set(file.path, file.size);
    this.#totalSize = files.reduce((sum, file) => sum + file.size, 0);
  }

  /** Adds `delta` bytes (negative to roll back a failed attempt) to `path` in `step`; no event for 0 bytes unless `skipped` or `always`. */
  advance(step: CommitStep, path: string, delta: number, skipped = false, always = false): void {
    if (!this.#onProgress || (delta === 0 && !skipped && !always)) return;
    const phase = PHASE_OF_STEP[step];
    const fileBytes = (this.#done[phase].get(path) ?? 0) + delta;
    this.#done[phase].set(path, fileBytes);
    this.#total[phase] += delta;
    const event: CommitProgressEvent = {
      phase,
      step,
      path,
      fileBytes,
      fileSize: this.#sizes.get(path) ?? 0,
      totalBytes: this.#total[phase],
      totalSize: this.#totalSize,
    };
    if (skipped) event.skipped = true;
    this.#onProgress(event);
  }

  /** Marks the whole of `path` as done in `step` (e.g. the server already had it); an empty file gets its one event too. */
  complete(step: CommitStep, path: string, skipped = false): void {
    if (!this.#onProgress) return;
    const done = this.#done[PHASE_OF_STEP[step]];
    const size = this.#sizes.get(path) ?? 0;
    const firstOfEmpty = size === 0 && !done.has(path);
    this.advance(step, path, size - (done.get(path) ?? 0), skipped, firstOfEmpty);
  }
}
