import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliFixture, startCliFixture } from "./helpers.ts";

let fixture: CliFixture;
beforeAll(async () => {
  fixture = await startCliFixture();
  const asAlice = { env: { HF_TOKEN: fixture.server.tokens.alice } };
  for (const name of ["alpha-model", "beta-model", "gamma-model"]) await fixture.hub(["repo", "create", `alice/${name}`], asAlice);
  await fixture.hub(["repo", "create", "bob/delta-model"], { env: { HF_TOKEN: fixture.server.tokens.bob } });
  await fixture.hub(["repo", "create", "alice/alpha-data", "--repo-type", "dataset"], asAlice);
  await fixture.hub(["repo", "create", "alice/alpha-space", "--repo-type", "space", "--space-sdk", "gradio"], asAlice);
});
afterAll(async () => fixture?.close());

const ids = (items: { id: string }[]) => items.map((item) => item.id).sort();

describe("hub search", () => {
  it("models by --author, by --search and by the positional query", async () => {
    expect(ids(await fixture.json(["search", "models", "--author", "alice"]))).toEqual([
      "alice/alpha-model",
      "alice/beta-model",
      "alice/gamma-model",
    ]);
    expect(ids(await fixture.json(["search", "models", "--search", "delta"]))).toEqual(["bob/delta-model"]);
    expect(ids(await fixture.json(["search", "models", "beta"]))).toEqual(["alice/beta-model"]);
    const table = await fixture.hub(["search", "models", "--author", "bob"]);
    expect(table.stdout).toMatch(/^ID\s+LIKES\s+DOWNLOADS\s+MODIFIED\s+PIPELINE\nbob\/delta-model\s/);
  });

  it("--limit and --sort", async () => {
    const limited = await fixture.json(["search", "models", "--author", "alice", "--limit", "2"]);
    expect(limited).toHaveLength(2);
    const sorted = await fixture.json(["search", "models", "--author", "alice", "--sort", "id", "--direction", "asc"]);
    expect(sorted.map((item: { id: string }) => item.id)).toEqual(["alice/alpha-model", "alice/beta-model", "alice/gamma-model"]);
  });

  it("datasets and spaces", async () => {
    expect(ids(await fixture.json(["search", "datasets", "--author", "alice"]))).toEqual(["alice/alpha-data"]);
    expect(ids(await fixture.json(["search", "spaces", "alpha"]))).toEqual(["alice/alpha-space"]);
    expect((await fixture.hub(["search", "datasets", "--author", "carol"])).stdout).toBe("No datasets found.\n");
  });

  it("--filter keeps repos with every tag; a bad --limit is a usage error", async () => {
    expect(await fixture.json(["search", "models", "--filter", "no-such-tag-anywhere"])).toEqual([]);
    const bad = await fixture.hub(["search", "models", "--limit", "0"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("--limit must be a positive integer");
  });
});
