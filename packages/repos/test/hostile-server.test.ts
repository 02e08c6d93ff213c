import { createHash, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { HubValidationError } from "@hub/core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { UnsafePathError } from "../src/index.ts";
import { downloadFileToCacheDir, snapshotDownload } from "../src/node/index.ts";

// A server that answers like the Hub, except for one hostile value per scenario. Every download
// must fail with a typed error and leave nothing outside its folder.

const CONTENT = Buffer.from("hostile bytes\n");
const CONTENT_SHA1 = createHash("sha1").update(`blob ${CONTENT.byteLength}\0`).update(CONTENT).digest("hex");
const CONTENT_SHA256 = createHash("sha256").update(CONTENT).digest("hex");
const COMMIT = "c".repeat(40);
const REPO = "evil/repo";

/** What the server answers for the current scenario. */
interface Answers {
  /** `sha` of the repo info. */
  sha?: string | undefined;
  /** The revision's files, in `siblings` form: answered in the repo info and, as tree entries, in the recursive tree listing (which snapshots read). */
  siblings?: unknown[];
  /** Headers of a `resolve` answer (HEAD and GET). */
  fileHeaders?: Record<string, string>;
  /** Status of a `resolve` answer (404 sends `X-Error-Code: EntryNotFound`). */
  fileStatus?: number;
}

let server: Server;
let hubUrl: string;
let answers: Answers;
let requests: string[];
/** A fresh parent folder per test; the download target is `<parent>/target`, anything else there is an escape. */
let parent: string;
let target: string;
/** Names a hostile value points at; none may appear anywhere. */
let marker: string;

function regularSibling(path = "ok.txt"): Record<string, unknown> {
  return { rfilename: path, blobId: CONTENT_SHA1, size: CONTENT.byteLength };
}

/** A `siblings` item as the Hub's tree listing spells it (`path`, `oid`, `lfs.oid`). */
function treeEntry(sibling: unknown): Record<string, unknown> {
  const { rfilename, blobId, size, lfs } = sibling as {
    rfilename: string;
    blobId?: string;
    size: number;
    lfs?: { sha256: string; size: number };
  };
  return { type: "file", path: rfilename, oid: blobId, size, ...(lfs && { lfs: { oid: lfs.sha256, size: lfs.size, pointerSize: 134 } }) };
}

function fileHeaders(): Record<string, string> {
  return { "X-Repo-Commit": COMMIT, ETag: `"${CONTENT_SHA1}"`, "Content-Length": String(CONTENT.byteLength), "Accept-Ranges": "bytes" };
}

function answer(request: IncomingMessage, response: ServerResponse): void {
  const url = new URL(request.url ?? "/", "http://x");
  requests.push(`${request.method} ${url.pathname}`);
  if (url.pathname.startsWith(`/api/models/${REPO}/tree/`)) {
    response.writeHead(200, { "Content-Type": "application/json" });
    response.end(JSON.stringify((answers.siblings ?? []).map(treeEntry)));
    return;
  }
  if (url.pathname.startsWith(`/api/models/${REPO}`)) {
    response.writeHead(200, { "Content-Type": "application/json" });
    response.end(JSON.stringify({ id: REPO, sha: answers.sha, siblings: answers.siblings ?? [] }));
    return;
  }
  if (url.pathname.startsWith(`/${REPO}/resolve/`)) {
    const headers = answers.fileHeaders ?? fileHeaders();
    if (answers.fileStatus === 404) {
      response.writeHead(404, { ...headers, "X-Error-Code": "EntryNotFound", "Content-Type": "application/json" });
      response.end(request.method === "HEAD" ? undefined : JSON.stringify({ error: "Entry not found" }));
      return;
    }
    response.writeHead(200, { ...headers, "Content-Type": "application/octet-stream" });
    response.end(request.method === "HEAD" ? undefined : CONTENT);
    return;
  }
  response.writeHead(404, { "X-Error-Code": "RepoNotFound" });
  response.end();
}

beforeAll(async () => {
  server = createServer(answer);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address() as { port: number };
  hubUrl = `http://127.0.0.1:${address.port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(async () => {
  parent = await mkdtemp(join(tmpdir(), "hub-hostile-"));
  target = join(parent, "target");
  await mkdir(target);
  marker = `escaped-${randomBytes(4).toString("hex")}`;
  requests = [];
  answers = {};
});
afterEach(async () => {
  await rm(parent, { recursive: true, force: true });
});

/** Every path under `parent` that is not `target` or below it, plus the marker anywhere in the temp folder. */
async function escapes(): Promise<string[]> {
  const entries = await readdir(parent, { recursive: true });
  const outside = entries.filter((entry) => entry !== "target" && !entry.startsWith(`target${sep}`));
  const found = [marker, `${marker}.txt`].filter((name) => existsSync(join(tmpdir(), name)) || existsSync(join("/", name)));
  return [...outside, ...found].map((entry) => relative(parent, join(parent, entry)));
}

/** Runs a download that must fail with `errorClass`; returns the error. */
async function refused(download: () => Promise<unknown>, errorClass: typeof UnsafePathError | typeof HubValidationError): Promise<Error> {
  const error = await download().then(
    () => undefined,
    (caught: unknown) => caught as Error,
  );
  expect.soft(await escapes(), "written outside the target folder").toEqual([]);
  expect(error, "the download must fail with a typed error").toBeInstanceOf(errorClass);
  return error!;
}

const common = () => ({ hubUrl, repoId: REPO, accessToken: "hf_hostile_secret_token", retry: false as const });

// Folders between a snapshot pointer and `parent`: <parent>/target/models--evil--repo/snapshots/<commit>/.
const UP_FROM_SNAPSHOT = "../../../../";
// Between a blob and `parent`: <parent>/target/models--evil--repo/blobs/.
const UP_FROM_BLOBS = "../../../";

/** Hostile repo infos: each value lands in `parent` (or an absolute place) if trusted. */
const snapshotScenarios: Array<{ name: string; info: (mode: "cache" | "local") => Answers; field: RegExp }> = [
  {
    name: "sibling path with ..",
    info: (mode) => ({ sha: COMMIT, siblings: [regularSibling(`${mode === "cache" ? UP_FROM_SNAPSHOT : "../"}${marker}.txt`)] }),
    field: /entry 0 \(path\) of the tree listing/,
  },
  {
    name: "sibling path with .. after a folder",
    info: () => ({ sha: COMMIT, siblings: [regularSibling(`dir/../../../../../${marker}.txt`)] }),
    field: /\(path\) of the tree listing/,
  },
  {
    name: "absolute sibling path",
    info: () => ({ sha: COMMIT, siblings: [regularSibling(`${parent}/${marker}.txt`)] }),
    field: /\(path\) of the tree listing/,
  },
  {
    name: "backslash sibling path",
    info: () => ({ sha: COMMIT, siblings: [regularSibling(`..\\..\\..\\..\\${marker}.txt`)] }),
    field: /\(path\) of the tree listing/,
  },
  {
    name: "drive letter sibling path",
    info: () => ({ sha: COMMIT, siblings: [regularSibling(`C:/${marker}.txt`)] }),
    field: /\(path\) of the tree listing/,
  },
  {
    name: "NUL in a sibling path",
    info: () => ({ sha: COMMIT, siblings: [regularSibling(`${marker}\0.txt`)] }),
    field: /\(path\) of the tree listing/,
  },
  {
    name: "new line in a sibling path",
    info: () => ({ sha: COMMIT, siblings: [regularSibling(`${marker}\n.txt`)] }),
    field: /\(path\) of the tree listing/,
  },
  {
    name: ".git component (hooks) in a sibling path",
    info: () => ({ sha: COMMIT, siblings: [regularSibling(".git/hooks/post-checkout")] }),
    field: /\(path\) of the tree listing/,
  },
  {
    name: "empty segment in a sibling path",
    info: () => ({ sha: COMMIT, siblings: [regularSibling(`a//${marker}`)] }),
    field: /\(path\) of the tree listing/,
  },
  {
    name: "hostile sha (commit id)",
    info: () => ({ sha: `../../../${marker}`, siblings: [regularSibling()] }),
    field: /sha of the repo info/,
  },
  { name: "absolute sha", info: () => ({ sha: `${parent}/${marker}`, siblings: [regularSibling()] }), field: /sha of the repo info/ },
  {
    name: "hostile blobId",
    info: () => ({ sha: COMMIT, siblings: [{ ...regularSibling(), blobId: `${UP_FROM_BLOBS}${marker}` }] }),
    field: /entry 0 \(oid\) of the tree listing/,
  },
  {
    name: "hostile lfs.sha256",
    info: () => ({
      sha: COMMIT,
      siblings: [{ ...regularSibling("model.bin"), lfs: { sha256: `${UP_FROM_BLOBS}${marker}`, size: CONTENT.byteLength } }],
    }),
    field: /entry 0 \(lfs\.oid\) of the tree listing/,
  },
  {
    name: "hostile ETag when the listing has no blob ids",
    info: () => ({
      sha: COMMIT,
      siblings: [{ rfilename: "ok.txt", size: CONTENT.byteLength }],
      fileHeaders: { ...fileHeaders(), ETag: `"${UP_FROM_BLOBS}${marker}"` },
    }),
    field: /ETag/,
  },
];

describe.each(["cache", "local"] as const)("snapshotDownload against a hostile server (%s mode)", (mode) => {
  const folder = () => (mode === "cache" ? { cacheDir: target } : { localDir: target, cacheDir: join(target, "unused-cache") });

  it.each(snapshotScenarios)("refuses a $name", async ({ info, field }) => {
    answers = info(mode);
    const error = await refused(() => snapshotDownload({ ...common(), ...folder() }), UnsafePathError);
    expect(error.message).toMatch(field);
    expect(error.message).toMatch(/^Unsafe .*nothing was written$/s);
    expect(error.message).not.toContain("hf_hostile_secret_token");
    // Nothing was fetched for a refused listing: the check comes before any transfer.
    expect(requests.filter((request) => request.includes("/resolve/") && !request.startsWith("HEAD"))).toEqual([]);
  });

  it.each([`../../${"x"}`, "refs/../../x", "/etc", "main/", "a..b", ".hidden", "x.lock"])(
    "refuses the revision argument %j before any request",
    async (revision) => {
      answers = { sha: COMMIT, siblings: [regularSibling()] };
      const error = await refused(() => snapshotDownload({ ...common(), ...folder(), revision }), HubValidationError);
      expect((error as HubValidationError).field).toBe("revision");
      expect(requests).toEqual([]);
    },
  );

  it("still downloads a well-formed snapshot from the same server (the checks are not over-eager)", async () => {
    answers = { sha: COMMIT, siblings: [regularSibling("ok.txt"), regularSibling("dir/sub/é x.txt")] };
    const result = await snapshotDownload({ ...common(), ...folder() });
    expect(result.startsWith(target)).toBe(true);
    expect(await escapes()).toEqual([]);
  });

  it("skips hostile names that the patterns filter out (they are never written)", async () => {
    answers = { sha: COMMIT, siblings: [regularSibling("ok.txt"), regularSibling(`../../${marker}`)] };
    await snapshotDownload({ ...common(), ...folder(), allowPatterns: "ok.txt" });
    expect(await escapes()).toEqual([]);
  });
});

describe("downloadFileToCacheDir against a hostile server", () => {
  const headerScenarios: Array<{ name: string; headers: () => Record<string, string>; status?: number; field: RegExp }> = [
    { name: "ETag with ..", headers: () => ({ ...fileHeaders(), ETag: `"${UP_FROM_BLOBS}${marker}"` }), field: /ETag/ },
    { name: "weak ETag with ..", headers: () => ({ ...fileHeaders(), ETag: `W/"${UP_FROM_BLOBS}${marker}"` }), field: /ETag/ },
    { name: "absolute ETag", headers: () => ({ ...fileHeaders(), ETag: `"${parent}/${marker}"` }), field: /ETag/ },
    {
      name: "X-Linked-Etag with ..",
      headers: () => ({ ...fileHeaders(), "X-Linked-Etag": `"${UP_FROM_BLOBS}${marker}"`, "X-Linked-Size": "14" }),
      field: /ETag/,
    },
    { name: "X-Repo-Commit with ..", headers: () => ({ ...fileHeaders(), "X-Repo-Commit": `../../../${marker}` }), field: /X-Repo-Commit/ },
    {
      name: "absolute X-Repo-Commit",
      headers: () => ({ ...fileHeaders(), "X-Repo-Commit": `${parent}/${marker}` }),
      field: /X-Repo-Commit/,
    },
    {
      name: "X-Repo-Commit with .. on a 404 (the .no_exist marker)",
      headers: () => ({ "X-Repo-Commit": `../../../${marker}` }),
      status: 404,
      field: /commit id/,
    },
  ];

  it.each(headerScenarios)("refuses a $name", async ({ headers, status, field }) => {
    answers = { fileHeaders: headers(), fileStatus: status };
    const error = await refused(() => downloadFileToCacheDir({ ...common(), cacheDir: target, path: "ok.txt" }), UnsafePathError);
    expect(error.message).toMatch(field);
    expect(requests.filter((request) => request.startsWith("GET"))).toEqual([]);
  });

  it.each(["../../x", "refs/../../x", "/abs", "a..b", "main.lock"])(
    "refuses the revision argument %j before any request",
    async (revision) => {
      const error = await refused(
        () => downloadFileToCacheDir({ ...common(), cacheDir: target, path: "ok.txt", revision }),
        HubValidationError,
      );
      expect((error as HubValidationError).field).toBe("revision");
      expect(requests).toEqual([]);
    },
  );

  it.each(["../x", "/abs", "a\\b", "a\0b", "a\nb", ".git/config"])("refuses the path argument %j before any request", async (path) => {
    await refused(() => downloadFileToCacheDir({ ...common(), cacheDir: target, path }), HubValidationError);
    expect(requests).toEqual([]);
  });

  it("downloads a well-formed file, LFS ETag included, from the same server", async () => {
    answers = { fileHeaders: { ...fileHeaders(), "X-Linked-Etag": `"${CONTENT_SHA256}"`, "X-Linked-Size": String(CONTENT.byteLength) } };
    const pointer = await downloadFileToCacheDir({ ...common(), cacheDir: target, path: "dir/ok.txt", revision: "refs/pr/1" });
    expect(pointer).toBe(join(target, "models--evil--repo", "snapshots", COMMIT, "dir", "ok.txt"));
    expect(existsSync(join(target, "models--evil--repo", "refs", "refs", "pr", "1"))).toBe(true);
    expect(await escapes()).toEqual([]);
  });
});
