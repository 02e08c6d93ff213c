// The edge example bundled with esbuild (as wrangler would) and run in workerd through miniflare,
// against the local Hub server on 127.0.0.1.
import { createRepo } from "@hub/repos";
import { startTestServer, type TestServer } from "@hub/server/testing";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleWorker } from "../bundle.mjs";

let server: TestServer;
let miniflare: Miniflare;
let bundle: { code: string; gzip: number; inputs: string[] };
const config = '{"architectures":["Edge"]}\n';

/** Commits one regular file with a raw NDJSON commit (test setup only). */
async function commitFile(repoId: string, path: string, text: string): Promise<void> {
  const lines = [
    { key: "header", value: { summary: `add ${path}` } },
    { key: "file", value: { path, content: btoa(text), encoding: "base64" } },
  ];
  const response = await fetch(`${server.url}/api/models/${repoId}/commit/main`, {
    method: "POST",
    headers: { authorization: `Bearer ${server.tokens.alice}`, "content-type": "application/x-ndjson" },
    body: lines.map((line) => JSON.stringify(line)).join("\n"),
  });
  expect(response.status).toBe(200);
}

async function get(path: string): Promise<{ status: number; body: any }> {
  const response = await miniflare.dispatchFetch(`http://edge.local${path}`);
  return { status: response.status, body: await response.json() };
}

beforeAll(async () => {
  server = await startTestServer();
  const options = { hubUrl: server.url, accessToken: server.tokens.alice };
  for (const name of ["edge-a", "edge-b", "edge-c"]) await createRepo({ ...options, repoId: `alice/${name}` });
  await createRepo({ ...options, repoId: "bob/edge-bob", accessToken: server.tokens.bob });
  await commitFile("alice/edge-a", "config.json", config);
  bundle = await bundleWorker();
  miniflare = new Miniflare({ modules: true, script: bundle.code, compatibilityDate: "2026-07-01", bindings: { HUB_URL: server.url } });
});
afterAll(async () => {
  await miniflare?.dispose();
  await server?.close();
});

describe("edge example in workerd", () => {
  it("GET /latest lists the author's models, most recently modified first", async () => {
    const { status, body } = await get("/latest?author=alice&limit=2");
    expect(status).toBe(200);
    const expected = await (await fetch(`${server.url}/api/models?author=alice&sort=lastModified&direction=-1&limit=2`)).json();
    expect(body.models.map((model: { id: string }) => model.id)).toEqual(expected.map((model: { id: string }) => model.id));
    // The Hub's lastModified has second resolution, so ties are ordered by the server: check the order holds.
    const times = body.models.map((model: { lastModified: string }) => Date.parse(model.lastModified));
    expect(times[0]).toBeGreaterThanOrEqual(times[1]);
    expect(body.models).toHaveLength(2);
    expect(body.models.every((model: { id: string }) => model.id.startsWith("alice/"))).toBe(true);
  });

  it("GET /latest of an author without models is an empty list; without an author a 400", async () => {
    expect(await get("/latest?author=carol")).toEqual({ status: 200, body: { author: "carol", models: [] } });
    expect((await get("/latest")).status).toBe(400);
  });

  it("GET /size answers a file's size from paths-info", async () => {
    expect(await get("/size?repo=alice/edge-a&path=config.json")).toEqual({
      status: 200,
      body: { repo: "alice/edge-a", path: "config.json", size: new TextEncoder().encode(config).byteLength, lfs: false },
    });
  });

  it("GET /size: 404 for a missing file or repo, 400 for a bad repo id (validated before any request)", async () => {
    expect((await get("/size?repo=alice/edge-a&path=missing.bin")).status).toBe(404);
    expect((await get("/size?repo=alice/no-such-repo&path=config.json")).status).toBe(404);
    const bad = await get("/size?repo=a/b/c&path=config.json");
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/repoId/);
  });

  it("answers 404 on other paths", async () => {
    expect((await get("/")).status).toBe(404);
  });

  it("bundles without Node built-ins, the umbrella or unrelated packages, and stays small", () => {
    const packages = new Set(bundle.inputs.map((input) => /packages\/([^/]+)\//.exec(input)?.[1]).filter(Boolean));
    expect([...packages].sort()).toEqual(["core", "repos", "search"]);
    expect(bundle.gzip).toBeLessThan(20_000);
  });
});
