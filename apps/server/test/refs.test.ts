import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { file, header, startHarness, type Harness } from "./helpers.ts";

let hub: Harness;
beforeAll(async () => {
  hub = await startHarness();
  await hub.createRepo("alice/refs");
  for (let index = 1; index <= 5; index++) await hub.commit("alice/refs", [header(`commit ${index}`), file("n.txt", String(index))]);
});
afterAll(async () => {
  await hub.close();
});

const api = (path: string) => `/api/models/alice/refs${path}`;

describe("branches", () => {
  it("creates from main or a starting point, 409 when existing, 400 for refs/ names", async () => {
    expect((await hub.request(api("/branch/dev"), { method: "POST", token: hub.tokens.alice, json: {} })).status).toBe(200);
    const history = await (await hub.request(api("/commits/main"))).json();
    const old = history[3].id;
    expect(
      (await hub.request(api("/branch/feature%2Fold"), { method: "POST", token: hub.tokens.alice, json: { startingPoint: old } })).status,
    ).toBe(200);
    const conflict = await hub.request(api("/branch/dev"), { method: "POST", token: hub.tokens.alice, json: {} });
    expect(conflict.status).toBe(409);
    expect((await conflict.json()).error).toBe("Reference already exists");
    expect((await hub.request(api("/branch/main"), { method: "POST", token: hub.tokens.alice, json: {} })).status).toBe(409);
    expect((await hub.request(api("/branch/refs%2Fpr%2F5"), { method: "POST", token: hub.tokens.alice, json: {} })).status).toBe(400);
    expect(
      (await hub.request(api("/branch/x"), { method: "POST", token: hub.tokens.alice, json: { startingPoint: "nope" } })).headers.get(
        "x-error-code",
      ),
    ).toBe("RevisionNotFound");
    expect((await hub.request(api("/branch/y"), { method: "POST", token: hub.tokens.carol, json: {} })).status).toBe(403);
    const refs = await (await hub.request(api("/refs"))).json();
    expect(refs.branches.map((branch: { name: string }) => branch.name).sort()).toEqual(["dev", "feature/old", "main"]);
    expect(refs.branches.find((branch: { name: string }) => branch.name === "feature/old")).toEqual({
      name: "feature/old",
      ref: "refs/heads/feature/old",
      targetCommit: old,
    });
    expect(refs.converts).toEqual([]);
    expect(refs.pullRequests).toBeUndefined();
    const file = await hub.request("/alice/refs/resolve/feature%2Fold/n.txt");
    expect(await file.text()).toBe("2");
  });

  it("deletes branches but protects main", async () => {
    expect((await hub.request(api("/branch/main"), { method: "DELETE", token: hub.tokens.alice })).status).toBe(403);
    expect((await hub.request(api("/branch/dev"), { method: "DELETE", token: hub.tokens.alice })).status).toBe(200);
    expect((await hub.request(api("/branch/dev"), { method: "DELETE", token: hub.tokens.alice })).status).toBe(404);
  });
});

describe("tags", () => {
  it("tags a revision given in the URL, 409 on existing, 404 RevisionNotFound, deletes", async () => {
    const history = await (await hub.request(api("/commits/main"))).json();
    const short = history[2].id.slice(0, 7);
    expect(
      (await hub.request(api(`/tag/${short}`), { method: "POST", token: hub.tokens.alice, json: { tag: "v1.0", message: "first" } }))
        .status,
    ).toBe(200);
    expect((await hub.request(api("/tag/main"), { method: "POST", token: hub.tokens.alice, json: { tag: "v1.0" } })).status).toBe(409);
    expect((await hub.request(api("/tag/main"), { method: "POST", token: hub.tokens.alice, json: { tag: "bad tag" } })).status).toBe(400);
    const missing = await hub.request(api("/tag/nope"), { method: "POST", token: hub.tokens.alice, json: { tag: "v2" } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get("x-error-code")).toBe("RevisionNotFound");
    const refs = await (await hub.request(api("/refs"))).json();
    expect(refs.tags).toEqual([{ name: "v1.0", ref: "refs/tags/v1.0", targetCommit: history[2].id }]);
    expect(await (await hub.request("/alice/refs/resolve/v1.0/n.txt")).text()).toBe("3");
    expect((await hub.request(api("/tag/v1.0"), { method: "DELETE", token: hub.tokens.alice })).status).toBe(200);
    const again = await hub.request(api("/tag/v1.0"), { method: "DELETE", token: hub.tokens.alice });
    expect(again.status).toBe(404);
    expect(again.headers.get("x-error-code")).toBe("RevisionNotFound");
  });
});

describe("commit history", () => {
  it("lists newest first with X-Total-Count and Link pagination", async () => {
    const response = await hub.request(api("/commits/main?limit=2"));
    expect(response.headers.get("x-total-count")).toBe("6");
    const first = await response.json();
    expect(first.map((commit: { title: string }) => commit.title)).toEqual(["commit 5", "commit 4"]);
    expect(first[0]).toMatchObject({ authors: [{ user: "alice" }], message: "", date: expect.stringMatching(/Z$/) });
    const titles: string[] = [];
    let url: string | undefined = `${hub.url}${api("/commits/main?limit=2")}`;
    while (url) {
      const page: Response = await fetch(url);
      titles.push(...(await page.json()).map((commit: { title: string }) => commit.title));
      url = /<([^>]+)>;\s+rel="next"/.exec(page.headers.get("link") ?? "")?.[1];
    }
    expect(titles).toEqual(["commit 5", "commit 4", "commit 3", "commit 2", "commit 1", "initial commit"]);
    const formatted = await (await hub.request(api("/commits/main?limit=1&expand[]=formatted"))).json();
    expect(formatted[0].formatted.title).toBe("commit 5");
  });
});

describe("repo management", () => {
  it("updates settings, moves (409 on existing target) and deletes", async () => {
    await hub.createRepo("alice/manage");
    const settings = await hub.request("/api/models/alice/manage/settings", {
      method: "PUT",
      token: hub.tokens.alice,
      json: { private: true, gated: "auto" },
    });
    expect(await settings.json()).toMatchObject({ private: true, gated: "auto" });
    expect((await hub.request("/api/models/alice/manage")).status).toBe(401);
    await hub.request("/api/models/alice/manage/settings", { method: "PUT", token: hub.tokens.alice, json: { visibility: "public" } });
    expect((await hub.request("/api/models/alice/manage")).status).toBe(200);
    expect(
      (await hub.request("/api/models/alice/manage/settings", { method: "PUT", token: hub.tokens.bob, json: { private: true } })).status,
    ).toBe(403);

    await hub.createRepo("alice/taken");
    const clash = await hub.request("/api/repos/move", {
      method: "POST",
      token: hub.tokens.alice,
      json: { fromRepo: "alice/manage", toRepo: "alice/taken", type: "model" },
    });
    expect(clash.status).toBe(409);
    expect((await clash.json()).error).toMatch(/^A model repository called .* already exists$/);

    const deleted = await hub.request("/api/repos/delete", {
      method: "DELETE",
      token: hub.tokens.alice,
      json: { name: "manage", organization: "alice" },
    });
    expect(deleted.status).toBe(200);
    expect(await deleted.text()).toBe("OK");
    expect((await hub.request("/api/models/alice/manage", { token: hub.tokens.alice })).status).toBe(404);
    expect(
      (
        await hub.request("/api/repos/delete", {
          method: "DELETE",
          token: hub.tokens.alice,
          json: { name: "manage", organization: "alice" },
        })
      ).status,
    ).toBe(404);
  });
});

describe("likes", () => {
  it("likes idempotently, counts, lists likers and user likes without private repos", async () => {
    await hub.createRepo("acme/liked");
    await hub.createRepo("acme/private-liked", { private: true });
    for (let index = 0; index < 2; index++)
      expect((await hub.request("/api/models/acme/liked/like", { method: "POST", token: hub.tokens.bob })).status).toBe(200);
    await hub.request("/api/models/acme/private-liked/like", { method: "POST", token: hub.tokens.bob });
    await hub.request("/api/models/acme/liked/like", { method: "POST", token: hub.tokens.alice });
    expect((await (await hub.request("/api/models/acme/liked")).json()).likes).toBe(2);
    const likers = await (await hub.request("/api/models/acme/liked/likers")).json();
    expect(likers.map((liker: { user: string }) => liker.user).sort()).toEqual(["alice", "bob"]);
    const bobLikes = await (await hub.request("/api/users/bob/likes", { token: hub.tokens.bob })).json();
    expect(bobLikes).toEqual([{ createdAt: expect.any(String), repo: { name: "acme/liked", type: "model" } }]);
    await hub.request("/api/models/acme/liked/like", { method: "DELETE", token: hub.tokens.bob });
    await hub.request("/api/models/acme/liked/like", { method: "DELETE", token: hub.tokens.bob });
    expect((await (await hub.request("/api/models/acme/liked")).json()).likes).toBe(1);
    expect((await hub.request("/api/models/acme/private-liked/like", { method: "POST", token: hub.tokens.carol })).status).toBe(404);
    expect(
      (await hub.request("/api/models/acme/nothing/like", { method: "POST", token: hub.tokens.carol })).headers.get("x-error-code"),
    ).toBe("RepoNotFound");
  });
});
