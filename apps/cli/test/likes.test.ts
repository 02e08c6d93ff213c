import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliFixture, startCliFixture } from "./helpers.ts";

let fixture: CliFixture;
beforeAll(async () => {
  fixture = await startCliFixture();
  await fixture.hub(["repo", "create", "alice/likeable"], { env: { HF_TOKEN: fixture.server.tokens.alice } });
  await fixture.hub(["repo", "create", "alice/likeable-data", "--repo-type", "dataset"], {
    env: { HF_TOKEN: fixture.server.tokens.alice },
  });
});
afterAll(async () => fixture?.close());

describe("hub like / unlike / likes", () => {
  it("likes and unlikes repos; likes lists them for you or for a named user", async () => {
    const asBob = { env: { HF_TOKEN: fixture.server.tokens.bob } };
    expect(await fixture.hub(["like", "alice/likeable"], asBob)).toMatchObject({ code: 0, stdout: "Liked alice/likeable.\n" });
    expect((await fixture.hub(["like", "alice/likeable-data", "--repo-type", "dataset"], asBob)).code).toBe(0);

    expect(await fixture.json(["likes"], asBob)).toEqual({
      user: "bob",
      total: 2,
      models: ["alice/likeable"],
      datasets: ["alice/likeable-data"],
      spaces: [],
    });
    expect((await fixture.json(["likes", "bob"])).total).toBe(2);
    const table = await fixture.hub(["likes", "bob"]);
    expect(table.stdout).toMatch(/^TYPE\s+ID\nmodel\s+alice\/likeable\ndataset\s+alice\/likeable-data\n$/);
    expect((await fixture.json(["repo", "info", "alice/likeable"])).likes).toBe(1);

    expect((await fixture.hub(["unlike", "alice/likeable"], asBob)).code).toBe(0);
    expect((await fixture.json(["likes"], asBob)).models).toEqual([]);
  });

  it("like without a token is a usage error; a missing repo is a Hub error", async () => {
    expect((await fixture.hub(["like", "alice/likeable"])).code).toBe(1);
    expect((await fixture.hub(["likes"])).code).toBe(1);
    const missing = await fixture.hub(["like", "alice/nothing-here"], { env: { HF_TOKEN: fixture.server.tokens.bob } });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^Error: Repository not found/m);
  });
});
