import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliFixture, startCliFixture } from "./helpers.ts";

let fixture: CliFixture;
let asAlice: { env: NodeJS.ProcessEnv };
let folder: string;
const LFS_BYTES = 12 * 1024 * 1024;

beforeAll(async () => {
  fixture = await startCliFixture();
  asAlice = { env: { HF_TOKEN: fixture.server.tokens.alice } };
  folder = join(fixture.home, "model");
  await mkdir(join(folder, "weights"), { recursive: true });
  await writeFile(join(folder, "README.md"), "# Uploaded\n");
  await writeFile(join(folder, "config.json"), '{"a": 1}\n');
  await writeFile(join(folder, "scratch.tmp"), "temporary\n");
  await writeFile(join(folder, "weights", "model.bin"), randomBytes(LFS_BYTES));
});
afterAll(async () => fixture?.close());

async function repoFiles(repoId: string, revision?: string): Promise<Record<string, { size: number; lfs: boolean }>> {
  const entries = await fixture.json(["repo", "ls", repoId, ...(revision ? ["--revision", revision] : [])]);
  return Object.fromEntries(
    entries
      .filter((entry: { type: string }) => entry.type === "file")
      .map((entry: { path: string; size: number; lfs?: unknown }) => [entry.path, { size: entry.size, lfs: entry.lfs !== undefined }]),
  );
}

async function raw(repoId: string, path: string, revision = "main"): Promise<string> {
  const response = await fetch(`${fixture.server.url}/${repoId}/resolve/${encodeURIComponent(revision)}/${path}`);
  return response.text();
}

describe("hub upload", () => {
  it("uploads a folder (LFS for the large file) with --exclude, prints the tree URL, --json gives the commit", async () => {
    await fixture.hub(["repo", "create", "alice/up"], asAlice);
    const run = await fixture.hub(
      ["upload", "alice/up", folder, "--exclude", "*.tmp", "--commit-message", "First upload", "--json"],
      asAlice,
    );
    expect(run.stderr).toBe("");
    const result = JSON.parse(run.stdout);
    expect(result.url).toMatch(new RegExp(`^${fixture.server.url}/alice/up/tree/main`));
    expect(result.commit).toMatchObject({
      oid: expect.stringMatching(/^[0-9a-f]{40}$/),
      commitUrl: expect.stringContaining("/alice/up/commit/"),
    });
    const files = await repoFiles("alice/up");
    expect(files["weights/model.bin"]).toEqual({ size: LFS_BYTES, lfs: true });
    expect(files["README.md"]).toEqual({ size: 11, lfs: false });
    expect(files).not.toHaveProperty("scratch.tmp");
    expect((await fixture.json(["repo", "info", "alice/up"])).sha).toBe(result.commit.oid);
  });

  it("uploads one file under a new name, and a folder into a sub-folder with --include", async () => {
    const single = await fixture.hub(["upload", "alice/up", join(folder, "config.json"), "configs/base.json"], asAlice);
    expect(single.code).toBe(0);
    expect(single.stdout.trim()).toMatch(/\/alice\/up\/blob\/main\/configs\/base\.json$/);
    expect(await raw("alice/up", "configs/base.json")).toBe('{"a": 1}\n');

    const included = await fixture.hub(["upload", "alice/up", folder, "copy", "--include", "*.md", "--quiet"], asAlice);
    expect(included).toMatchObject({ code: 0, stderr: "" });
    const files = await repoFiles("alice/up");
    expect(Object.keys(files).filter((path) => path.startsWith("copy/"))).toEqual(["copy/README.md"]);
  });

  it("--delete removes remote files matching a pattern in the same commit; --revision commits to a branch", async () => {
    await fixture.hub(["branch", "create", "alice/up", "dev"], asAlice);
    const run = await fixture.hub(
      ["upload", "alice/up", folder, "--include", "README.md", "--delete", "copy/*", "--revision", "dev"],
      asAlice,
    );
    expect(run.code).toBe(0);
    expect(Object.keys(await repoFiles("alice/up", "dev")).some((path) => path.startsWith("copy/"))).toBe(false);
    expect(Object.keys(await repoFiles("alice/up")).some((path) => path.startsWith("copy/"))).toBe(true);
  });

  it("--create-pr opens a pull request instead of changing main", async () => {
    const card = join(fixture.home, "card.md");
    await writeFile(card, "# Better card\n");
    const result = JSON.parse((await fixture.hub(["upload", "alice/up", card, "README.md", "--create-pr", "--json"], asAlice)).stdout);
    expect(result.commit.prNum).toBeGreaterThan(0);
    expect(result.commit.prUrl).toContain(`/alice/up/discussions/${result.commit.prNum}`);
    expect(await raw("alice/up", "README.md")).toBe("# Uploaded\n");
    expect(await raw("alice/up", "README.md", `refs/pr/${result.commit.prNum}`)).toBe("# Better card\n");
    const pr = await fixture.json(["discussions", "show", "alice/up", String(result.commit.prNum)]);
    expect(pr).toMatchObject({ isPullRequest: true, status: "open" });
    const text = await fixture.hub(["upload", "alice/up", card, "README.md", "--create-pr"], asAlice);
    expect(text.stderr).toBe("Uploaded 14 B\n");
    expect(text.stdout).toMatch(new RegExp(`^${fixture.server.url}/alice/up/discussions/\\d+\\n$`));
  });

  it("errors: missing local path and patterns on a file are usage errors; a missing repo or no right is a Hub error", async () => {
    const missing = await fixture.hub(["upload", "alice/up", join(folder, "nope")], asAlice);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^Error: No such file or folder: /);
    expect((await fixture.hub(["upload", "alice/up", join(folder, "README.md"), "--include", "*.md"], asAlice)).code).toBe(1);
    expect((await fixture.hub(["upload", "alice/up", folder])).code).toBe(1);
    expect((await fixture.hub(["upload", "alice/ghost", join(folder, "README.md")], asAlice)).code).toBe(2);
    expect(
      (await fixture.hub(["upload", "alice/up", join(folder, "README.md")], { env: { HF_TOKEN: fixture.server.tokens.carol } })).code,
    ).toBe(2);
    const badPath = await fixture.hub(["upload", "alice/up", join(folder, "README.md"), "../escape.md"], asAlice);
    expect(badPath.code).toBe(1);
  });
});
