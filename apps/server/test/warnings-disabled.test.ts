import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DISABLED_REPO_MESSAGE, parseHfWarning } from "../src/index.ts";
import { file, header, startHarness, type Harness } from "./helpers.ts";

let hub: Harness;
beforeAll(async () => {
  hub = await startHarness({
    hfWarnings: [
      { topic: "deprecation", message: "this endpoint is deprecated", pathPrefix: "/api/models/alice/warned" },
      { topic: "resolve", message: "downloads are slow today", pathPrefix: "/alice/warned/resolve" },
    ],
    disabledRepos: ["alice/off", "datasets/alice/off-data"],
  });
  await hub.createRepo("alice/warned");
  expect((await hub.commit("alice/warned", [header("add"), file("a.txt", "hello")])).status).toBe(200);
  await hub.createRepo("alice/off");
  await hub.createRepo("alice/off-data", { type: "dataset" });
  await hub.createRepo("alice/off-private", { private: true });
});
afterAll(async () => {
  await hub.close();
});

describe("X-HF-Warning", () => {
  it("is sent where configured, on API answers and on files sent straight from disk", async () => {
    const info = await hub.request("/api/models/alice/warned");
    expect(info.status).toBe(200);
    expect(info.headers.get("x-hf-warning")).toBe("deprecation; this endpoint is deprecated");
    const download = await hub.request("/alice/warned/resolve/main/a.txt");
    expect(await download.text()).toBe("hello");
    expect(download.headers.get("x-hf-warning")).toBe("resolve; downloads are slow today");
    expect((await hub.request("/api/whoami-v2", { token: hub.tokens.alice })).headers.get("x-hf-warning")).toBeNull();
  });

  it("parses the CLI form", () => {
    expect(parseHfWarning("topic; some message; with semicolons")).toEqual({ topic: "topic", message: "some message; with semicolons" });
    expect(() => parseHfWarning("no separator")).toThrow(RangeError);
  });
});

describe("disabled repos", () => {
  it("answer 403 with the Hub's message on every repo endpoint", async () => {
    for (const path of [
      "/api/models/alice/off",
      "/api/models/alice/off/tree/main",
      "/alice/off/resolve/main/.gitattributes",
      "/api/datasets/alice/off-data",
      "/api/models/ALICE/OFF",
    ]) {
      const response = await hub.request(path, { token: hub.tokens.bob });
      expect(response.status, path).toBe(403);
      expect(response.headers.get("x-error-message"), path).toBe(DISABLED_REPO_MESSAGE);
    }
    const commit = await hub.commit("alice/off", [header("x"), file("b.txt", "b")]);
    expect(commit.status).toBe(403);
    // Other repos, and the same name of another type, are untouched.
    expect((await hub.request("/api/models/alice/warned")).status).toBe(200);
  });

  it("is flagged by the repos' disabled column too, and private repos stay hidden from others", async () => {
    hub.server.context.db.prepare("UPDATE repos SET disabled = 1 WHERE name = 'off-private'").run();
    expect((await hub.request("/api/models/alice/off-private", { token: hub.tokens.carol })).status).toBe(404);
    expect((await hub.request("/api/models/alice/off-private", { token: hub.tokens.alice })).status).toBe(403);
  });
});
