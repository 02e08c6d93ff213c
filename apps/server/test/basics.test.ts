import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./helpers.ts";

let hub: Harness;
beforeAll(async () => {
  hub = await startHarness();
});
afterAll(async () => {
  await hub.close();
});

describe("whoami", () => {
  it("returns the user with orgs and the token role", async () => {
    const response = await hub.request("/api/whoami-v2", { token: hub.tokens.alice });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({
      type: "user",
      name: "alice",
      fullname: "Alice Example",
      auth: { type: "access_token", accessToken: { role: "write" } },
    });
    expect(body.orgs.map((org: { name: string }) => org.name)).toEqual(["acme"]);
    const read = await (await hub.request("/api/whoami-v2", { token: hub.tokens.aliceRead })).json();
    expect(read.auth.accessToken.role).toBe("read");
  });

  it("answers 401 with the Hub's message for a bad or missing token", async () => {
    const bad = await hub.request("/api/whoami-v2", { token: "hf_not_a_token" });
    expect(bad.status).toBe(401);
    expect(bad.headers.get("x-error-message")).toBe("Invalid credentials in Authorization header");
    expect(bad.headers.get("x-request-id")).toBeTruthy();
    expect((await bad.json()).error).toBe("Invalid credentials in Authorization header");
    expect((await hub.request("/api/whoami-v2")).status).toBe(401);
  });
});

describe("repo create and info", () => {
  it("creates a repo with the system initial commit and answers 409 with url when it exists", async () => {
    const response = await hub.request("/api/repos/create", {
      method: "POST",
      token: hub.tokens.alice,
      json: { name: "first", organization: "alice" },
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ url: `${hub.url}/alice/first`, name: "alice/first" });
    expect(body.id).toMatch(/^[0-9a-f]{24}$/);
    const again = await hub.request("/api/repos/create", {
      method: "POST",
      token: hub.tokens.alice,
      json: { name: "first", organization: "alice" },
    });
    expect(again.status).toBe(409);
    expect((await again.json()).url).toBe(`${hub.url}/alice/first`);

    const info = await (await hub.request("/api/models/alice/first")).json();
    expect(info).toMatchObject({
      id: "alice/first",
      modelId: "alice/first",
      author: "alice",
      private: false,
      likes: 0,
      siblings: [{ rfilename: ".gitattributes" }],
    });
    expect(info.sha).toMatch(/^[0-9a-f]{40}$/);
    const history = await (await hub.request("/api/models/alice/first/commits/main")).json();
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ title: "initial commit", authors: [{ user: "system" }] });
  });

  it("creates datasets and spaces (sdk required) under an org", async () => {
    expect(
      (
        await hub.request("/api/repos/create", {
          method: "POST",
          token: hub.tokens.bob,
          json: { name: "data", organization: "acme", type: "dataset" },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await hub.request("/api/repos/create", {
          method: "POST",
          token: hub.tokens.bob,
          json: { name: "app", organization: "acme", type: "space" },
        })
      ).status,
    ).toBe(400);
    const space = await hub.request("/api/repos/create", {
      method: "POST",
      token: hub.tokens.bob,
      json: { name: "app", organization: "acme", type: "space", sdk: "gradio" },
    });
    expect((await space.json()).url).toBe(`${hub.url}/spaces/acme/app`);
    const info = await (await hub.request("/api/spaces/acme/app")).json();
    expect(info).toMatchObject({ id: "acme/app", sdk: "gradio", runtime: { stage: "RUNNING", hardware: { current: "cpu-basic" } } });
    expect((await hub.request("/api/datasets/acme/data/revision/HEAD")).status).toBe(200);
    expect(
      (await hub.request("/api/repos/create", { method: "POST", token: hub.tokens.carol, json: { name: "nope", organization: "acme" } }))
        .status,
    ).toBe(403);
  });

  it("rejects invalid names and read tokens", async () => {
    expect((await hub.request("/api/repos/create", { method: "POST", token: hub.tokens.alice, json: { name: "bad--name" } })).status).toBe(
      400,
    );
    expect((await hub.request("/api/repos/create", { method: "POST", token: hub.tokens.aliceRead, json: { name: "ro" } })).status).toBe(
      403,
    );
  });

  it("supports expand, blobs and a missing revision", async () => {
    const expanded = await (await hub.request("/api/models/alice/first/revision/HEAD?expand=likes&expand=private")).json();
    expect(expanded).toEqual({ _id: expect.any(String), id: "alice/first", likes: 0, private: false });
    const withBlobs = await (await hub.request("/api/models/alice/first?blobs=true")).json();
    expect(withBlobs.siblings[0]).toMatchObject({
      rfilename: ".gitattributes",
      size: expect.any(Number),
      blobId: expect.stringMatching(/^[0-9a-f]{40}$/),
    });
    const missing = await hub.request("/api/models/alice/first/revision/nope");
    expect(missing.status).toBe(404);
    expect(missing.headers.get("x-error-code")).toBe("RevisionNotFound");
  });
});

describe("private repos", () => {
  it("answer 401 to anonymous, 404 to outsiders, 200 to members", async () => {
    await hub.createRepo("acme/secret", { private: true });
    const anonymous = await hub.request("/api/models/acme/secret");
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("x-error-code")).toBe("RepoNotFound");
    const outsider = await hub.request("/api/models/acme/secret", { token: hub.tokens.carol });
    expect(outsider.status).toBe(404);
    expect(outsider.headers.get("x-error-code")).toBe("RepoNotFound");
    expect((await hub.request("/api/models/acme/secret", { token: hub.tokens.bob })).status).toBe(200);
    expect((await hub.request("/api/models/acme/secret", { token: hub.tokens.aliceRead })).status).toBe(200);
    expect((await hub.request("/acme/secret/resolve/main/.gitattributes", { token: hub.tokens.carol })).status).toBe(404);
    expect((await hub.request("/acme/secret/resolve/main/.gitattributes")).status).toBe(401);
  });
});

describe("CORS and error headers", () => {
  it("answers preflight requests and exposes the Hub headers", async () => {
    const preflight = await hub.request("/api/models/alice/first", {
      method: "OPTIONS",
      headers: {
        Origin: "http://app.example",
        "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "authorization,range",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    expect(preflight.headers.get("access-control-allow-headers")).toContain("authorization");
    const response = await hub.request("/alice/first/resolve/main/.gitattributes", { headers: { Origin: "http://app.example" } });
    const exposed = (response.headers.get("access-control-expose-headers") ?? "").toLowerCase().split(",");
    for (const name of [
      "x-repo-commit",
      "x-request-id",
      "x-error-code",
      "x-error-message",
      "x-total-count",
      "etag",
      "link",
      "accept-ranges",
      "content-range",
      "x-linked-etag",
      "x-linked-size",
    ]) {
      expect(exposed).toContain(name);
    }
  });

  it("sends X-Error-Code, X-Error-Message, X-Request-Id and a JSON error on failures", async () => {
    const response = await hub.request("/api/models/alice/does-not-exist", { token: hub.tokens.alice });
    expect(response.status).toBe(404);
    expect(response.headers.get("x-error-code")).toBe("RepoNotFound");
    expect(response.headers.get("x-error-message")).toContain("alice/does-not-exist");
    expect(response.headers.get("x-request-id")).toMatch(/^Root=1-/);
    expect(await response.json()).toEqual({ error: expect.stringContaining("alice/does-not-exist") });
    const unknownRoute = await hub.request("/api/nothing-here");
    expect(unknownRoute.status).toBe(404);
    expect((await unknownRoute.json()).error).toBeTruthy();
  });
});
