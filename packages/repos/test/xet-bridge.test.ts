import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { uploadFiles } from "@huggingface/hub";
import { startTestServer, type TestServer } from "@hub/server/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRepo, downloadFile } from "../src/index.ts";
import { downloadFileToCacheDir } from "../src/node/index.ts";

// The LFS bridge: files uploaded through Xet (by the official client) download with our SDK when it
// does not speak Xet (`xet: false`), and by reconstruction when it does.

let hub: TestServer;
let cacheDir: string;
const repoId = "alice/xet-bridge";
const weights = randomBytes(9 * 1000 * 1000 + 5);
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

beforeAll(async () => {
  // As on the Hub: Xet on, LFS files answered with a redirect to the CDN.
  hub = await startTestServer({ xet: true, lfsRedirects: true });
  cacheDir = await mkdtemp(join(tmpdir(), "hub-xet-bridge-"));
  await createRepo({ accessToken: hub.tokens.alice, hubUrl: hub.url, repoId });
  await uploadFiles({
    repo: { type: "model", name: repoId },
    credentials: { accessToken: hub.tokens.alice },
    hubUrl: hub.url,
    useXet: true,
    files: [{ path: "weights.bin", content: new Blob([weights]) }],
  });
  // The official client's chunking and hashing take a few seconds; more on a busy machine.
}, 600_000);
afterAll(async () => {
  await hub?.close();
  if (cacheDir) await rm(cacheDir, { recursive: true, force: true });
  if (cacheDir) await rm(`${cacheDir}-xet`, { recursive: true, force: true });
});

describe("Xet-stored files through the LFS bridge", () => {
  it("were uploaded through Xet", () => {
    expect(hub.server.context.xet.stats.xorbsReceived).toBeGreaterThan(0);
    expect(hub.server.context.xet.stats.shardsReceived).toBeGreaterThan(0);
  });

  it("download whole and by range with downloadFile and useXet: false (no reconstruction)", async () => {
    const before = hub.server.context.xet.stats.reconstructions;
    const options = { accessToken: hub.tokens.alice, hubUrl: hub.url, repoId, path: "weights.bin", useXet: false };
    const whole = await downloadFile(options);
    expect(sha256(new Uint8Array(await whole.arrayBuffer()))).toBe(sha256(weights));
    const part = await downloadFile({ ...options, range: { start: 4_000_000, end: 4_999_999 } });
    expect(Buffer.from(await part.arrayBuffer()).equals(weights.subarray(4_000_000, 5_000_000))).toBe(true);
    expect(hub.server.context.xet.stats.reconstructions).toBe(before);
  });

  it("download into the cache with downloadFileToCacheDir and useXet: false (no reconstruction)", async () => {
    const before = hub.server.context.xet.stats.reconstructions;
    const path = await downloadFileToCacheDir({
      accessToken: hub.tokens.alice,
      hubUrl: hub.url,
      repoId,
      path: "weights.bin",
      cacheDir,
      useXet: false,
    });
    expect(sha256(await readFile(path))).toBe(sha256(weights));
    expect(hub.server.context.xet.stats.reconstructions).toBe(before);
  });

  it("download into the cache by reconstruction by default, the Xet headers read from the redirect", async () => {
    const before = hub.server.context.xet.stats.reconstructions;
    const path = await downloadFileToCacheDir({
      accessToken: hub.tokens.alice,
      hubUrl: hub.url,
      repoId,
      path: "weights.bin",
      cacheDir: `${cacheDir}-xet`,
    });
    expect(sha256(await readFile(path))).toBe(sha256(weights));
    expect(hub.server.context.xet.stats.reconstructions).toBe(before + 1);
  });

  it("downloadFile rebuilds it from the CAS by default: the file info comes before the redirect, which is not followed", async () => {
    const before = hub.server.context.xet.stats.reconstructions;
    const paths: string[] = [];
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      paths.push(new URL(new Request(input, init).url).pathname);
      return globalThis.fetch(input, init);
    }) as typeof globalThis.fetch;
    const response = await downloadFile({ accessToken: hub.tokens.alice, hubUrl: hub.url, repoId, path: "weights.bin", fetch });
    expect(sha256(new Uint8Array(await response.arrayBuffer()))).toBe(sha256(weights));
    expect(hub.server.context.xet.stats.reconstructions).toBe(before + 1);
    expect(paths.some((path) => path.startsWith("/lfs-files/"))).toBe(false);
    expect(paths.some((path) => path.startsWith("/xet-data/"))).toBe(true);
  });
});
