import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { formatBytes, formatDuration } from "./format.ts";
import { createProgress, renderProgressLine } from "./progress.ts";

function terminal(isTTY: boolean) {
  const chunks: string[] = [];
  const stream = new Writable({ write: (chunk, _encoding, done) => (chunks.push(String(chunk)), done()) }) as unknown as NodeJS.WriteStream;
  Object.assign(stream, { isTTY, columns: 120 });
  return { stream, text: () => chunks.join("") };
}

describe("progress", () => {
  it("renders bytes, percent, speed and ETA", () => {
    const line = renderProgressLine({ label: "Uploading", done: 25_000_000, total: 50_000_000, elapsedSeconds: 2.5 });
    expect(line).toBe("Uploading ████████████░░░░░░░░░░░░  50% 25.0 MB/50.0 MB 10.0 MB/s ETA 3s");
    expect(renderProgressLine({ label: "Downloading", done: 1000, total: undefined, elapsedSeconds: 1 })).toBe(
      "Downloading 1.0 kB 1.0 kB/s",
    );
    expect(renderProgressLine({ label: "Up", done: 10, total: 10, elapsedSeconds: 65 })).toMatch(/100% 10 B\/10 B .* in 1m05s$/);
  });

  it("shows no speed or ETA before a minimum sample (a first burst would claim GB/s and an hour)", () => {
    expect(renderProgressLine({ label: "Uploading", done: 20_000, total: 140_000_000, elapsedSeconds: 0.004 })).toBe(
      "Uploading ░░░░░░░░░░░░░░░░░░░░░░░░   0% 20.0 kB/140 MB -- B/s ETA --",
    );
    expect(renderProgressLine({ label: "Downloading", done: 5_000, total: undefined, elapsedSeconds: 0.1 })).toBe(
      "Downloading 5.0 kB -- B/s",
    );
    expect(renderProgressLine({ label: "Uploading", done: 10_000_000, total: 20_000_000, elapsedSeconds: 1 })).toMatch(
      /10\.0 MB\/s ETA 1s$/,
    );
  });

  it("HF_HUB_DISABLE_PROGRESS_BARS turns the bar off on a terminal", () => {
    const previous = process.env.HF_HUB_DISABLE_PROGRESS_BARS;
    process.env.HF_HUB_DISABLE_PROGRESS_BARS = "1";
    try {
      const { stream, text } = terminal(true);
      const progress = createProgress({ label: "Uploading", total: 100, stream, now: () => 0 });
      progress.update(50);
      progress.finish();
      expect(progress.visible).toBe(false);
      expect(text()).toBe("");
    } finally {
      if (previous === undefined) delete process.env.HF_HUB_DISABLE_PROGRESS_BARS;
      else process.env.HF_HUB_DISABLE_PROGRESS_BARS = previous;
    }
  });

  it("draws on a terminal at most once per interval, and a final line", () => {
    let clock = 0;
    const { stream, text } = terminal(true);
    const progress = createProgress({ label: "Uploading", total: 100, stream, now: () => clock, interval: 100 });
    expect(progress.visible).toBe(true);
    progress.update(10);
    clock = 50;
    progress.update(20);
    clock = 150;
    progress.update(60);
    progress.finish();
    const frames = text().split("\r").filter(Boolean);
    expect(frames).toHaveLength(3);
    expect(frames[0]).toContain(" 10%");
    expect(frames[1]).toContain(" 60%");
    expect(frames[2]).toMatch(/100% .*\n$/);
  });

  it("stays silent when the stream is not a terminal", () => {
    const { stream, text } = terminal(false);
    const progress = createProgress({ label: "Uploading", total: 100, stream });
    progress.update(50);
    progress.finish();
    expect(progress.visible).toBe(false);
    expect(text()).toBe("");
  });

  it("formats sizes and durations", () => {
    expect(formatBytes(999)).toBe("999 B");
    expect(formatBytes(52_428_800)).toBe("52.4 MB");
    expect(formatBytes(1_500_000_000)).toBe("1.5 GB");
    expect(formatDuration(7199)).toBe("1h59m");
    expect(formatDuration(Number.NaN)).toBe("--");
  });

  it("counts only bytes over the wire: files already cached are shown apart, not in bytes or speed", () => {
    // 140 MB of 150 MB were already cached; 5 MB of the 10 MB left came in 1 s.
    expect(
      renderProgressLine({ label: "Downloading", done: 145_000_000, total: 150_000_000, cached: 140_000_000, elapsedSeconds: 1 }),
    ).toBe("Downloading ████████████░░░░░░░░░░░░  50% 5.0 MB/10.0 MB 5.0 MB/s ETA 1s, 140 MB already cached");
    // Everything cached: no speed at all (it used to claim GB/s).
    const all = renderProgressLine({
      label: "Downloading",
      done: 140_000_000,
      total: 140_000_000,
      cached: 140_000_000,
      elapsedSeconds: 0.02,
    });
    expect(all).toBe("Downloading ████████████████████████ 100% 140 MB already cached, nothing to transfer");
    expect(all).not.toMatch(/\/s/);
  });

  it("draws nothing at the end when no update came (a single file already cached)", () => {
    const { stream, text } = terminal(true);
    const progress = createProgress({ label: "Downloading", stream, now: () => 0 });
    progress.finish();
    expect(text()).toBe("");
  });
});
