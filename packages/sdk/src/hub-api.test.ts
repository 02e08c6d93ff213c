import { mockFetch } from "@hub/core/testing";
import { describe, expect, it } from "vitest";
import { HubApi } from "./hub-api.ts";
import { operations } from "./operations.ts";

const WHOAMI = { type: "user", name: "alice", fullname: "Alice", orgs: [], auth: { type: "access_token", accessToken: { role: "write" } } };

describe("HubApi", () => {
  it("has one method per operation", () => {
    const hub = new HubApi({ accessToken: "hf_bound" });
    for (const name of Object.keys(operations)) expect(typeof (hub as unknown as Record<string, unknown>)[name], name).toBe("function");
  });

  it("calls operations with the bound token and endpoint", async () => {
    const fetch = mockFetch({ "GET https://hub.test/api/whoami-v2": () => Response.json(WHOAMI) });
    const hub = new HubApi({ accessToken: "hf_bound", hubUrl: "https://hub.test", fetch });
    const user = await hub.whoami();
    expect(user.name).toBe("alice");
    expect(fetch.calls).toHaveLength(1);
    expect(fetch.calls[0]?.request.headers.get("authorization")).toBe("Bearer hf_bound");
  });

  it("lets a call override bound options", async () => {
    const fetch = mockFetch({ "GET https://other.test/api/whoami-v2": () => Response.json(WHOAMI) });
    const hub = new HubApi({ accessToken: "hf_bound", hubUrl: "https://hub.test", fetch });
    await hub.whoami({ accessToken: "hf_call", hubUrl: "https://other.test" });
    expect(fetch.calls[0]?.request.headers.get("authorization")).toBe("Bearer hf_call");
  });

  it("returns list operations as lazy async iterables", async () => {
    const fetch = mockFetch({
      "GET https://hub.test/api/models": () =>
        Response.json([
          { _id: "1", id: "alice/a" },
          { _id: "2", id: "alice/b" },
        ]),
    });
    const hub = new HubApi({ hubUrl: "https://hub.test", fetch });
    const listing = hub.listModels({ limit: 1 });
    expect(fetch.calls).toHaveLength(0);
    const ids: string[] = [];
    for await (const model of listing) ids.push(model.id);
    expect(ids).toEqual(["alice/a"]);
  });

  it("never shows the token in JSON, string or options copies it hands out to logs", () => {
    const hub = new HubApi({ accessToken: "hf_secret_value", hubUrl: "https://hub.test/" });
    expect(JSON.stringify(hub)).not.toContain("hf_secret_value");
    expect(String(hub)).not.toContain("hf_secret_value");
    expect(hub.toJSON()).toEqual({ hubUrl: "https://hub.test", authenticated: true });
  });

  it("withOptions derives a client without changing the original", async () => {
    const fetch = mockFetch({ "GET https://*/api/whoami-v2": () => Response.json(WHOAMI) });
    const hub = new HubApi({ accessToken: "hf_a", hubUrl: "https://one.test", fetch });
    const other = hub.withOptions({ hubUrl: "https://two.test" });
    expect(other).toBeInstanceOf(HubApi);
    expect(other.hubUrl).toBe("https://two.test");
    expect(hub.hubUrl).toBe("https://one.test");
    await other.whoami();
    expect(fetch.calls[0]?.url).toBe("https://two.test/api/whoami-v2");
  });
});
