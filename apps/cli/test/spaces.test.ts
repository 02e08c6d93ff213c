import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliFixture, startCliFixture } from "./helpers.ts";

let fixture: CliFixture;
let asAlice: { env: NodeJS.ProcessEnv };
beforeAll(async () => {
  fixture = await startCliFixture();
  asAlice = { env: { HF_TOKEN: fixture.server.tokens.alice } };
  const created = await fixture.hub(["repo", "create", "alice/app", "--repo-type", "space", "--space-sdk", "gradio"], asAlice);
  if (created.code !== 0) throw new Error(created.stderr);
});
afterAll(async () => fixture?.close());

describe("hub spaces", () => {
  it("runtime shows the stage and hardware", async () => {
    const runtime = await fixture.json(["spaces", "runtime", "alice/app"], asAlice);
    expect(runtime).toMatchObject({ stage: expect.any(String), hardware: { current: expect.anything(), requested: expect.anything() } });
    expect(runtime).not.toHaveProperty("raw");
    const text = await fixture.hub(["spaces", "runtime", "alice/app"], asAlice);
    expect(text.stdout).toMatch(/^stage:\s+\S+/m);
  });

  it("hardware requests a flavor; pause and restart change the stage", async () => {
    const requested = await fixture.json(["spaces", "hardware", "alice/app", "t4-small"], asAlice);
    expect(requested.hardware.requested).toBe("t4-small");
    expect((await fixture.json(["spaces", "pause", "alice/app"], asAlice)).stage).toBe("PAUSED");
    expect((await fixture.json(["spaces", "restart", "alice/app"], asAlice)).stage).not.toBe("PAUSED");
    const noFlavor = await fixture.hub(["spaces", "hardware", "alice/app"], asAlice);
    expect(noFlavor.code).toBe(1);
    expect(noFlavor.stderr).toContain("missing required argument 'flavor'");
  });

  it("secret set (value from stdin) and delete; the value is never printed", async () => {
    const set = await fixture.hub(["spaces", "secret", "set", "alice/app", "API_KEY"], { ...asAlice, input: "s3cr3t-value\n" });
    expect(set).toMatchObject({ code: 0, stdout: "Secret API_KEY set on alice/app.\n" });
    expect(set.stdout + set.stderr).not.toContain("s3cr3t-value");
    expect((await fixture.hub(["spaces", "secret", "delete", "alice/app", "API_KEY"], asAlice)).code).toBe(0);
    const badKey = await fixture.hub(["spaces", "secret", "set", "alice/app", "1-bad key", "x"], asAlice);
    expect(badKey.code).toBe(1);
    expect(badKey.stderr).toMatch(/^Error: Invalid key/m);
  });

  it("variable set and delete print every variable", async () => {
    const variables = await fixture.json(
      ["spaces", "variable", "set", "alice/app", "MODEL", "alice/tiny", "--description", "which model"],
      asAlice,
    );
    expect(variables.MODEL).toMatchObject({ key: "MODEL", value: "alice/tiny", description: "which model" });
    const table = await fixture.hub(["spaces", "variable", "set", "alice/app", "THREADS", "4"], asAlice);
    expect(table.stdout).toMatch(/^KEY\s+VALUE\n(MODEL\s+alice\/tiny\nTHREADS\s+4|THREADS\s+4\nMODEL\s+alice\/tiny)\n$/);
    const remaining = await fixture.json(["spaces", "variable", "delete", "alice/app", "MODEL"], asAlice);
    expect(Object.keys(remaining)).toEqual(["THREADS"]);
  });

  it("writes need a token (exit 1); someone else's Space is refused (exit 2)", async () => {
    expect((await fixture.hub(["spaces", "pause", "alice/app"])).code).toBe(1);
    expect((await fixture.hub(["spaces", "pause", "alice/app"], { env: { HF_TOKEN: fixture.server.tokens.carol } })).code).toBe(2);
    expect((await fixture.hub(["spaces", "runtime", "alice/missing"], asAlice)).code).toBe(2);
  });
});
