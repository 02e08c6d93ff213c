import { HubValidationError } from "@hub/core";
import { mockFetch } from "@hub/core/testing";
import { describe, expect, it } from "vitest";
import { createRepo } from "./create-repo.ts";
import { downloadFile } from "./download-file.ts";
import { getPathsInfo } from "./get-paths-info.ts";
import { listRepoTree } from "./list-repo-tree.ts";
import { moveRepo } from "./move-repo.ts";
import { updateRepoSettings } from "./update-repo-settings.ts";

const hubUrl = "http://hub.test";
const failingFetch = mockFetch({});

describe("validation happens before any request", () => {
  it.each([
    ["createRepo with a bad id", () => createRepo({ repoId: "a--b", fetch: failingFetch, hubUrl })],
    ["createRepo of a Space without sdk", () => createRepo({ repoId: "a/b", repoType: "space", fetch: failingFetch, hubUrl })],
    [
      "createRepo with an unknown sdk",
      () => createRepo({ repoId: "a/b", repoType: "space", spaceSdk: "flask" as "gradio", fetch: failingFetch, hubUrl }),
    ],
    ["createRepo with hardware on a model", () => createRepo({ repoId: "a/b", spaceHardware: "t4-small", fetch: failingFetch, hubUrl })],
    ["moveRepo without namespace", () => moveRepo({ fromId: "a", toId: "b/c", fetch: failingFetch, hubUrl })],
    ["updateRepoSettings without a setting", () => updateRepoSettings({ repoId: "a/b", fetch: failingFetch, hubUrl })],
    ["downloadFile with ..", () => downloadFile({ repoId: "a/b", path: "../x", fetch: failingFetch, hubUrl })],
    [
      "downloadFile with a reversed range",
      () => downloadFile({ repoId: "a/b", path: "x", range: { start: 5, end: 1 }, fetch: failingFetch, hubUrl }),
    ],
  ])("%s", async (_name, call) => {
    await expect(call()).rejects.toBeInstanceOf(HubValidationError);
    expect(failingFetch.calls).toHaveLength(0);
  });
});

describe("request shapes", () => {
  it("createRepo sends the current body (visibility) and parses the returned url", async () => {
    const fetch = mockFetch({
      "POST /api/repos/create": async (request) => {
        expect(await request.json()).toEqual({
          name: "demo",
          organization: "acme",
          visibility: "private",
          type: "space",
          sdk: "gradio",
          hardware: "t4-small",
        });
        return Response.json({ url: `${hubUrl}/spaces/acme/demo`, name: "acme/demo" });
      },
    });
    const url = await createRepo({
      repoId: "acme/demo",
      repoType: "space",
      private: true,
      spaceSdk: "gradio",
      spaceHardware: "t4-small",
      fetch,
      hubUrl,
    });
    expect(url).toMatchObject({
      url: `${hubUrl}/spaces/acme/demo`,
      endpoint: hubUrl,
      namespace: "acme",
      repoId: "acme/demo",
      repoType: "space",
    });
  });

  it("getPathsInfo sends batches of at most 1000 paths as JSON", async () => {
    const sizes: number[] = [];
    const fetch = mockFetch({
      "POST /api/models/a/b/paths-info/main": async (request) => {
        expect(request.headers.get("content-type")).toBe("application/json");
        const body = (await request.json()) as { paths: string[] };
        sizes.push(body.paths.length);
        return Response.json(body.paths.slice(0, 1).map((path) => ({ type: "file", path, oid: "x", size: 1 })));
      },
    });
    const paths = Array.from({ length: 2500 }, (_, index) => `f${index}.txt`);
    const entries = await getPathsInfo({ repoId: "a/b", paths, fetch, hubUrl });
    expect(sizes).toEqual([1000, 1000, 500]);
    expect(entries.map((entry) => entry.path)).toEqual(["f0.txt", "f1000.txt", "f2000.txt"]);
  });

  it("listRepoTree encodes the revision and folder and follows Link pages lazily", async () => {
    const fetch = mockFetch({
      "GET /api/datasets/a/b/tree/refs%2Fpr%2F1/data/sub": (request) => {
        const url = new URL(request.url);
        if (url.searchParams.get("cursor") === "2") return Response.json([{ type: "directory", path: "data/sub/z", oid: "t" }]);
        expect(url.searchParams.get("recursive")).toBe("true");
        return Response.json(
          [{ type: "file", path: "data/sub/a", oid: "o", size: 3, lfs: { oid: "s".repeat(64), size: 3, pointerSize: 126 } }],
          {
            headers: { link: `<${hubUrl}/api/datasets/a/b/tree/refs%2Fpr%2F1/data/sub?recursive=true&cursor=2>; rel="next"` },
          },
        );
      },
    });
    const iterator = listRepoTree({
      repoId: "a/b",
      repoType: "dataset",
      revision: "refs/pr/1",
      pathInRepo: "data/sub",
      recursive: true,
      fetch,
      hubUrl,
    });
    const first = await iterator.next();
    expect(fetch.calls).toHaveLength(1);
    expect(first.value).toMatchObject({
      type: "file",
      path: "data/sub/a",
      blobId: "o",
      size: 3,
      lfs: { sha256: "s".repeat(64), size: 3, pointerSize: 126 },
    });
    const rest = [];
    for await (const entry of iterator) rest.push(entry);
    expect(rest).toMatchObject([{ type: "directory", path: "data/sub/z", treeId: "t" }]);
  });
});
