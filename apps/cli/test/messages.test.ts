import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliFixture, commitFile, startCliFixture } from "./helpers.ts";

let fixture: CliFixture;
let asAlice: { env: NodeJS.ProcessEnv };
beforeAll(async () => {
  fixture = await startCliFixture();
  asAlice = { env: { HF_TOKEN: fixture.server.tokens.alice } };
});
afterAll(async () => fixture?.close());

describe("error lines tell the truth", () => {
  it("repo names and query words that look a bit like secrets are printed as they are", async () => {
    const missing = await fixture.hub(["repo", "info", "alice/hf_internal_testing"], asAlice);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("alice/hf_internal_testing");
    expect(missing.stderr).not.toContain("REDACTED");
  });

  it("a missing file says 'Entry not found' once", async () => {
    await fixture.hub(["repo", "create", "alice/entries"], asAlice);
    await commitFile(fixture, fixture.server.tokens.alice, "alice/entries", "a.txt", "a");
    const run = await fixture.hub(["download", "alice/entries", "nope.txt"], asAlice);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/nope\.txt/);
    expect(run.stderr.match(/Entry not found/gi) ?? []).toHaveLength(1);
  });

  it("the token itself never shows", async () => {
    const run = await fixture.hub(["repo", "info", "alice/absent", "--debug"], asAlice);
    expect(run.stderr + run.stdout).not.toContain(fixture.server.tokens.alice);
  });
});
