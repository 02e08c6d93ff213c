import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliFixture, startCliFixture } from "./helpers.ts";

let fixture: CliFixture;
beforeAll(async () => {
  fixture = await startCliFixture();
});
afterAll(async () => fixture?.close());

describe("hub auth", () => {
  it("login --token validates with whoami, saves the token file (0600) and never prints the token", async () => {
    const token = fixture.server.tokens.alice;
    const run = await fixture.hub(["auth", "login", "--token", token]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Logged in as alice");
    expect(run.stdout + run.stderr).not.toContain(token);
    const path = join(fixture.env.HF_HOME!, "token");
    expect(await readFile(path, "utf8")).toBe(token);
    expect((await stat(path)).mode & 0o777).toBe(0o600);

    const user = await fixture.json(["auth", "whoami"]);
    expect(user).toMatchObject({ name: "alice", fullname: "Alice Example", auth: { role: "write" } });
    expect(user.orgs.map((org: { name: string }) => org.name)).toEqual(["acme"]);
    expect(JSON.stringify(user)).not.toContain(token);

    const logout = await fixture.hub(["auth", "logout"]);
    expect(logout.code).toBe(0);
    await expect(stat(path)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("login also writes the Python client's stored_tokens (0600, one INI section per name); logout removes entries", async () => {
    const stored = join(fixture.env.HF_HOME!, "stored_tokens");
    const alice = fixture.server.tokens.alice;
    const bob = fixture.server.tokens.bob;
    const first = await fixture.hub(["auth", "login", "--token", alice, "--token-name", "laptop"]);
    expect(first.code).toBe(0);
    expect(first.stdout + first.stderr).not.toContain(alice);
    expect(await readFile(stored, "utf8")).toBe(`[laptop]\nhf_token = ${alice}\n\n`);
    expect((await stat(stored)).mode & 0o777).toBe(0o600);
    // Without --token-name, the token's name on the Hub (whoami's auth.accessToken.displayName).
    const second = await fixture.json(["auth", "login", "--token", bob]);
    expect(second).toMatchObject({ name: "bob", tokenName: "bob-write", storedTokensPath: stored });
    expect(await readFile(stored, "utf8")).toBe(`[bob-write]\nhf_token = ${bob}\n\n[laptop]\nhf_token = ${alice}\n\n`);
    expect(await readFile(join(fixture.env.HF_HOME!, "token"), "utf8")).toBe(bob);

    // Logging out of a token that is not the active one keeps the active token.
    const one = await fixture.hub(["auth", "logout", "--token-name", "laptop"]);
    expect(one.code).toBe(0);
    expect(await readFile(stored, "utf8")).toBe(`[bob-write]\nhf_token = ${bob}\n\n`);
    expect(await readFile(join(fixture.env.HF_HOME!, "token"), "utf8")).toBe(bob);
    expect((await fixture.hub(["auth", "logout", "--token-name", "laptop"])).code).toBe(1);
    // Logging out of the active one removes the token file too.
    expect((await fixture.hub(["auth", "logout", "--token-name", "bob-write"])).code).toBe(0);
    expect(await readFile(stored, "utf8")).toBe("");
    await expect(stat(join(fixture.env.HF_HOME!, "token"))).rejects.toMatchObject({ code: "ENOENT" });

    // logout without a name removes every saved token, as the Python client.
    await fixture.hub(["auth", "login", "--token", alice]);
    expect((await fixture.hub(["auth", "logout"])).code).toBe(0);
    await expect(stat(stored)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("login reads the token from stdin and prints JSON with --json", async () => {
    const run = await fixture.hub(["auth", "login", "--json"], { input: `${fixture.server.tokens.bob}\n` });
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ name: "bob", role: "write", endpoint: fixture.server.url });
    expect(result.tokenPath).toBe(join(fixture.env.HF_HOME!, "token"));
    expect(await readFile(result.tokenPath, "utf8")).toBe(fixture.server.tokens.bob);
    await fixture.hub(["auth", "logout"]);
  });

  it("login --add-to-git-credential stores it in git's credential store for the endpoint; logout erases it", async () => {
    const token = fixture.server.tokens.carol;
    const run = await fixture.hub(["auth", "login", "--token", token, "--add-to-git-credential"]);
    expect(run.code).toBe(0);
    const store = join(fixture.home, ".git-credentials");
    const { hostname, port } = new URL(fixture.server.url);
    // git writes the stored URL with the port's colon percent-encoded.
    expect(await readFile(store, "utf8")).toMatch(new RegExp(`^http://hf_user:${token}@${hostname}(:|%3a)${port}\\n$`, "i"));
    expect((await fixture.hub(["auth", "logout"])).code).toBe(0);
    expect(await readFile(store, "utf8")).toBe("");
  });

  it("login with a token the Hub refuses exits 2, saves nothing and does not echo the token", async () => {
    const bad = "hf_this_token_does_not_exist_0123456789";
    const run = await fixture.hub(["auth", "login", "--token", bad]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^Error: .*run `hub auth login` or set HF_TOKEN/m);
    expect(run.stdout + run.stderr).not.toContain(bad);
    await expect(stat(join(fixture.env.HF_HOME!, "token"))).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("login without any token is a usage error (exit 1)", async () => {
    const run = await fixture.hub(["auth", "login"], { input: "\n" });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("No token given");
  });

  it("whoami without a token says how to log in and exits 1; HF_TOKEN and --token work", async () => {
    const missing = await fixture.hub(["auth", "whoami"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe("Error: Not logged in: run `hub auth login` or set HF_TOKEN (or pass --token).");
    expect(missing.stderr).not.toMatch(/\n\s+at /);

    const viaEnvironment = await fixture.json(["auth", "whoami"], { env: { HF_TOKEN: fixture.server.tokens.carol } });
    expect(viaEnvironment.name).toBe("carol");
    const viaFlag = await fixture.json(["--token", fixture.server.tokens.bob, "auth", "whoami"], {
      env: { HF_TOKEN: fixture.server.tokens.carol },
    });
    expect(viaFlag.name).toBe("bob");
    const plain = await fixture.hub(["auth", "whoami", "--token", fixture.server.tokens.aliceRead]);
    expect(plain.stdout).toMatch(/user:\s+alice/);
    expect(plain.stdout).toMatch(/token role:\s+read/);
  });

  it("--endpoint wins over HF_ENDPOINT", async () => {
    const run = await fixture.hub(["--endpoint", fixture.server.url, "auth", "whoami", "--json"], {
      env: { HF_ENDPOINT: "http://127.0.0.1:9", HF_TOKEN: fixture.server.tokens.alice },
    });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).name).toBe("alice");
  });

  it("--debug adds a stack trace, without the token", async () => {
    const bad = "hf_debug_token_refused_0123456789abcdef";
    const run = await fixture.hub(["--debug", "auth", "whoami", "--token", bad]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/\n\s+at /);
    expect(run.stderr).not.toContain(bad);
  });
});
