// The Node 20 and workerd legs of the runtime matrix, run by the normal `test` task. The full
// matrix (Node 22/24, Bun, Deno, Chromium too) is `pnpm test:runtimes`.
import { startTestServer, type TestServer } from "@hub/server/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { matrixLegs, runLeg } from "../legs.mjs";
import * as sdk from "@hub/sdk";
import { LARGE_FILE_SIZE, runScenario } from "../scenario.mjs";

const STEPS = [
  "whoami",
  "createRepo",
  "upload 20 MB LFS + small file",
  "listRepoFiles",
  "downloadFile + compare",
  "getFileMetadata (HEAD, redirect: manual)",
  "uploaded through Xet (X-Xet-Hash)",
  "download 20 MB through Xet (SHA-256, bytes from the CAS)",
  "listModels",
  "createDiscussion",
  "commentDiscussion",
  "deleteRepo",
  "repoExists after delete",
];

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

function leg(name: string) {
  const found = matrixLegs().find((candidate: { name: string }) => candidate.name === name);
  if (!found) throw new Error(`no leg ${name}`);
  return found;
}

async function lfsObjectCount(): Promise<number> {
  const { readdir } = await import("node:fs/promises");
  const { join } = await import("node:path");
  const walk = async (dir: string): Promise<number> => {
    let count = 0;
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      count += entry.isDirectory() ? await walk(join(dir, entry.name)) : 1;
    }
    return count;
  };
  return walk(join(server.dataDir, "blobs"));
}

describe("runtime matrix", () => {
  it("the scenario is 20 MB of LFS data (at least the 10 MB that edge runtimes must upload)", () => {
    expect(LARGE_FILE_SIZE).toBeGreaterThanOrEqual(20_000_000);
  });

  for (const name of ["node20", "workerd"]) {
    it(`passes every step on ${name}`, async () => {
      const before = await lfsObjectCount();
      const reconstructions = server.server.context.xet.stats.reconstructions;
      const result = await runLeg(leg(name), { serverUrl: server.url, token: server.tokens.alice });
      expect(result.error).toBeUndefined();
      expect(result.ok).toBe(true);
      expect(result.steps.map((step: { name: string }) => step.name)).toEqual(STEPS);
      // The 20 MB file really reached the server's storage (fresh content each run, nothing deduplicated).
      expect(await lfsObjectCount()).toBeGreaterThan(before);
      // The Xet download (the whole file and a range) came from the CAS: the server counted its reconstructions.
      expect(server.server.context.xet.stats.reconstructions - reconstructions).toBeGreaterThanOrEqual(2);
      expect(result.xetDownload.casBytes).toBeGreaterThanOrEqual(LARGE_FILE_SIZE);
    });
  }

  it("reports a failing step (a token the server does not know fails whoami)", async () => {
    const result = await runLeg(leg("node20"), { serverUrl: server.url, token: "hf_not_a_known_token_0123456789abcdefghij" });
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/^step "whoami" failed: HubHttpError: .*\(401, GET \/api\/whoami-v2/);
    expect(result.error).not.toContain("hf_not_a_known_token");
  });

  it("uses uploadFiles when the SDK has it; falls back with a note only when it rejects the parameters", async () => {
    const context = { serverUrl: server.url, token: server.tokens.alice, runtime: "in-process" };
    const mismatch = Object.assign(new Error("files[0].pathInRepo: required"), { name: "HubValidationError" });
    const rejecting = { ...sdk, uploadFiles: async () => Promise.reject(mismatch) };
    const fallback = await runScenario({ ...context, sdk: rejecting });
    expect(fallback.uploadedWith).toMatch(/^raw protocol/);
    expect(fallback.notes).toEqual([expect.stringContaining("files[0].pathInRepo: required")]);

    const broken = { ...sdk, uploadFiles: async () => Promise.reject(new Error("connection reset")) };
    await expect(runScenario({ ...context, sdk: broken })).rejects.toThrow(
      'step "upload 20 MB LFS + small file" failed: Error: connection reset',
    );
  });
});
