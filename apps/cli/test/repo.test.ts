import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_PATH, type CliFixture, startCliFixture } from "./helpers.ts";

let fixture: CliFixture;
let asAlice: { env: NodeJS.ProcessEnv };
beforeAll(async () => {
  fixture = await startCliFixture();
  asAlice = { env: { HF_TOKEN: fixture.server.tokens.alice } };
});
afterAll(async () => fixture?.close());

describe("hub repo", () => {
  it("create prints the URL; --json gives a stable object; info reads it back", async () => {
    const run = await fixture.hub(["repo", "create", "alice/first"], asAlice);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`Created model alice/first: ${fixture.server.url}/alice/first\n`);

    const created = await fixture.json(["repo", "create", "acme/data", "--repo-type", "dataset", "--private"], asAlice);
    expect(created).toEqual({
      url: `${fixture.server.url}/datasets/acme/data`,
      repoId: "acme/data",
      repoType: "dataset",
      namespace: "acme",
      endpoint: fixture.server.url,
    });

    const info = await fixture.json(["repo", "info", "acme/data", "--repo-type", "dataset"], asAlice);
    expect(info).toMatchObject({ id: "acme/data", repoType: "dataset", private: true });
    expect(info.sha).toMatch(/^[0-9a-f]{40}$/);
    expect(info).not.toHaveProperty("raw");
    expect(new Date(info.lastModified).toISOString()).toBe(info.lastModified);

    const text = await fixture.hub(["repo", "info", "alice/first"], asAlice);
    expect(text.stdout).toMatch(/^id:\s+alice\/first$/m);
    expect(text.stdout).toMatch(/^type:\s+model$/m);
  });

  it("a second create is a conflict (exit 2) unless --exist-ok", async () => {
    await fixture.hub(["repo", "create", "alice/twice"], asAlice);
    const again = await fixture.hub(["repo", "create", "alice/twice"], asAlice);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/^Error: .*(409|exists).*--exist-ok/m);
    const ok = await fixture.hub(["repo", "create", "alice/twice", "--exist-ok"], asAlice);
    expect(ok.code).toBe(0);
  });

  it("settings toggles visibility; a private repo is not found for others (exit 2 with advice)", async () => {
    await fixture.hub(["repo", "create", "alice/secret"], asAlice);
    expect((await fixture.hub(["repo", "settings", "alice/secret", "--private"], asAlice)).code).toBe(0);
    expect((await fixture.json(["repo", "info", "alice/secret"], asAlice)).private).toBe(true);

    const asBob = await fixture.hub(["repo", "info", "alice/secret"], { env: { HF_TOKEN: fixture.server.tokens.bob } });
    expect(asBob.code).toBe(2);
    expect(asBob.stderr).toMatch(/^Error: Repository not found.*Check the repo id and --repo-type/m);

    expect((await fixture.hub(["repo", "settings", "alice/secret", "--public"], asAlice)).code).toBe(0);
    expect((await fixture.json(["repo", "info", "alice/secret"], { env: { HF_TOKEN: fixture.server.tokens.bob } })).private).toBe(false);

    const nothing = await fixture.hub(["repo", "settings", "alice/secret"], asAlice);
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toContain("Nothing to change");
    const both = await fixture.hub(["repo", "settings", "alice/secret", "--private", "--public"], asAlice);
    expect(both.code).toBe(1);
  });

  it("move renames; delete removes (then info exits 2); delete --missing-ok succeeds", async () => {
    await fixture.hub(["repo", "create", "alice/old-name"], asAlice);
    expect((await fixture.hub(["repo", "move", "alice/old-name", "alice/new-name"], asAlice)).code).toBe(0);
    expect((await fixture.json(["repo", "info", "alice/new-name"], asAlice)).id).toBe("alice/new-name");

    const removed = await fixture.hub(["repo", "delete", "alice/new-name", "--yes"], asAlice);
    expect(removed).toMatchObject({ code: 0, stdout: "Deleted alice/new-name.\n" });
    expect((await fixture.hub(["repo", "info", "alice/new-name"], asAlice)).code).toBe(2);
    const missing = await fixture.hub(["repo", "delete", "alice/new-name", "-y"], asAlice);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/not found/i);
    expect((await fixture.hub(["repo", "delete", "alice/new-name", "--missing-ok", "--yes"], asAlice)).code).toBe(0);
  });

  it("delete without a terminal and without --yes refuses (exit 2) and deletes nothing", async () => {
    await fixture.hub(["repo", "create", "alice/keep-me"], asAlice);
    const refused = await fixture.hub(["repo", "delete", "alice/keep-me"], { ...asAlice, input: "y\n" });
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe("");
    expect(refused.stderr).toBe("Error: Not deleted: alice/keep-me: no terminal to confirm on; pass --yes to confirm.\n");
    expect((await fixture.json(["repo", "info", "alice/keep-me"], asAlice)).id).toBe("alice/keep-me");
  });

  it("delete on a terminal asks, and deletes only on yes", async () => {
    await fixture.hub(["repo", "create", "alice/ask-me", "--repo-type", "dataset"], asAlice);
    const declined = await answerInTerminal(
      ["repo", "delete", "alice/ask-me", "--repo-type", "dataset"],
      { ...fixture.env, ...asAlice.env },
      "n",
    );
    expect(declined.output).toContain("Delete dataset alice/ask-me? This cannot be undone. [y/N] ");
    expect(declined.output).toContain("Not deleted: alice/ask-me: not confirmed.");
    expect(declined.code).toBe(2);
    expect((await fixture.json(["repo", "info", "alice/ask-me", "--repo-type", "dataset"], asAlice)).id).toBe("alice/ask-me");

    const accepted = await answerInTerminal(
      ["repo", "delete", "alice/ask-me", "--repo-type", "dataset"],
      { ...fixture.env, ...asAlice.env },
      "y",
    );
    expect(accepted.code).toBe(0);
    expect(accepted.output).toContain("Deleted alice/ask-me.");
    expect((await fixture.hub(["repo", "info", "alice/ask-me", "--repo-type", "dataset"], asAlice)).code).toBe(2);
  });

  it("ls lists the files of a repo (JSON entries with sizes)", async () => {
    await fixture.hub(["repo", "create", "alice/listed"], asAlice);
    const entries = await fixture.json(["repo", "ls", "alice/listed"], asAlice);
    expect(Array.isArray(entries)).toBe(true);
    for (const entry of entries)
      expect(entry).toMatchObject({ type: expect.stringMatching(/^(file|directory)$/), path: expect.any(String) });
    const text = await fixture.hub(["repo", "ls", "alice/listed"], asAlice);
    expect(text.code).toBe(0);
    expect(text.stdout.split("\n")[0]).toMatch(entries.length === 0 ? /^No files\.$/ : /^PATH\s+SIZE\s+LFS$/);
  });

  it("usage errors exit 1: bad repo id, unknown option, bad --repo-type, missing argument; writes without token say how to log in", async () => {
    const badId = await fixture.hub(["repo", "info", "alice/bad--name"], asAlice);
    expect(badId.code).toBe(1);
    expect(badId.stderr).toMatch(/^Error: Invalid repoId/m);
    expect((await fixture.hub(["repo", "info", "alice/x", "--nope"], asAlice)).code).toBe(1);
    const badType = await fixture.hub(["repo", "info", "alice/x", "--repo-type", "kernel"], asAlice);
    expect(badType.code).toBe(1);
    expect(badType.stderr).toContain("Allowed choices are model, dataset, space");
    expect((await fixture.hub(["repo", "create"], asAlice)).code).toBe(1);
    const noToken = await fixture.hub(["repo", "create", "alice/anonymous"]);
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toContain("run `hub auth login` or set HF_TOKEN");
    expect((await fixture.hub(["nonsense"])).code).toBe(1);
    expect((await fixture.hub(["--help"])).code).toBe(0);
  });
});

/** Runs the CLI in a pseudo-terminal (util-linux `script`) and types `answer` once it asks [y/N]. */
function answerInTerminal(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  answer: string,
): Promise<{ code: number | null; output: string }> {
  const command = [process.execPath, CLI_PATH, ...args].map((part) => `'${part.replace(/'/g, "'\\''")}'`).join(" ");
  return new Promise((resolvePromise, reject) => {
    const child = spawn("script", ["-qfec", command, "/dev/null"], { env, stdio: ["pipe", "pipe", "pipe"] });
    let output = "";
    let answered = false;
    const collect = (chunk: string) => {
      output += chunk;
      if (!answered && output.includes("[y/N] ")) {
        answered = true;
        child.stdin.write(`${answer}\n`);
      }
    };
    child.stdout.setEncoding("utf8").on("data", collect);
    child.stderr.setEncoding("utf8").on("data", collect);
    child.once("error", reject);
    child.once("close", (code) => resolvePromise({ code, output }));
  });
}
