import { afterEach, describe, expect, it, vi } from "vitest";
import { BlobContent, DEFAULT_STALL_TIMEOUT, downloadTimeoutFromEnvironment } from "../transfer/blob-content.ts";

const SOURCE = { repoId: "alice/x", repoType: "model" as const, revision: "main", path: "a.bin" };

describe("HF_HUB_DOWNLOAD_TIMEOUT", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it.each([
    ["1", 1_000],
    ["2.5", 2_500],
    [" 10 ", 10_000],
    ["0", undefined],
    ["-3", undefined],
    ["soon", undefined],
    ["", undefined],
  ])("%j seconds is %s ms", (value, expected) => {
    vi.stubEnv("HF_HUB_DOWNLOAD_TIMEOUT", value);
    expect(downloadTimeoutFromEnvironment()).toBe(expected);
  });

  it("sets the stall timeout and the headers timeout of a transfer unless given explicitly", () => {
    vi.stubEnv("HF_HUB_DOWNLOAD_TIMEOUT", "3");
    const fromEnvironment = new BlobContent({}, SOURCE, undefined, undefined);
    expect(fromEnvironment.stallTimeout).toBe(3_000);
    expect(fromEnvironment.options.timeout).toBe(3_000);
    const explicit = new BlobContent({ timeout: 7_000 }, SOURCE, undefined, 9_000);
    expect(explicit.stallTimeout).toBe(9_000);
    expect(explicit.options.timeout).toBe(7_000);
    vi.stubEnv("HF_HUB_DOWNLOAD_TIMEOUT", "");
    const unset = new BlobContent({}, SOURCE, undefined, undefined);
    expect(unset.stallTimeout).toBe(DEFAULT_STALL_TIMEOUT);
    expect(unset.options.timeout).toBeUndefined();
  });
});
