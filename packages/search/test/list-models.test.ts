import { BadRequestError } from "@hub/core";
import type { TestServer } from "@hub/server/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listModels, type ModelListItem } from "../src/index.ts";
import { BULK_MODELS, bulkCard, startSearchServer } from "./fixtures.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startSearchServer();
});
afterAll(async () => {
  await server?.close();
});

async function collect(iterable: AsyncIterable<ModelListItem>): Promise<ModelListItem[]> {
  const items: ModelListItem[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

/** A fetch that counts the requests it forwards. */
function countingFetch(): typeof fetch & { count: number } {
  const wrapped = Object.assign(
    (input: RequestInfo | URL, init?: RequestInit) => {
      wrapped.count++;
      return fetch(input, init);
    },
    { count: 0 },
  );
  return wrapped;
}

describe("listModels over several pages", () => {
  it("lists every public model once, following Link pages lazily", async () => {
    const fetch = countingFetch();
    const iterator = listModels({ hubUrl: server.url, fetch })[Symbol.asyncIterator]();
    await iterator.next();
    expect(fetch.count).toBe(1);
    const rest = await collect({ [Symbol.asyncIterator]: () => iterator });
    const ids = rest.map((model) => model.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length + 1).toBe(BULK_MODELS + 2);
    expect(fetch.count).toBe(3);
    expect(ids).toContain("alice/bert-base");
    expect(ids).not.toContain("alice/private-model");
    expect(ids).not.toContain("acme/org-private");
  });

  it("stops requesting pages once the limit is reached", async () => {
    const fetch = countingFetch();
    const items = await collect(listModels({ hubUrl: server.url, fetch, limit: 1500 }));
    expect(items).toHaveLength(1500);
    expect(fetch.count).toBe(2);
  });

  it("shows private models to their owners and org members only", async () => {
    const privateIds = async (accessToken?: string) =>
      (await collect(listModels({ hubUrl: server.url, accessToken, search: "private" }))).map((model) => model.id).sort();
    expect(await privateIds()).toEqual([]);
    expect(await privateIds(server.tokens.alice)).toEqual(["acme/org-private", "alice/private-model"]);
    expect(await privateIds(server.tokens.bob)).toEqual(["acme/org-private"]);
    expect(await privateIds(server.tokens.carol)).toEqual([]);
  });

  it("sorts by downloads, descending by default and ascending with direction 1, across pages", async () => {
    const descending = (await collect(listModels({ hubUrl: server.url, author: "bulk", sort: "downloads" }))).map(
      (model) => model.downloads ?? -1,
    );
    expect(descending).toHaveLength(BULK_MODELS);
    expect(descending).toEqual([...descending].sort((a, b) => b - a));
    const ascending = (await collect(listModels({ hubUrl: server.url, author: "bulk", sort: "downloads", direction: 1 }))).map(
      (model) => model.downloads ?? -1,
    );
    expect(ascending).toEqual([...descending].reverse());
  });

  it("sorts by id, lastModified, createdAt and likes", async () => {
    const ids = (await collect(listModels({ hubUrl: server.url, sort: "id", direction: 1, search: "alice/" }))).map((model) => model.id);
    expect(ids).toEqual(["alice/bert-base", "alice/gpt-tiny"]);
    const recent = await collect(listModels({ hubUrl: server.url, sort: "lastModified", limit: 2, full: true }));
    expect(recent.map((model) => model.id)).toEqual(["alice/gpt-tiny", "alice/bert-base"]);
    expect(recent[0]?.lastModified).toBeInstanceOf(Date);
    const created = await collect(listModels({ hubUrl: server.url, sort: "createdAt", direction: 1, limit: 1 }));
    expect(created[0]?.id).toBe("bulk/model-0000");
    await fetch(`${server.url}/api/models/alice/gpt-tiny/like`, {
      method: "POST",
      headers: { Authorization: `Bearer ${server.tokens.bob}` },
    });
    const liked = await collect(listModels({ hubUrl: server.url, sort: "likes", limit: 1 }));
    expect(liked[0]).toMatchObject({ id: "alice/gpt-tiny", likes: 1 });
  });

  it("refuses an unknown sort with a typed 400", async () => {
    await expect(collect(listModels({ hubUrl: server.url, sort: "nonsense" }))).rejects.toBeInstanceOf(BadRequestError);
  });
});

describe("listModels filters", () => {
  it("searches a case-insensitive substring of the id, and by author", async () => {
    const ids = (await collect(listModels({ hubUrl: server.url, search: "MODEL-00" }))).map((model) => model.id);
    expect(ids).toHaveLength(100);
    expect(ids.every((id) => id.startsWith("bulk/model-00"))).toBe(true);
    expect((await collect(listModels({ hubUrl: server.url, author: "alice" }))).map((model) => model.id).sort()).toEqual([
      "alice/bert-base",
      "alice/gpt-tiny",
    ]);
  });

  it("ANDs tag filters, case-insensitively, over more than one page", async () => {
    const expected = Array.from({ length: BULK_MODELS }, (_, index) => index).filter(
      (index) => bulkCard(index).library === "pytorch",
    ).length;
    const pytorch = await collect(listModels({ hubUrl: server.url, filter: "PyTorch", full: false }));
    expect(pytorch.length).toBe(expected + 1);
    const both = await collect(listModels({ hubUrl: server.url, filter: ["pytorch", "text-classification"] }));
    const expectedBoth = Array.from({ length: BULK_MODELS }, (_, index) => bulkCard(index)).filter(
      (card) => card.library === "pytorch" && card.task === "text-classification",
    ).length;
    expect(both).toHaveLength(expectedBoth);
    expect(both.every((model) => model.pipelineTag === "text-classification" && model.libraryName === "pytorch")).toBe(true);
    expect(both[0]?.siblings?.map((file) => file.rfilename)).toContain("README.md");
  });

  it("matches card tags: datasets, languages, licenses in both forms, free tags", async () => {
    const only = async (filter: string | string[]) => (await collect(listModels({ hubUrl: server.url, filter }))).map((model) => model.id);
    expect(await only("dataset:squad")).toEqual(["alice/bert-base"]);
    expect(await only(["fr", "license:mit"])).toEqual(["alice/bert-base"]);
    expect(await only("mit")).toEqual(["alice/bert-base"]);
    expect(await only("benchmark:RAFT")).toEqual(["alice/bert-base"]);
    expect(await only(["transformers", "text-generation"])).toEqual([]);
  });

  it("converts a ModelFilter like the seed client", async () => {
    const models = await collect(
      listModels({
        hubUrl: server.url,
        filter: {
          author: "alice",
          modelName: "bert",
          task: "fill-mask",
          trainedDataset: "squad",
          library: "transformers",
          language: ["en"],
        },
      }),
    );
    expect(models.map((model) => model.id)).toEqual(["alice/bert-base"]);
    expect(models[0]?.siblings).toBeDefined();
  });

  it("filters on card emissions client-side", async () => {
    const ids = async (thresholds: [number, number]) =>
      (await collect(listModels({ hubUrl: server.url, author: "alice", cardData: true, emissionsThresholds: thresholds }))).map(
        (model) => model.id,
      );
    expect(await ids([0, 100])).toEqual(["alice/bert-base"]);
    expect(await ids([100, 1000])).toEqual(["alice/gpt-tiny"]);
  });
});

describe("listModels output", () => {
  it("adds card data, configs and files on request", async () => {
    const [plain] = await collect(listModels({ hubUrl: server.url, search: "bert-base" }));
    expect(plain).toMatchObject({ id: "alice/bert-base", private: false, pipelineTag: "fill-mask", libraryName: "transformers", likes: 0 });
    // Like the Hub, a plain model listing leaves out sha, lastModified and author (full has them).
    expect([plain?.sha, plain?.lastModified, plain?.author]).toEqual([undefined, undefined, undefined]);
    expect(plain?.createdAt).toBeInstanceOf(Date);
    expect(plain?.tags).toEqual(expect.arrayContaining(["transformers", "fill-mask", "en", "fr", "license:mit", "dataset:squad"]));
    expect(plain?.cardData).toBeUndefined();
    expect(plain?.siblings).toBeUndefined();
    const [rich] = await collect(listModels({ hubUrl: server.url, search: "bert-base", cardData: true, fetchConfig: true, full: true }));
    expect(rich).toMatchObject({ author: "alice", sha: expect.stringMatching(/^[0-9a-f]{40}$/) });
    expect(rich?.lastModified).toBeInstanceOf(Date);
    expect(rich?.cardData).toMatchObject({ license: "mit", co2_eq_emissions: 12.5 });
    expect(rich?.config).toEqual({ model_type: "bert", architectures: ["BertForMaskedLM"] });
    expect(rich?.siblings?.map((file) => file.rfilename).sort()).toEqual([".gitattributes", "README.md", "config.json"]);
  });

  it("returns only the expanded fields", async () => {
    const [item] = await collect(listModels({ hubUrl: server.url, search: "bert-base", expand: ["downloads", "pipeline_tag"] }));
    expect(Object.keys(item?.raw ?? {}).sort()).toEqual(["_id", "downloads", "id", "pipeline_tag"]);
  });
});
