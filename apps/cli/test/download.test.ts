import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { createServer } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliFixture, commitFiles, startCliFixture } from "./helpers.ts";

let fixture: CliFixture;
let head: string;
const FILES = { "README.md": "# Downloadable\n", "config.json": '{"hidden_size": 8}\n', "sub/notes.txt": "notes\n" };
beforeAll(async () => {
  fixture = await startCliFixture();
  const asAlice = { env: { HF_TOKEN: fixture.server.tokens.alice } };
  await fixture.hub(["repo", "create", "alice/dl"], asAlice);
  await commitFiles(fixture, fixture.server.tokens.alice, "alice/dl", FILES);
  await fixture.hub(["tag", "create", "alice/dl", "v1"], asAlice);
  await commitFiles(fixture, fixture.server.tokens.alice, "alice/dl", { "README.md": "# Changed after v1\n" });
  head = (await fixture.json(["repo", "info", "alice/dl"])).sha;
});
afterAll(async () => fixture?.close());

async function tree(folder: string, prefix = ""): Promise<string[]> {
  const paths: string[] = [];
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    if (entry.name === ".cache" || entry.name === ".gitattributes") continue;
    if (entry.isDirectory()) paths.push(...(await tree(join(folder, entry.name), `${prefix}${entry.name}/`)));
    else paths.push(`${prefix}${entry.name}`);
  }
  return paths.sort();
}

describe("hub download", () => {
  it("downloads a snapshot into the Python cache layout under HF_HOME and prints its folder", async () => {
    const run = await fixture.hub(["download", "alice/dl"]);
    expect(run.code).toBe(0);
    const folder = run.stdout.trim();
    expect(folder).toBe(join(fixture.env.HF_HOME!, "hub", "models--alice--dl", "snapshots", head));
    expect(await tree(folder)).toEqual(["README.md", "config.json", "sub/notes.txt"]);
    expect(await readFile(join(folder, "README.md"), "utf8")).toBe("# Changed after v1\n");
    expect(await readFile(join(fixture.env.HF_HOME!, "hub", "models--alice--dl", "refs", "main"), "utf8")).toBe(head);
    expect(run.stderr).toMatch(/^Downloaded 4 file\(s\), [\d.]+ k?B transferred\n$/);

    // The second time everything is in the cache: nothing goes over the wire, and it says so.
    const again = await fixture.hub(["download", "alice/dl"]);
    expect(again).toMatchObject({ code: 0, stdout: run.stdout, stderr: "4 file(s) already cached, nothing transferred\n" });
    expect(await fixture.json(["download", "alice/dl"])).toEqual({ path: folder, files: 4, bytes: 0 });
  });

  it("downloads one file at a revision and prints its path; --json gives path, files and bytes transferred", async () => {
    const result = await fixture.json(["download", "alice/dl", "README.md", "--revision", "v1"]);
    expect(result).toEqual({
      path: expect.stringMatching(/models--alice--dl\/snapshots\/[0-9a-f]{40}\/README\.md$/),
      files: 1,
      bytes: "# Downloadable\n".length,
    });
    expect(await readFile(result.path, "utf8")).toBe("# Downloadable\n");
    expect(await fixture.json(["download", "alice/dl", "README.md", "--revision", "v1"])).toEqual({ ...result, bytes: 0 });

    const quiet = await fixture.hub(["download", "alice/dl", "config.json", "--quiet"]);
    expect(quiet).toMatchObject({ code: 0, stderr: "" });
    expect(await readFile(quiet.stdout.trim(), "utf8")).toBe(FILES["config.json"]);
  });

  it("a resumed partial download counts only the bytes that went over the wire", async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), "cli-resume-"));
    try {
      // Above the 1 MiB that small files are fetched whole in.
      const content = "0123456789".repeat(250_000);
      await fixture.hub(["repo", "create", "alice/resume"], { env: { HF_TOKEN: fixture.server.tokens.alice } });
      await commitFiles(fixture, fixture.server.tokens.alice, "alice/resume", { "resume.txt": content });
      const first = await fixture.json(["download", "alice/resume", "resume.txt", "--cache-dir", cacheDir]);
      expect(first.bytes).toBe(content.length);
      // What an interrupted run leaves: the first 1,000,000 bytes as `<etag>.incomplete`, no blob, no pointer.
      const blobs = join(cacheDir, "models--alice--resume", "blobs");
      const [etag] = await readdir(blobs);
      await rm(join(blobs, etag!));
      await rm(first.path);
      await writeFile(join(blobs, `${etag}.incomplete`), content.slice(0, 1_000_000));
      const resumed = await fixture.json(["download", "alice/resume", "resume.txt", "--cache-dir", cacheDir]);
      expect(resumed).toEqual({ path: first.path, files: 1, bytes: content.length - 1_000_000 });
      expect(await readFile(resumed.path, "utf8")).toBe(content);
    } finally {
      await rm(cacheDir, { recursive: true, force: true });
    }
  });

  it("--local-dir with --include/--exclude writes only the matching plain files", async () => {
    const target = join(fixture.home, "local");
    const run = await fixture.hub([
      "download",
      "alice/dl",
      "--local-dir",
      target,
      "--include",
      "*.json",
      "*.txt",
      "--exclude",
      "sub/*",
      "--json",
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ path: target, files: 1 });
    expect(await tree(target)).toEqual(["config.json"]);
  });

  it("a missing file, revision or repo is a Hub error (exit 2)", async () => {
    const file = await fixture.hub(["download", "alice/dl", "nope.bin"]);
    expect(file.code).toBe(2);
    expect(file.stderr).toMatch(/^Error: .*not found/im);
    expect((await fixture.hub(["download", "alice/dl", "--revision", "no-branch"])).code).toBe(2);
    expect((await fixture.hub(["download", "alice/ghost"])).code).toBe(2);
    expect((await fixture.hub(["download"])).code).toBe(1);
  });

  it("--offline (or HF_HUB_OFFLINE=1) answers from the cache without asking the Hub; a missing entry is exit 1", async () => {
    const online = (await fixture.hub(["download", "alice/dl"])).stdout;
    // No Hub at this endpoint: anything but the cache would fail.
    const unreachable = { env: { HF_ENDPOINT: "http://127.0.0.1:9" } };
    const offline = await fixture.hub(["download", "alice/dl", "--offline"], unreachable);
    expect(offline).toMatchObject({ code: 0, stdout: online });
    const file = await fixture.hub(["download", "alice/dl", "config.json", "--quiet"], {
      env: { ...unreachable.env, HF_HUB_OFFLINE: "1" },
    });
    expect(file.code).toBe(0);
    expect(await readFile(file.stdout.trim(), "utf8")).toBe(FILES["config.json"]);
    const missing = await fixture.hub(["download", "alice/never-downloaded", "--offline"], unreachable);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^Error: No cached snapshot of alice\/never-downloaded@main .*drop --offline \/ HF_HUB_OFFLINE\.\n$/);
  });

  it("a hostile Hub answer (a file path with ..) is refused: exit 2, nothing written outside the folder", async () => {
    // A server that lists one file named to climb out of --local-dir.
    const hostile = createServer((request, response) => {
      const url = request.url ?? "";
      const body = url.includes("/tree/")
        ? JSON.stringify([{ type: "file", path: "../escaped.txt", size: 2, oid: "b".repeat(40) }])
        : url.startsWith("/api/")
          ? JSON.stringify({ id: "evil/repo", sha: "c".repeat(40), siblings: [{ rfilename: "../escaped.txt", size: 2 }] })
          : "hi";
      response.writeHead(200, { "Content-Type": "application/json", "X-Repo-Commit": "c".repeat(40), ETag: '"x"' });
      response.end(body);
    });
    await new Promise<void>((resolve) => hostile.listen(0, "127.0.0.1", resolve));
    try {
      const endpoint = `http://127.0.0.1:${(hostile.address() as { port: number }).port}`;
      const target = join(fixture.home, "hostile", "local");
      const run = await fixture.hub(["download", "evil/repo", "--local-dir", target], { env: { HF_ENDPOINT: endpoint } });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(
        /^Error: Unsafe entry 0 \(path\) of the tree listing "\.\.\/escaped\.txt": must not contain "\." or "\.\." segments; nothing was written\. .*https\.\n$/,
      );
      expect(await readdir(join(fixture.home, "hostile")).catch(() => [])).not.toContain("escaped.txt");
    } finally {
      await new Promise((resolve) => hostile.close(resolve));
    }
  });

  it("a revision that cannot name a ref file is a usage error before any request (exit 1)", async () => {
    const run = await fixture.hub(["download", "alice/dl", "--revision", "../../outside"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^Error: Invalid revision: must not contain "\.\."\.\n$/);
  });
});
