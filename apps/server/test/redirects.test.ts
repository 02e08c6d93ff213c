import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { file, header, startHarness, type Harness } from "./helpers.ts";

let hub: Harness;
beforeAll(async () => {
  hub = await startHarness();
  await hub.createRepo("alice/original");
  expect((await hub.commit("alice/original", [header("add"), file("a.txt", "hello")])).status).toBe(200);
  const moved = await hub.request("/api/repos/move", {
    method: "POST",
    token: hub.tokens.alice,
    json: { fromRepo: "alice/original", toRepo: "acme/Renamed" },
  });
  expect(moved.status).toBe(200);
  await hub.createRepo("alice/secret", { private: true });
});
afterAll(async () => {
  await hub.close();
});

const manual = (path: string, init: Parameters<Harness["request"]>[1] = {}) =>
  hub.request(path, { token: hub.tokens.alice, redirect: "manual", ...init });

describe("renamed repos and other-case ids", () => {
  it("answer 307 with a relative Location to the canonical URL on every endpoint", async () => {
    const cases: Array<[string, string, RequestInit?]> = [
      ["/api/models/alice/original", "/api/models/acme/Renamed"],
      ["/api/models/alice/original/revision/main?expand=sha", "/api/models/acme/Renamed/revision/main?expand=sha"],
      ["/api/models/alice/original/tree/main?recursive=1", "/api/models/acme/Renamed/tree/main?recursive=1"],
      ["/alice/original/resolve/main/a.txt", "/acme/Renamed/resolve/main/a.txt"],
      ["/ACME/renamed/resolve/main/a.txt", "/acme/Renamed/resolve/main/a.txt"],
      ["/api/models/acme/RENAMED/refs", "/api/models/acme/Renamed/refs"],
      ["/api/models/alice/original/preupload/main", "/api/models/acme/Renamed/preupload/main", { method: "POST", body: "{}" }],
      ["/api/models/alice/original/commit/main", "/api/models/acme/Renamed/commit/main", { method: "POST", body: "{}" }],
      ["/alice/original.git/info/lfs/objects/batch", "/acme/Renamed.git/info/lfs/objects/batch", { method: "POST", body: "{}" }],
    ];
    for (const [path, location, init] of cases) {
      const response = await manual(path, init);
      expect(response.status, path).toBe(307);
      expect(response.headers.get("location"), path).toBe(location);
    }
  });

  it("is followed by fetch, including a commit POST with a replayable body", async () => {
    const info = await hub.request("/api/models/Alice/Original", { token: hub.tokens.alice });
    expect(info.status).toBe(200);
    expect((await info.json()).id).toBe("acme/Renamed");
    const commit = await hub.commit("alice/original", [header("via old name"), file("b.txt", "world")]);
    expect(commit.status).toBe(200);
    expect(await (await hub.request("/acme/Renamed/resolve/main/b.txt")).text()).toBe("world");
  });

  it("does not reveal private repos, and answers the canonical id directly", async () => {
    expect((await hub.request("/api/models/ALICE/secret", { redirect: "manual" })).status).toBe(401);
    expect((await hub.request("/api/models/ALICE/secret", { token: hub.tokens.carol, redirect: "manual" })).status).toBe(404);
    expect((await manual("/api/models/ALICE/secret")).status).toBe(307);
    expect((await manual("/api/models/acme/Renamed")).status).toBe(200);
    expect((await manual("/api/models/nobody/nothing")).status).toBe(404);
  });

  it("can be switched off: other-case ids are served directly", async () => {
    const plain = await startHarness({ repoRedirects: false });
    try {
      await plain.createRepo("alice/plain");
      expect((await plain.request("/api/models/ALICE/PLAIN", { redirect: "manual" })).status).toBe(200);
    } finally {
      await plain.close();
    }
  });
});
