import { HubHttpError, HubValidationError } from "@hub/core";
import { mockFetch } from "@hub/core/testing";
import { startTestServer, type TestServer } from "@hub/server/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getFullRepoName, whoami } from "../src/index.ts";

let hub: TestServer;
beforeAll(async () => {
  hub = await startTestServer();
});
afterAll(async () => {
  await hub.close();
});

describe("whoami over loopback", () => {
  it("returns the typed user with orgs and the token role, keeping the raw object", async () => {
    const me = await whoami({ accessToken: hub.tokens.alice, hubUrl: hub.url });
    expect(me).toMatchObject({ type: "user", name: "alice", fullname: "Alice Example", email: "alice@example.com" });
    expect(me.orgs.map((org) => org.name)).toEqual(["acme"]);
    expect(me.auth.role).toBe("write");
    expect(me.raw.name).toBe("alice");
    const reader = await whoami({ accessToken: hub.tokens.aliceRead, hubUrl: hub.url });
    expect(reader.auth.role).toBe("read");
    const carol = await whoami({ accessToken: hub.tokens.carol, hubUrl: hub.url });
    expect(carol.orgs).toEqual([]);
  });

  it("rejects an invalid token with a 401 that does not contain the token", async () => {
    const error = await whoami({ accessToken: "hf_not_a_real_token_12345", hubUrl: hub.url }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HubHttpError);
    expect((error as HubHttpError).status).toBe(401);
    expect(JSON.stringify(error) + String(error)).not.toContain("hf_not_a_real_token_12345");
  });

  it("requires a token before any request", async () => {
    const fetch = mockFetch({});
    await expect(whoami({ accessToken: "", hubUrl: hub.url, fetch })).rejects.toBeInstanceOf(HubValidationError);
    expect(fetch.calls).toHaveLength(0);
  });
});

describe("getFullRepoName (protocol 2.6)", () => {
  it("prefixes the organization, keeps an existing namespace, else asks whoami", async () => {
    const fetch = mockFetch({});
    expect(await getFullRepoName({ modelId: "bert", organization: "acme", fetch })).toBe("acme/bert");
    expect(await getFullRepoName({ modelId: "alice/bert", fetch })).toBe("alice/bert");
    expect(await getFullRepoName({ modelId: "alice/bert", organization: "acme", fetch })).toBe("acme/bert");
    expect(fetch.calls).toHaveLength(0);
    expect(await getFullRepoName({ modelId: "bert", accessToken: hub.tokens.bob, hubUrl: hub.url })).toBe("bob/bert");
  });

  it("validates before any request", async () => {
    const fetch = mockFetch({});
    await expect(getFullRepoName({ modelId: "a/b/c", fetch })).rejects.toBeInstanceOf(HubValidationError);
    await expect(getFullRepoName({ modelId: "bert", organization: "-bad", fetch })).rejects.toBeInstanceOf(HubValidationError);
    await expect(getFullRepoName({ modelId: "bert", fetch })).rejects.toThrow("accessToken");
    expect(fetch.calls).toHaveLength(0);
  });
});
