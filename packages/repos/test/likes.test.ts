import { HubValidationError, RepositoryNotFoundError } from "@hub/core";
import { mockFetch } from "@hub/core/testing";
import { startTestServer, type TestServer } from "@hub/server/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRepo, like, listLikedRepos, unlike } from "../src/index.ts";

let hub: TestServer;
let bob: { accessToken: string; hubUrl: string };
beforeAll(async () => {
  hub = await startTestServer();
  const alice = { accessToken: hub.tokens.alice, hubUrl: hub.url };
  bob = { accessToken: hub.tokens.bob, hubUrl: hub.url };
  await createRepo({ ...alice, repoId: "alice/liked-model" });
  await createRepo({ ...alice, repoId: "alice/liked-data", repoType: "dataset" });
  await createRepo({ ...alice, repoId: "alice/liked-space", repoType: "space", spaceSdk: "static" });
  await createRepo({ ...alice, repoId: "alice/hidden", private: true });
});
afterAll(async () => {
  await hub.close();
});

describe("likes", () => {
  it("likes and unlikes (idempotently), grouped by type for the token's user by default", async () => {
    await like({ ...bob, repoId: "alice/liked-model" });
    await like({ ...bob, repoId: "alice/liked-model" });
    await like({ ...bob, repoId: "alice/liked-data", repoType: "dataset" });
    await like({ ...bob, repoId: "alice/liked-space", repoType: "space" });
    expect(await listLikedRepos(bob)).toEqual({
      user: "bob",
      total: 3,
      models: ["alice/liked-model"],
      datasets: ["alice/liked-data"],
      spaces: ["alice/liked-space"],
    });
    await unlike({ ...bob, repoId: "alice/liked-model" });
    await unlike({ ...bob, repoId: "alice/liked-model" });
    const anonymous = await listLikedRepos({ hubUrl: hub.url, user: "bob" });
    expect(anonymous).toMatchObject({ user: "bob", total: 2, models: [] });
  });

  it("hides private repos and refuses missing or invisible ones", async () => {
    await expect(like({ ...bob, repoId: "alice/hidden" })).rejects.toBeInstanceOf(RepositoryNotFoundError);
    await expect(like({ ...bob, repoId: "alice/nothing-here" })).rejects.toBeInstanceOf(RepositoryNotFoundError);
    await expect(unlike({ ...bob, repoId: "alice/nothing-here" })).rejects.toBeInstanceOf(RepositoryNotFoundError);
    await like({ accessToken: hub.tokens.alice, hubUrl: hub.url, repoId: "alice/hidden" });
    expect((await listLikedRepos({ accessToken: hub.tokens.alice, hubUrl: hub.url })).models).not.toContain("alice/hidden");
  });

  it("needs a user or a token before any request", async () => {
    const fetch = mockFetch({});
    await expect(listLikedRepos({ fetch, hubUrl: hub.url })).rejects.toBeInstanceOf(HubValidationError);
    await expect(like({ ...bob, fetch, repoId: "bad/../id" })).rejects.toBeInstanceOf(HubValidationError);
    expect(fetch.calls).toHaveLength(0);
  });
});
