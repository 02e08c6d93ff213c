import { HubValidationError } from "@hub/core";
import { mockFetch } from "@hub/core/testing";
import { describe, expect, it } from "vitest";
import { listModels } from "./list-models.ts";

const hubUrl = "https://hub.test";
const forbiddenFetch = (() => {
  throw new Error("no request may be sent");
}) as unknown as typeof fetch;

describe("listModels (unit)", () => {
  it("sends the seed parameters and follows Link pages lazily", async () => {
    const fetch = mockFetch({
      "GET /api/models": (request) => {
        const url = new URL(request.url);
        if (url.searchParams.get("cursor") === "2") return Response.json([{ id: "b/2", pipeline_tag: "fill-mask" }]);
        return Response.json([{ id: "a/1", lastModified: "2024-01-02T00:00:00.000Z" }], {
          headers: { link: `<${hubUrl}/api/models?cursor=2>; rel="next"` },
        });
      },
    });
    const iterator = listModels({
      hubUrl,
      fetch,
      filter: { task: "fill-mask", trainedDataset: "squad" },
      author: "a",
      sort: "likes",
      direction: -1,
      cardData: true,
      fetchConfig: true,
    });
    const first = await iterator.next();
    expect(fetch.calls).toHaveLength(1);
    expect(first.value).toMatchObject({ id: "a/1", lastModified: new Date("2024-01-02T00:00:00.000Z") });
    const query = new URL(fetch.calls[0]?.url ?? "").searchParams;
    expect(query.getAll("filter")).toEqual(["fill-mask", "dataset:squad"]);
    expect(Object.fromEntries([...query].filter(([key]) => key !== "filter"))).toEqual({
      search: "",
      author: "a",
      sort: "likes",
      direction: "-1",
      full: "true",
      cardData: "true",
      config: "true",
    });
    const rest = [];
    for await (const model of { [Symbol.asyncIterator]: () => iterator }) rest.push(model);
    expect(rest.map((model) => [model.id, model.pipelineTag])).toEqual([["b/2", "fill-mask"]]);
  });

  it("does not add full=true behind the caller's back when expand is given (the Hub rejects both together)", async () => {
    const fetch = mockFetch({ "GET /api/models": () => Response.json([{ id: "a/1", downloads: 3 }]) });
    for await (const _model of listModels({ hubUrl, fetch, filter: "fill-mask", expand: ["downloads"], limit: 1 })) break;
    const query = new URL(fetch.calls[0]?.url ?? "").searchParams;
    expect(query.getAll("filter")).toEqual(["fill-mask"]);
    expect(query.getAll("expand")).toEqual(["downloads"]);
    expect(query.has("full")).toBe(false);
  });

  it("filters emissions client-side and counts only yielded models against the limit", async () => {
    const fetch = mockFetch({
      "GET /api/models": () =>
        Response.json([
          { id: "a", cardData: { co2_eq_emissions: 5 } },
          { id: "b", cardData: { co2_eq_emissions: 50 } },
          { id: "c" },
          { id: "d", cardData: { co2_eq_emissions: 1 } },
        ]),
    });
    const ids = [];
    for await (const model of listModels({ hubUrl, fetch, cardData: true, emissionsThresholds: [0, 10], limit: 2 })) ids.push(model.id);
    expect(ids).toEqual(["a", "d"]);
    expect(new URL(fetch.calls[0]?.url ?? "").searchParams.get("limit")).toBe("2");
  });

  it("stops at the signal: an aborted listing sends no further page request", async () => {
    const controller = new AbortController();
    const fetch = mockFetch({
      "GET /api/models": () =>
        Response.json([{ id: "a" }, { id: "b" }], { headers: { link: `<${hubUrl}/api/models?cursor=2>; rel="next"` } }),
    });
    const seen: string[] = [];
    const run = (async () => {
      for await (const model of listModels({ hubUrl, fetch, signal: controller.signal })) {
        seen.push(model.id);
        if (seen.length === 2) controller.abort(new Error("stop"));
      }
    })();
    await expect(run).rejects.toThrow("stop");
    expect(seen).toEqual(["a", "b"]);
    expect(fetch.calls).toHaveLength(1);
  });

  it.each([
    ["emissionsThresholds without cardData", { emissionsThresholds: [0, 1] as const }],
    ["expand with full", { expand: "likes", full: true }],
    ["a zero limit", { limit: 0 }],
    ["a direction of 2", { direction: 2 as -1 }],
    ["a numeric filter", { filter: 3 as unknown as string }],
  ])("rejects %s before any request", async (_name, params) => {
    await expect(listModels({ ...params, fetch: forbiddenFetch }).next()).rejects.toBeInstanceOf(HubValidationError);
  });
});
