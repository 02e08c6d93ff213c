import { describe, expect, it } from "vitest";
import { repoCacheFolderName, repoTypeCacheFolderPrefix, repoTypePlural, repoTypeUrlPrefix } from "../repo-type.ts";
import { encodePathInRepo, encodeRevision } from "./encode.ts";
import { lfsBatchPath, rawPath, repoApiPath, repoWebPath, resolvePath } from "./repo-paths.ts";
import { blobUrl, commitUrl, discussionUrl, repoUrl, treeUrl } from "./web-urls.ts";

describe("URL builders (protocol 1.2-1.3)", () => {
  it.each([
    [undefined, "/api/models/ns/name", "/ns/name"],
    ["model", "/api/models/ns/name", "/ns/name"],
    ["dataset", "/api/datasets/ns/name", "/datasets/ns/name"],
    ["space", "/api/spaces/ns/name", "/spaces/ns/name"],
  ] as const)("repo paths for %s", (type, api, web) => {
    expect(repoApiPath(type, "ns/name")).toBe(api);
    expect(repoWebPath(type, "ns/name")).toBe(web);
  });

  it("encodes the revision as one segment and the path segment by segment", () => {
    expect(encodeRevision("refs/pr/1")).toBe("refs%2Fpr%2F1");
    expect(encodePathInRepo("dir with space/a#b?.txt")).toBe("dir%20with%20space/a%23b%3F.txt");
    expect(resolvePath({ repoId: "ns/name", repoType: "dataset", revision: "refs/pr/1", path: "data/a b.csv" })).toBe(
      "/datasets/ns/name/resolve/refs%2Fpr%2F1/data/a%20b.csv",
    );
    expect(resolvePath({ repoId: "gpt2", path: "config.json" })).toBe("/gpt2/resolve/main/config.json");
    expect(rawPath({ repoId: "ns/name", repoType: "space", revision: "v1", path: "app.py" })).toBe("/spaces/ns/name/raw/v1/app.py");
    expect(lfsBatchPath("dataset", "ns/name")).toBe("/datasets/ns/name.git/info/lfs/objects/batch");
    expect(lfsBatchPath(undefined, "ns/name")).toBe("/ns/name.git/info/lfs/objects/batch");
  });

  it("builds web URLs", () => {
    const repo = { repoId: "ns/name", repoType: "dataset" as const, hubUrl: "http://127.0.0.1:9/" };
    expect(repoUrl(repo)).toBe("http://127.0.0.1:9/datasets/ns/name");
    expect(blobUrl({ ...repo, path: "a/b.txt" })).toBe("http://127.0.0.1:9/datasets/ns/name/blob/main/a/b.txt");
    expect(treeUrl({ ...repo, revision: "refs/pr/2" })).toBe("http://127.0.0.1:9/datasets/ns/name/tree/refs%2Fpr%2F2");
    expect(commitUrl({ repoId: "ns/name", commitId: "abc" })).toBe("https://huggingface.co/ns/name/commit/abc");
    expect(discussionUrl({ repoId: "ns/name", repoType: "space", discussionNumber: 3 })).toBe(
      "https://huggingface.co/spaces/ns/name/discussions/3",
    );
  });

  it("knows plurals, URL prefixes and cache folder prefixes", () => {
    expect(repoTypePlural("dataset")).toBe("datasets");
    expect(repoTypePlural()).toBe("models");
    expect(repoTypeUrlPrefix("model")).toBe("");
    expect(repoTypeUrlPrefix("space")).toBe("spaces/");
    expect(repoTypeCacheFolderPrefix("dataset")).toBe("datasets--");
    expect(repoCacheFolderName("model", "alice/bert")).toBe("models--alice--bert");
  });
});
