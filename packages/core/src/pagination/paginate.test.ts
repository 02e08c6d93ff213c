import { describe, expect, it } from "vitest";
import { mockFetch } from "../testing/mock-fetch.ts";
import { paginate } from "./paginate.ts";
import { paginateByPage } from "./paginate-by-page.ts";

const HUB = "https://hub.test";
const TOKEN = "hf_paginationtokenpaginationtoken";

/** Three pages of two items, linked by absolute next URLs on `origin`. */
function pagedModels(origin = HUB) {
  return (request: Request) => {
    const page = Number(new URL(request.url).searchParams.get("cursor") ?? "0");
    const headers = page < 2 ? { link: `<${origin}/api/models?limit=2&cursor=${page + 1}>; rel="next"` } : undefined;
    return Response.json([{ id: `m${page * 2}` }, { id: `m${page * 2 + 1}` }], { headers });
  };
}

describe("paginate", () => {
  it("yields every item of every page, following next links", async () => {
    const fetch = mockFetch({ "GET /api/models": pagedModels() });
    const ids: string[] = [];
    for await (const model of paginate<{ id: string }>({ hubUrl: HUB, fetch }, { path: "/api/models", searchParams: { limit: 2 } }))
      ids.push(model.id);
    expect(ids).toEqual(["m0", "m1", "m2", "m3", "m4", "m5"]);
    expect(fetch.calls.map((call) => call.url)).toEqual([
      `${HUB}/api/models?limit=2`,
      `${HUB}/api/models?limit=2&cursor=1`,
      `${HUB}/api/models?limit=2&cursor=2`,
    ]);
  });

  it("is lazy: a page is requested only when the previous one is used up", async () => {
    const fetch = mockFetch({ "GET /api/models": pagedModels() });
    const iterator = paginate<{ id: string }>({ hubUrl: HUB, fetch }, { path: "/api/models" });
    expect(fetch.calls).toHaveLength(0);
    await iterator.next();
    expect(fetch.calls).toHaveLength(1);
    await iterator.next();
    expect(fetch.calls).toHaveLength(1);
    await iterator.next();
    expect(fetch.calls).toHaveLength(2);
    await iterator.return(undefined);
    expect(fetch.calls).toHaveLength(2);
  });

  it("stops requesting as soon as limit items arrived", async () => {
    const fetch = mockFetch({ "GET /api/models": pagedModels() });
    const ids: string[] = [];
    for await (const model of paginate<{ id: string }>({ hubUrl: HUB, fetch }, { path: "/api/models" }, { limit: 3 })) ids.push(model.id);
    expect(ids).toEqual(["m0", "m1", "m2"]);
    expect(fetch.calls).toHaveLength(2);
    const none = mockFetch({ "GET /api/models": pagedModels() });
    for await (const _ of paginate({ hubUrl: HUB, fetch: none }, { path: "/api/models" }, { limit: 0 }))
      throw new Error("no item expected");
    expect(none.calls).toHaveLength(0);
  });

  it("rewrites a next link on another origin onto hubUrl, so the token never goes elsewhere", async () => {
    const fetch = mockFetch({ "GET /api/models": pagedModels("https://elsewhere.test") });
    const ids: string[] = [];
    for await (const model of paginate<{ id: string }>({ hubUrl: HUB, fetch, accessToken: TOKEN }, { path: "/api/models" }))
      ids.push(model.id);
    expect(ids).toHaveLength(6);
    expect(fetch.calls.map((call) => new URL(call.url).origin)).toEqual([HUB, HUB, HUB]);
    expect(fetch.calls[1]?.url).toBe(`${HUB}/api/models?limit=2&cursor=1`);
    expect(fetch.calls.every((call) => call.request.headers.get("authorization") === `Bearer ${TOKEN}`)).toBe(true);
  });

  it("asks again for a page whose body is cut short or breaks, then goes on", async () => {
    let calls = 0;
    const fetch = mockFetch({
      "GET /api/models": (request) => {
        calls++;
        if (calls === 1) return new Response('[{"id":"m0"},{"id', { headers: { "content-type": "application/json" } });
        if (calls === 2) {
          const broken = new ReadableStream({
            pull(controller) {
              controller.error(new TypeError("terminated"));
            },
          });
          return new Response(broken);
        }
        return pagedModels()(request);
      },
    });
    const ids: string[] = [];
    for await (const model of paginate<{ id: string }>({ hubUrl: HUB, fetch, retry: { baseDelay: 1 } }, { path: "/api/models" }))
      ids.push(model.id);
    expect(ids).toEqual(["m0", "m1", "m2", "m3", "m4", "m5"]);
    expect(calls).toBe(5);
  });

  it("gives up on a page that keeps breaking, with the retry budget", async () => {
    const fetch = mockFetch({ "GET /api/models": () => new Response("[1,") });
    await expect(paginate({ hubUrl: HUB, fetch, retry: { attempts: 2, baseDelay: 1 } }, { path: "/api/models" }).next()).rejects.toThrow(
      "not JSON",
    );
    expect(fetch.calls).toHaveLength(2);
  });

  it("rejects a page that is not a JSON array", async () => {
    const fetch = mockFetch({ "GET /api/models": () => Response.json({ not: "an array" }) });
    await expect(paginate({ hubUrl: HUB, fetch }, { path: "/api/models" }).next()).rejects.toThrow("Expected a JSON array page");
  });
});

describe("paginateByPage", () => {
  interface DiscussionsPage {
    discussions: { num: number }[];
    count: number;
    start: number;
  }
  const extract = (page: DiscussionsPage) => ({ items: page.discussions, count: page.count, start: page.start });
  const discussions = (request: Request) => {
    const page = Number(new URL(request.url).searchParams.get("p"));
    const all = [1, 2, 3, 4, 5];
    return Response.json({ discussions: all.slice(page * 2, page * 2 + 2).map((num) => ({ num })), count: all.length, start: page * 2 });
  };

  it("requests p=0,1,... while start + items < count", async () => {
    const fetch = mockFetch({ "GET /api/models/a/b/discussions": discussions });
    const numbers: number[] = [];
    for await (const discussion of paginateByPage(
      { hubUrl: HUB, fetch },
      { path: "/api/models/a/b/discussions", searchParams: { type: "all" } },
      { extract },
    )) {
      numbers.push(discussion.num);
    }
    expect(numbers).toEqual([1, 2, 3, 4, 5]);
    expect(fetch.calls.map((call) => new URL(call.url).search)).toEqual(["?type=all&p=0", "?type=all&p=1", "?type=all&p=2"]);
  });

  it("honours limit lazily", async () => {
    const fetch = mockFetch({ "GET /api/models/a/b/discussions": discussions });
    const numbers: number[] = [];
    for await (const discussion of paginateByPage({ hubUrl: HUB, fetch }, { path: "/api/models/a/b/discussions" }, { extract, limit: 2 }))
      numbers.push(discussion.num);
    expect(numbers).toEqual([1, 2]);
    expect(fetch.calls).toHaveLength(1);
  });
});
