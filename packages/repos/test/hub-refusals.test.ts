import { DisabledRepoError, type HubWarning } from "@hub/core";
import { startTestServer, type TestServer } from "@hub/server/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRepo, LikeRefusedError, like, modelInfo, repoInfo, unlike } from "../src/index.ts";

// Issue #17 items 10 and 11 against the server's switches: token likes refused, X-HF-Warning, disabled repos.

let hub: TestServer;
let alice: { accessToken: string; hubUrl: string };
beforeAll(async () => {
  hub = await startTestServer({
    refuseTokenLikes: true,
    hfWarnings: [
      { topic: "deprecation", message: "This endpoint is deprecated, use the new one", pathPrefix: "/api/models/alice/old-api" },
    ],
    disabledRepos: ["alice/taken-down"],
  });
  alice = { accessToken: hub.tokens.alice, hubUrl: hub.url };
  await createRepo({ ...alice, repoId: "alice/likeable" });
  await createRepo({ ...alice, repoId: "alice/old-api" });
  await createRepo({ ...alice, repoId: "alice/taken-down" });
});
afterAll(async () => {
  await hub.close();
});

describe("likes with a token (item 10)", () => {
  it("maps the Hub's refusal to LikeRefusedError with a clear message; unlike still works", async () => {
    const error = await like({ accessToken: hub.tokens.bob, hubUrl: hub.url, repoId: "alice/likeable" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LikeRefusedError);
    expect((error as LikeRefusedError).status).toBe(403);
    expect((error as Error).message).toMatch(
      /^The Hub refuses likes made with an access token \(like the repository on the website instead\): .* \(403, POST \/api\/models\/alice\/likeable\/like(, request .*)?\)$/,
    );
    await unlike({ accessToken: hub.tokens.bob, hubUrl: hub.url, repoId: "alice/likeable" });
  });
});

describe("what users see (item 11)", () => {
  it("passes X-HF-Warning to onWarning", async () => {
    const warnings: HubWarning[] = [];
    await modelInfo({ ...alice, repoId: "alice/old-api", onWarning: (warning) => warnings.push(warning) });
    await modelInfo({ ...alice, repoId: "alice/likeable", onWarning: (warning) => warnings.push(warning) });
    expect(warnings).toEqual([
      { topic: "deprecation", message: "This endpoint is deprecated, use the new one", url: `${hub.url}/api/models/alice/old-api` },
    ]);
  });

  it("a disabled repository is a DisabledRepoError", async () => {
    const error = await repoInfo({ ...alice, repoId: "alice/taken-down" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DisabledRepoError);
    expect((error as Error).message).toMatch(/^Repository disabled: alice\/taken-down \(403, GET \/api\/models\/alice\/taken-down/);
  });
});
