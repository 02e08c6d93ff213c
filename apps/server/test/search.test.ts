import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { file, header, startHarness, type Harness } from "./helpers.ts";

let hub: Harness;
beforeAll(async () => {
  hub = await startHarness();
  for (let index = 0; index < 5; index++) await hub.createRepo(`alice/m${index}`);
});
afterAll(async () => {
  await hub.close();
});

function nextUrl(response: Response): string | undefined {
  const link = response.headers.get("link");
  return link ? /^<(https?:\/\/[^>]+)>; rel="next"$/.exec(link)?.[1] : undefined;
}

describe("GET /api/models", () => {
  it("pages with an absolute Link header and no link after the last page", async () => {
    const first = await hub.request("/api/models?limit=2&author=alice");
    const seen: string[] = ((await first.json()) as Array<{ id: string }>).map((item) => item.id);
    let next = nextUrl(first);
    expect(next?.startsWith(`${hub.url}/api/models?`)).toBe(true);
    while (next) {
      const response = await fetch(next);
      seen.push(...((await response.json()) as Array<{ id: string }>).map((item) => item.id));
      next = nextUrl(response);
    }
    expect(seen).toEqual(["alice/m0", "alice/m1", "alice/m2", "alice/m3", "alice/m4"]);
  });

  it("keeps pages stable when repos are created while paging (keyset cursor)", async () => {
    const first = await hub.request("/api/models?limit=3&author=alice&sort=id&direction=1");
    await hub.createRepo("alice/m00-new");
    expect(((await first.json()) as Array<{ id: string }>).map((item) => item.id)).toEqual(["alice/m0", "alice/m1", "alice/m2"]);
    // "alice/m00-new" sorts before the cursor: an offset would repeat alice/m2, the keyset does not.
    const second = await fetch(nextUrl(first)!);
    expect(((await second.json()) as Array<{ id: string }>).map((item) => item.id)).toEqual(["alice/m3", "alice/m4"]);
  });

  it("re-indexes a repo when a commit changes its card", async () => {
    await hub.createRepo("alice/evolving");
    const before = (await (await hub.request("/api/models?filter=text-classification")).json()) as unknown[];
    expect(before).toEqual([]);
    await hub.commit("alice/evolving", [header("card"), file("README.md", "---\npipeline_tag: text-classification\n---\n")]);
    const after = (await (await hub.request("/api/models?filter=text-classification")).json()) as Array<{
      id: string;
      pipeline_tag: string;
    }>;
    expect(after.map((item) => [item.id, item.pipeline_tag])).toEqual([["alice/evolving", "text-classification"]]);
  });

  it("rejects bad parameters with 400", async () => {
    for (const query of ["sort=nope", "direction=2", "limit=0", "cursor=garbage", "expand=likes&full=true"]) {
      expect((await hub.request(`/api/models?${query}`)).status, query).toBe(400);
    }
  });

  it("lists metrics and tag catalogs without auth", async () => {
    expect(((await (await hub.request("/api/metrics")).json()) as unknown[]).length).toBeGreaterThan(0);
    const catalog = (await (await hub.request("/api/models-tags-by-type")).json()) as Record<string, Array<{ id: string; label: string }>>;
    expect(catalog.pipeline_tag).toEqual([{ id: "text-classification", label: "Text Classification", type: "pipeline_tag" }]);
  });
});
