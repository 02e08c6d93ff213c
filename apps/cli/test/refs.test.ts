import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliFixture, startCliFixture } from "./helpers.ts";

let fixture: CliFixture;
let asAlice: { env: NodeJS.ProcessEnv };
beforeAll(async () => {
  fixture = await startCliFixture();
  asAlice = { env: { HF_TOKEN: fixture.server.tokens.alice } };
  await fixture.hub(["repo", "create", "alice/refs"], asAlice);
});
afterAll(async () => fixture?.close());

describe("hub branch / hub tag", () => {
  it("creates, lists and deletes branches", async () => {
    expect((await fixture.hub(["branch", "create", "alice/refs", "dev"], asAlice)).code).toBe(0);
    const branches = await fixture.json(["branch", "list", "alice/refs"], asAlice);
    expect(branches.map((branch: { name: string }) => branch.name).sort()).toEqual(["dev", "main"]);
    const main = branches.find((branch: { name: string }) => branch.name === "main");
    expect(main).toEqual({ name: "main", ref: "refs/heads/main", targetCommit: expect.stringMatching(/^[0-9a-f]{40}$/) });

    const again = await fixture.hub(["branch", "create", "alice/refs", "dev"], asAlice);
    expect(again.code).toBe(2);
    expect((await fixture.hub(["branch", "create", "alice/refs", "dev", "--exist-ok"], asAlice)).code).toBe(0);
    expect((await fixture.hub(["branch", "delete", "alice/refs", "dev"], asAlice)).code).toBe(0);
    expect((await fixture.json(["branch", "list", "alice/refs"], asAlice)).map((branch: { name: string }) => branch.name)).toEqual([
      "main",
    ]);
    const fromMissing = await fixture.hub(["branch", "create", "alice/refs", "other", "--revision", "no-such-branch"], asAlice);
    expect(fromMissing.code).toBe(2);
    expect(fromMissing.stderr).toMatch(/^Error: .*not found/im);
  });

  it("creates, lists and deletes tags", async () => {
    const created = await fixture.hub(["tag", "create", "alice/refs", "v1.0", "-m", "First release"], asAlice);
    expect(created).toMatchObject({ code: 0, stdout: "Created tag v1.0 on alice/refs.\n" });
    const tags = await fixture.json(["tag", "list", "alice/refs"], asAlice);
    expect(tags).toEqual([{ name: "v1.0", ref: "refs/tags/v1.0", targetCommit: expect.stringMatching(/^[0-9a-f]{40}$/) }]);
    const text = await fixture.hub(["tag", "list", "alice/refs"], asAlice);
    expect(text.stdout).toMatch(/^NAME\s+COMMIT\nv1\.0\s+[0-9a-f]{40}\n$/);

    expect((await fixture.hub(["tag", "create", "alice/refs", "v1.0"], asAlice)).code).toBe(2);
    expect((await fixture.hub(["tag", "delete", "alice/refs", "v1.0"], asAlice)).code).toBe(0);
    expect(await fixture.json(["tag", "list", "alice/refs"], asAlice)).toEqual([]);
    expect((await fixture.hub(["tag", "list", "alice/refs"], asAlice)).stdout).toBe("No tags.\n");
  });

  it("writes need a token and the right to write", async () => {
    expect((await fixture.hub(["tag", "create", "alice/refs", "v2"])).code).toBe(1);
    const asCarol = await fixture.hub(["tag", "create", "alice/refs", "v2"], { env: { HF_TOKEN: fixture.server.tokens.carol } });
    expect(asCarol.code).toBe(2);
  });
});
