import { formatBytes, formatDuration } from "./format.ts";

/** Where a progress bar draws and how it reads the clock (injectable for tests). */
export interface ProgressOptions {
  /** What is moving: `Uploading`, `Downloading`. */
  label: string;
  /** Total bytes when known. */
  total?: number;
  /** The terminal stream; default stderr. Nothing is drawn unless it is a TTY. */
  stream?: NodeJS.WriteStream;
  /** Milliseconds clock, default `performance.now`. */
  now?: () => number;
  /** Shortest time between two redraws in milliseconds (default 100). */
  interval?: number;
}

/** A byte progress bar with speed and ETA on a terminal; silent elsewhere. */
export interface Progress {
  /** True when the bar is drawn (the stream is a terminal). */
  readonly visible: boolean;
  /**
   * Sets the bytes done so far (and the total when it became known); `cached` of them were already
   * on disk (files already cached), did not go over the wire, and count in neither bytes nor speed.
   */
  update(done: number, total?: number, cached?: number): void;
  /** Draws the final state and moves to the next line (nothing when no update came: nothing moved). */
  finish(): void;
}

const BAR_WIDTH = 24;
/** Speed and ETA are shown only once this much time has been measured (a first burst says nothing). */
export const MIN_SAMPLE_SECONDS = 1;

/** `HF_HUB_DISABLE_PROGRESS_BARS` as the Python client reads it: 1, true, yes or on. */
export function progressBarsDisabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return /^(1|true|yes|on)$/i.test(env.HF_HUB_DISABLE_PROGRESS_BARS?.trim() ?? "");
}

/** Creates a progress bar on `stream` (stderr by default) when it is a terminal. */
export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? (() => performance.now());
  const interval = options.interval ?? 100;
  const visible = stream.isTTY === true && !progressBarsDisabled();
  const started = now();
  let total = options.total;
  let done = 0;
  let cached = 0;
  let updated = false;
  let lastDraw = -Infinity;
  let finished = false;

  const draw = () => {
    lastDraw = now();
    const line = renderProgressLine({ label: options.label, done, total, cached, elapsedSeconds: (lastDraw - started) / 1000 });
    const columns = stream.columns || 100;
    stream.write(`\r${line.slice(0, Math.max(20, columns - 1))}\x1b[K`);
  };

  return {
    visible,
    update(value, newTotal, newCached) {
      updated = true;
      done = value;
      if (newCached !== undefined) cached = newCached;
      if (newTotal !== undefined) total = newTotal;
      if (visible && !finished && now() - lastDraw >= interval) draw();
    },
    finish() {
      if (finished) return;
      finished = true;
      if (!visible || !updated) return;
      if (total !== undefined) done = Math.max(done, total);
      draw();
      stream.write("\n");
    },
  };
}

/**
 * The text of one progress line: label, bar, percent, bytes, speed and ETA, all of them for the bytes
 * that go over the wire; `cached` bytes (files already on disk) are counted apart, as "already cached".
 */
export function renderProgressLine(state: {
  label: string;
  done: number;
  total: number | undefined;
  cached?: number;
  elapsedSeconds: number;
}): string {
  const { label, elapsedSeconds } = state;
  const cached = Math.max(0, state.cached ?? 0);
  const done = Math.max(0, state.done - cached);
  const total = state.total === undefined ? undefined : Math.max(0, state.total - cached);
  const cachedText = cached > 0 ? `, ${formatBytes(cached)} already cached` : "";
  if (total === 0 && cached > 0) return `${label} ${"█".repeat(BAR_WIDTH)} 100% ${formatBytes(cached)} already cached, nothing to transfer`;
  const ratio = total === undefined || total <= 0 ? 0 : Math.min(1, done / total);
  const sampled = elapsedSeconds >= MIN_SAMPLE_SECONDS || (ratio >= 1 && elapsedSeconds > 0);
  const speed = sampled ? done / elapsedSeconds : 0;
  const speedText = sampled ? `${formatBytes(Math.round(speed))}/s` : "-- B/s";
  if (total === undefined || total <= 0) return `${label} ${formatBytes(done)} ${speedText}${cachedText}`;
  const filled = Math.round(ratio * BAR_WIDTH);
  const bar = `${"█".repeat(filled)}${"░".repeat(BAR_WIDTH - filled)}`;
  const eta =
    ratio >= 1 ? `in ${formatDuration(elapsedSeconds)}` : `ETA ${sampled && speed > 0 ? formatDuration((total - done) / speed) : "--"}`;
  const percent = `${Math.floor(ratio * 100)}%`.padStart(4);
  return `${label} ${bar} ${percent} ${formatBytes(done)}/${formatBytes(total)} ${speedText} ${eta}${cachedText}`;
}
