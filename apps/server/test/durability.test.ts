import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile, mkdir } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSeedFile, TEST_TOKENS } from "../src/testing.ts";
import { file, header, lfsFile, startHarness, uploadLfsObject } from "./helpers.ts";

const CLI = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "cli.js");
let workDir: string;
beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), "hub-durability-"));
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

function git(cwd: string, args: string[], input?: string): string {
  return execFileSync("git", args, { cwd, input, encoding: "utf8" }).trim();
}

describe("git object ids", () => {
  it("match git hash-object and git write-tree", async () => {
    const hub = await startHarness();
    try {
      await hub.createRepo("alice/git");
      const files: Record<string, string> = { "README.md": "# title\n", "src/a.txt": "Hello, World!", "src/deep/b.txt": "b\n" };
      const big = Buffer.from("pretend this is large");
      const oid = await uploadLfsObject(hub, "alice/git", big);
      const commit = await hub.commit("alice/git", [
        header("files"),
        ...Object.entries(files).map(([path, text]) => file(path, text)),
        lfsFile("src/w.bin", oid, big.byteLength),
      ]);
      expect(commit.status).toBe(200);
      const entries = await (await hub.request("/api/models/alice/git/tree/main?recursive=1")).json();
      const byPath = Object.fromEntries(entries.map((entry: { path: string; oid: string }) => [entry.path, entry.oid]));

      const repoDir = join(workDir, "git-check");
      await mkdir(repoDir, { recursive: true });
      git(repoDir, ["init", "-q"]);
      const attributes = await (await hub.request("/alice/git/resolve/main/.gitattributes")).text();
      const pointer = await (await hub.request("/alice/git/raw/main/src/w.bin")).text();
      const all = { ...files, ".gitattributes": attributes, "src/w.bin": pointer };
      for (const [path, text] of Object.entries(all)) {
        await mkdir(dirname(join(repoDir, path)), { recursive: true });
        await writeFile(join(repoDir, path), text);
        expect(byPath[path]).toBe(git(repoDir, ["hash-object", path]));
      }
      expect(byPath["src/a.txt"]).toBe("b45ef6fec89518d314f546fd6c3025367b721684");
      git(repoDir, ["-c", "core.autocrlf=false", "add", "-A"]);
      git(repoDir, ["write-tree"]);
      expect(byPath.src).toBe(git(repoDir, ["rev-parse", `${git(repoDir, ["write-tree"])}:src`]));
      expect(byPath["src/deep"]).toBe(git(repoDir, ["rev-parse", `${git(repoDir, ["write-tree"])}:src/deep`]));
    } finally {
      await hub.close();
    }
  });
});

describe("persistence", () => {
  it("keeps repos, commits, refs and likes across a restart", async () => {
    const dataDir = join(workDir, "restart");
    const first = await startHarness({ dataDir });
    await first.createRepo("alice/persist");
    await first.commit("alice/persist", [header("keep"), file("kept.txt", "still here")]);
    await first.request("/api/models/alice/persist/branch/dev", { method: "POST", token: first.tokens.alice, json: {} });
    await first.request("/api/models/alice/persist/like", { method: "POST", token: first.tokens.bob });
    const before = await (await first.request("/api/models/alice/persist")).json();
    await first.close();

    const second = await startHarness({ dataDir });
    try {
      const after = await (await second.request("/api/models/alice/persist")).json();
      expect(after).toMatchObject({ sha: before.sha, likes: 1 });
      expect(await (await second.request("/alice/persist/resolve/dev/kept.txt")).text()).toBe("still here");
    } finally {
      await second.close();
    }
  });
});

interface Child {
  process: ChildProcess;
  url: string;
}

async function startCli(dataDir: string, seedFile: string): Promise<Child> {
  const child = spawn(process.execPath, [CLI, "--host", "127.0.0.1", "--port", "0", "--data", dataDir, "--seed", seedFile], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[^\s]+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.once("exit", (code) => reject(new Error(`CLI exited with ${code}`)));
  });
  return { process: child, url };
}

function killHard(child: Child): Promise<void> {
  return new Promise((resolve) => {
    child.process.once("exit", () => resolve());
    child.process.kill("SIGKILL");
  });
}

async function headOf(url: string): Promise<string> {
  return (await (await fetch(`${url}/api/models/alice/crash`, { headers: { Authorization: `Bearer ${TEST_TOKENS.alice}` } })).json()).sha;
}

/** Streams a big NDJSON commit; resolves once `stopAfterLines` lines are flushed to the socket (the request stays open). */
function streamCommit(url: string, lines: string[], stopAfterLines: number): Promise<void> {
  return new Promise((resolve) => {
    const request = httpRequest(`${url}/api/models/alice/crash/commit/main`, {
      method: "POST",
      headers: { Authorization: `Bearer ${TEST_TOKENS.alice}`, "Content-Type": "application/x-ndjson" },
    });
    request.on("error", () => {});
    let index = 0;
    const writeNext = () => {
      if (index === stopAfterLines) {
        resolve();
        return;
      }
      request.write(`${lines[index++]}\n`, writeNext);
    };
    writeNext();
  });
}

describe("kill -9 during a commit", () => {
  it("leaves the repo at its previous commit, consistent and writable after restart", async () => {
    const dataDir = join(workDir, "crash");
    const seedFile = await createSeedFile(join(workDir, "seed.json"));
    let child = await startCli(dataDir, seedFile);
    const created = await fetch(`${child.url}/api/repos/create`, {
      method: "POST",
      headers: { Authorization: `Bearer ${TEST_TOKENS.alice}`, "Content-Type": "application/json" },
      body: JSON.stringify({ name: "crash", organization: "alice" }),
    });
    expect(created.status).toBe(200);
    const base = await fetch(`${child.url}/api/models/alice/crash/commit/main`, {
      method: "POST",
      headers: { Authorization: `Bearer ${TEST_TOKENS.alice}`, "Content-Type": "application/x-ndjson" },
      body: [header("base"), file("base.txt", "base")].map((line) => JSON.stringify(line)).join("\n"),
    });
    expect(base.status).toBe(200);
    const before = await headOf(child.url);

    const chunk = Buffer.alloc(512 * 1024, 7);
    const lines = [
      JSON.stringify(header("huge")),
      ...Array.from({ length: 80 }, (_, index) => JSON.stringify(file(`part-${index}.bin`, chunk))),
    ];
    await streamCommit(child.url, lines, 60);
    await killHard(child);

    child = await startCli(dataDir, seedFile);
    try {
      expect(await headOf(child.url)).toBe(before);
      const tree = await (await fetch(`${child.url}/api/models/alice/crash/tree/main?recursive=1`)).json();
      expect(tree.map((entry: { path: string }) => entry.path).sort()).toEqual([".gitattributes", "base.txt"]);
      expect(await (await fetch(`${child.url}/alice/crash/resolve/main/base.txt`)).text()).toBe("base");
      const after = await fetch(`${child.url}/api/models/alice/crash/commit/main`, {
        method: "POST",
        headers: { Authorization: `Bearer ${TEST_TOKENS.alice}`, "Content-Type": "application/x-ndjson" },
        body: [header("after", { parentCommit: before }), file("after.txt", "ok")].map((line) => JSON.stringify(line)).join("\n"),
      });
      expect(after.status).toBe(200);
      const history = await (await fetch(`${child.url}/api/models/alice/crash/commits/main`)).json();
      expect(history.map((commit: { title: string }) => commit.title)).toEqual(["after", "base", "initial commit"]);
    } finally {
      await killHard(child);
    }
  });

  it("a SIGTERM closes the CLI cleanly", async () => {
    const child = await startCli(join(workDir, "sigterm"), await createSeedFile(join(workDir, "seed2.json")));
    const code = await new Promise<number | null>((resolve) => {
      child.process.once("exit", (exitCode) => resolve(exitCode));
      child.process.kill("SIGTERM");
    });
    expect(code).toBe(0);
  });
});
