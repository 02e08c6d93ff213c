import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestProxy, startTestServer, type TestServer } from "@hub/server/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createRepo } from "../src/index.ts";
import { snapshotDownload } from "../src/node/index.ts";
import { putFiles } from "./helpers.ts";

let hub: TestServer;
let cacheDir: string;
const repoId = "alice/proxied";
const big = randomBytes(3 * 1024 * 1024);

beforeAll(async () => {
  hub = await startTestServer();
  await createRepo({ accessToken: hub.tokens.alice, hubUrl: hub.url, repoId });
  await putFiles(hub, repoId, { "config.json": '{"proxied":true}', "weights.bin": big });
  cacheDir = await mkdtemp(join(tmpdir(), "hub-proxy-"));
});
afterAll(async () => {
  await hub.close();
  await rm(cacheDir, { recursive: true, force: true });
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe("downloads behind a proxy from the environment", () => {
  it("go through HTTP_PROXY (info, listing, small and segmented files), and straight to NO_PROXY hosts", async () => {
    const proxy = await startTestProxy();
    try {
      for (const name of ["HTTPS_PROXY", "https_proxy", "http_proxy", "NO_PROXY", "no_proxy"]) vi.stubEnv(name, "");
      vi.stubEnv("HTTP_PROXY", proxy.url);
      const folder = await snapshotDownload({
        accessToken: hub.tokens.alice,
        hubUrl: hub.url,
        repoId,
        cacheDir,
        segmentThreshold: 1024 * 1024,
      });
      expect(await readFile(join(folder, "config.json"), "utf8")).toBe('{"proxied":true}');
      expect(
        createHash("sha256")
          .update(await readFile(join(folder, "weights.bin")))
          .digest("hex"),
      ).toBe(createHash("sha256").update(big).digest("hex"));
      // Every connection to the server was a tunnel through the proxy.
      expect(proxy.seen.length).toBeGreaterThan(0);
      expect(new Set(proxy.seen)).toEqual(new Set([`CONNECT ${new URL(hub.url).host}`]));
      const before = proxy.seen.length;
      vi.stubEnv("NO_PROXY", "127.0.0.1");
      await snapshotDownload({ accessToken: hub.tokens.alice, hubUrl: hub.url, repoId, cacheDir: join(cacheDir, "direct") });
      expect(proxy.seen.length).toBe(before);
    } finally {
      await proxy.close();
    }
  });
});
