import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { file, header, startHarness, type Harness } from "./helpers.ts";

let hub: Harness;
const content = Buffer.from("0123456789abcdefghij");
beforeAll(async () => {
  hub = await startHarness();
  await hub.createRepo("alice/files");
  const lines = [header("many files"), file("data/range.txt", content), file("data/sub/deep.txt", "deep"), file("empty.txt", "")];
  for (let index = 0; index < 120; index++) lines.push(file(`many/file-${String(index).padStart(3, "0")}.txt`, `n${index}`));
  const response = await hub.commit("alice/files", lines);
  if (!response.ok) throw new Error(await response.text());
});
afterAll(async () => {
  await hub.close();
});

async function listAll(path: string): Promise<Array<Record<string, unknown>>> {
  const items: Array<Record<string, unknown>> = [];
  let url: string | undefined = `${hub.url}${path}`;
  while (url) {
    const response: Response = await fetch(url);
    expect(response.status).toBe(200);
    items.push(...((await response.json()) as Array<Record<string, unknown>>));
    url = /<([^>]+)>;\s+rel="next"/.exec(response.headers.get("link") ?? "")?.[1];
  }
  return items;
}

describe("tree", () => {
  it("lists one level with directories first, or everything recursively", async () => {
    const top = await (await hub.request("/api/models/alice/files/tree/main")).json();
    expect(top.map((entry: { path: string; type: string }) => `${entry.type}:${entry.path}`)).toEqual([
      "directory:data",
      "directory:many",
      "file:.gitattributes",
      "file:empty.txt",
    ]);
    const recursive = await listAll("/api/models/alice/files/tree/main/data?recursive=true");
    expect(recursive.map((entry) => entry.path)).toEqual(["data/sub", "data/range.txt", "data/sub/deep.txt"]);
    expect(recursive[1]).toEqual({ type: "file", oid: expect.stringMatching(/^[0-9a-f]{40}$/), size: 20, path: "data/range.txt" });
  });

  it("paginates with absolute Link headers (limit and expand page sizes)", async () => {
    const firstPage = await hub.request("/api/models/alice/files/tree/main/many?limit=50");
    expect((await firstPage.json()).length).toBe(50);
    expect(firstPage.headers.get("link")).toMatch(
      new RegExp(`^<${hub.url}/api/models/alice/files/tree/main/many\\?.*cursor=.*>; rel="next"$`),
    );
    expect((await listAll("/api/models/alice/files/tree/main/many?limit=50")).length).toBe(120);
    const expanded = await hub.request("/api/models/alice/files/tree/main/many?expand=true");
    const expandedItems = await expanded.json();
    expect(expandedItems.length).toBe(50);
    expect(expandedItems[0].lastCommit).toMatchObject({ id: expect.any(String), title: "many files" });
    expect((await listAll("/api/models/alice/files/tree/main/many?expand=true")).length).toBe(120);
  });

  it("accepts %2F-encoded paths and raw or encoded refs/pr revisions", async () => {
    const encoded = await (await hub.request("/api/models/alice/files/tree/main/data%2Fsub")).json();
    expect(encoded.map((entry: { path: string }) => entry.path)).toEqual(["data/sub/deep.txt"]);
    const pr = await (await hub.commit("alice/files", [header("pr"), file("pr.txt", "p")], { query: "?create_pr=1" })).json();
    const num = pr.pullRequestUrl.split("/").pop();
    for (const revision of [`refs/pr/${num}`, `refs%2Fpr%2F${num}`]) {
      const listing = await (await hub.request(`/api/models/alice/files/tree/${revision}`)).json();
      expect(listing.map((entry: { path: string }) => entry.path)).toContain("pr.txt");
    }
    const missing = await hub.request("/api/models/alice/files/tree/main/nope");
    expect(missing.status).toBe(404);
    expect(missing.headers.get("x-error-code")).toBe("EntryNotFound");
    expect((await hub.request("/api/models/alice/files/tree/nobranch")).headers.get("x-error-code")).toBe("RevisionNotFound");
  });
});

describe("paths-info", () => {
  it("accepts JSON and form bodies, omits missing paths, returns directories", async () => {
    const viaJson = await (
      await hub.request("/api/models/alice/files/paths-info/main", {
        method: "POST",
        json: { paths: ["data/range.txt", "missing.txt", "data/sub"], expand: true },
      })
    ).json();
    expect(viaJson.map((entry: { path: string; type: string }) => `${entry.type}:${entry.path}`)).toEqual([
      "file:data/range.txt",
      "directory:data/sub",
    ]);
    expect(viaJson[0].lastCommit.title).toBe("many files");
    const viaForm = await (
      await hub.request("/api/models/alice/files/paths-info/main", {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: "paths=empty.txt&paths=nothing&expand=false",
      })
    ).json();
    expect(viaForm).toEqual([{ type: "file", oid: "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391", size: 0, path: "empty.txt" }]);
  });

  it("answers 413 over 1000 paths and 400 for unsafe paths", async () => {
    const paths = Array.from({ length: 1001 }, (_, index) => `p${index}`);
    expect((await hub.request("/api/models/alice/files/paths-info/main", { method: "POST", json: { paths } })).status).toBe(413);
    expect((await hub.request("/api/models/alice/files/paths-info/main", { method: "POST", json: { paths: ["../x"] } })).status).toBe(400);
  });
});

describe("resolve and raw", () => {
  it("serves files with ETag, X-Repo-Commit and Content-Length on HEAD and GET", async () => {
    const sha = (await (await hub.request("/api/models/alice/files")).json()).sha;
    const headResponse = await hub.request("/alice/files/resolve/main/data/range.txt", { method: "HEAD" });
    expect(headResponse.status).toBe(200);
    expect(headResponse.headers.get("etag")).toMatch(/^"[0-9a-f]{40}"$/);
    expect(headResponse.headers.get("x-repo-commit")).toBe(sha);
    expect(headResponse.headers.get("content-length")).toBe("20");
    const get = await hub.request(`/alice/files/resolve/${sha}/data/range.txt`);
    expect(await get.text()).toBe(content.toString());
    const missing = await hub.request("/alice/files/resolve/main/none.txt", { method: "HEAD" });
    expect(missing.status).toBe(404);
    expect(missing.headers.get("x-error-code")).toBe("EntryNotFound");
    expect(missing.headers.get("x-repo-commit")).toBe(sha);
    const badRevision = await hub.request("/alice/files/resolve/nobranch/data/range.txt");
    expect(badRevision.headers.get("x-error-code")).toBe("RevisionNotFound");
  });

  it.each([
    ["bytes=0-0", 206, "0", "bytes 0-0/20"],
    ["bytes=5-9", 206, "56789", "bytes 5-9/20"],
    ["bytes=15-", 206, "fghij", "bytes 15-19/20"],
    ["bytes=-3", 206, "hij", "bytes 17-19/20"],
    ["bytes=10-100", 206, "abcdefghij", "bytes 10-19/20"],
  ])("answers Range %s with 206", async (range, status, body, contentRange) => {
    const response = await hub.request("/alice/files/resolve/main/data/range.txt", { headers: { Range: range } });
    expect(response.status).toBe(status);
    expect(await response.text()).toBe(body);
    expect(response.headers.get("content-range")).toBe(contentRange);
  });

  it.each([["bytes=20-"], ["bytes=9-3"], ["bytes=abc"], ["bytes=-0"]])("answers 416 for %s", async (range) => {
    const response = await hub.request("/alice/files/resolve/main/data/range.txt", { headers: { Range: range } });
    expect(response.status).toBe(416);
    expect(response.headers.get("content-range")).toBe("bytes */20");
  });

  it("redirects the old name of a moved repo with a relative Location", async () => {
    await hub.createRepo("alice/before-move");
    await hub.commit("alice/before-move", [header("f"), file("f.txt", "moved")]);
    const move = await hub.request("/api/repos/move", {
      method: "POST",
      token: hub.tokens.alice,
      json: { fromRepo: "alice/before-move", toRepo: "acme/after-move", type: "model" },
    });
    expect(move.status).toBe(200);
    const redirect = await hub.request("/alice/before-move/resolve/main/f.txt", { redirect: "manual" });
    expect(redirect.status).toBe(307);
    expect(redirect.headers.get("location")).toBe("/acme/after-move/resolve/main/f.txt");
    expect(await (await hub.request("/alice/before-move/resolve/main/f.txt")).text()).toBe("moved");
  });

  it("rejects unsafe paths in URLs", async () => {
    expect((await hub.request("/alice/files/resolve/main/data/..%2Fx")).status).toBe(400);
    expect((await hub.request("/alice/files/resolve/main/a%5Cb")).status).toBe(400);
  });
});
