import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestServer } from "@hub/server/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCommit, type CommitProgressEvent } from "../src/index.ts";
import { uploadFolder } from "../src/node/index.ts";
import { type AliceOptions, binaryBytes, createTestRepo, headOf, recordingFetch, remoteText, startAliceServer } from "./helpers.ts";

let hub: TestServer;
let alice: AliceOptions;
let folder: string;

beforeAll(async () => {
  ({ hub, alice } = await startAliceServer());
  folder = await mkdtemp(join(tmpdir(), "commits-unchanged-"));
  await mkdir(join(folder, "weights"), { recursive: true });
  await writeFile(join(folder, "README.md"), "# unchanged\n");
  await writeFile(join(folder, "config.json"), '{"layers":12}');
  await writeFile(join(folder, "weights", "model.bin"), binaryBytes(200_000, 9));
  await writeFile(join(folder, "empty.txt"), "");
});
afterAll(async () => {
  await hub.close();
  await rm(folder, { recursive: true, force: true });
});

/** A fetch that records requests and keeps the text of commit bodies. */
function watchingFetch(): ReturnType<typeof recordingFetch> & { commitBodies: string[] } {
  const commitBodies: string[] = [];
  const inner = recordingFetch();
  const watching = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    if (!request.url.includes("/commit/")) return inner(request);
    const body = await request.text();
    commitBodies.push(body);
    return inner(request.url, { method: request.method, headers: request.headers, body });
  };
  return Object.assign(watching, { requests: inner.requests, commitBodies }) as typeof fetch & {
    requests: typeof inner.requests;
    commitBodies: string[];
  };
}

describe("unchanged files (as the Python client: remote oid from the preupload)", () => {
  it("re-uploading an unchanged folder sends no content and makes no commit; the answer is the current head", async () => {
    await createTestRepo(hub, "same-folder");
    const first = await uploadFolder({ ...alice, repoId: "alice/same-folder", folderPath: folder });
    const fetch = watchingFetch();
    const events: CommitProgressEvent[] = [];
    const again = await uploadFolder({
      ...alice,
      fetch,
      repoId: "alice/same-folder",
      folderPath: folder,
      onProgress: (event) => events.push(event),
    });

    expect(again.commit).toMatchObject({
      oid: first.commit.oid,
      skipped: true,
      commitUrl: `${hub.url}/alice/same-folder/commit/${first.commit.oid}`,
    });
    expect(await headOf(hub, "models/alice/same-folder")).toBe(first.commit.oid);
    const paths = fetch.requests.map((request) => new URL(request.url).pathname);
    expect(paths.every((path) => path.includes("/preupload/"))).toBe(true);
    expect(fetch.requests.reduce((sum, request) => sum + (request.url.includes("/preupload/") ? 0 : request.sent), 0)).toBe(0);
    const uploading = events.filter((event) => event.phase === "uploading");
    expect(new Set(uploading.map((event) => event.path))).toEqual(new Set(["README.md", "config.json", "weights/model.bin", "empty.txt"]));
    expect(uploading.every((event) => event.skipped === true && event.step === "skipUnchanged")).toBe(true);
  });

  it("commits only what changed, and still commits when a delete remains", async () => {
    await createTestRepo(hub, "partly");
    await createCommit({
      ...alice,
      repoId: "alice/partly",
      commitMessage: "base",
      operations: [
        { operation: "add", pathInRepo: "a.txt", content: new Blob(["same"]) },
        { operation: "add", pathInRepo: "b.txt", content: new Blob(["before"]) },
        { operation: "add", pathInRepo: "w.bin", content: binaryBytes(50_000, 3) },
        { operation: "add", pathInRepo: "old.txt", content: new Blob(["old"]) },
      ],
    });
    const fetch = watchingFetch();
    const changed = await createCommit({
      ...alice,
      fetch,
      repoId: "alice/partly",
      commitMessage: "one change",
      operations: [
        { operation: "add", pathInRepo: "a.txt", content: new Blob(["same"]) },
        { operation: "add", pathInRepo: "b.txt", content: new Blob(["after"]) },
        { operation: "add", pathInRepo: "w.bin", content: binaryBytes(50_000, 3) },
      ],
    });
    expect(changed.skipped).toBeUndefined();
    const lines = fetch.commitBodies[0]!.trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { key: string; value: { path?: string } });
    expect(lines.map((line) => line.key)).toEqual(["header", "file"]);
    expect(lines[1]!.value.path).toBe("b.txt");
    expect(fetch.requests.some((request) => request.url.includes("/info/lfs/"))).toBe(false);
    expect(await remoteText(hub, "alice/partly", "main", "b.txt")).toBe("after");

    // Every add unchanged, but a delete: the commit happens, with the delete only.
    const withDelete = watchingFetch();
    const deleted = await createCommit({
      ...alice,
      fetch: withDelete,
      repoId: "alice/partly",
      commitMessage: "delete only",
      operations: [
        { operation: "add", pathInRepo: "a.txt", content: new Blob(["same"]) },
        { operation: "delete", pathInRepo: "old.txt" },
      ],
    });
    expect(deleted.oid).not.toBe(changed.oid);
    expect(
      withDelete.commitBodies[0]!.trim()
        .split("\n")
        .map((line) => (JSON.parse(line) as { key: string }).key),
    ).toEqual(["header", "deletedFile"]);
    expect(await remoteText(hub, "alice/partly", "main", "old.txt")).toBeUndefined();
  });
});
