import { describe, expect, it } from "vitest";
import { mockFetch } from "./mock-fetch.ts";

describe("mockFetch", () => {
  it("answers by method and path, ignores the query and records calls", async () => {
    const fetch = mockFetch({
      "GET /api/models/alice/x": () => Response.json({ id: "alice/x" }),
      "POST /api/repos/create": async (request) => Response.json(await request.json(), { status: 201 }),
    });
    expect(await (await fetch("https://hub.test/api/models/alice/x?expand=likes")).json()).toEqual({ id: "alice/x" });
    const created = await fetch(new Request("https://hub.test/api/repos/create", { method: "POST", body: '{"name":"x"}' }));
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({ name: "x" });
    expect(fetch.calls.map((call) => [call.method, call.url, call.route])).toEqual([
      ["GET", "https://hub.test/api/models/alice/x?expand=likes", "GET /api/models/alice/x"],
      ["POST", "https://hub.test/api/repos/create", "POST /api/repos/create"],
    ]);
  });

  it("matches * wildcards, absolute origins, and reports unmatched requests as 501", async () => {
    const fetch = mockFetch({
      "GET /api/*/tree/*": (_, { params }) => Response.json(params),
      "PUT https://storage.test/*": () => new Response(null, { status: 200 }),
    });
    expect(await (await fetch("https://hub.test/api/models/a/b/tree/main")).json()).toEqual(["models/a/b", "main"]);
    expect((await fetch("https://storage.test/bucket/key", { method: "PUT", body: "x" })).status).toBe(200);
    expect((await fetch("https://hub.test/bucket/key", { method: "PUT", body: "x" })).status).toBe(501);
    const missing = await fetch("https://hub.test/nothing");
    expect(missing.status).toBe(501);
    expect(await missing.json()).toEqual({ error: "mockFetch: no route for GET /nothing" });
    expect(fetch.calls.at(-1)?.route).toBeUndefined();
  });
});
