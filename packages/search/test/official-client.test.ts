import type { TestServer } from "@hub/server/testing";
import { listDatasets, listModels, listSpaces } from "@huggingface/hub";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSearchServer } from "./fixtures.ts";

// Conformance: the official JS client lists against the local server like against the Hub.
let server: TestServer;
beforeAll(async () => {
  server = await startSearchServer();
});
afterAll(async () => {
  await server?.close();
});

async function names(iterable: AsyncIterable<{ name: string }>): Promise<string[]> {
  const result: string[] = [];
  for await (const item of iterable) result.push(item.name);
  return result.sort();
}

describe("@huggingface/hub against the local server", () => {
  it("lists models with owner, query, task and tags, and extra fields", async () => {
    expect(await names(listModels({ hubUrl: server.url, search: { owner: "alice" } }))).toEqual(["alice/bert-base", "alice/gpt-tiny"]);
    expect(await names(listModels({ hubUrl: server.url, search: { query: "gpt", task: "text-generation" } }))).toEqual(["alice/gpt-tiny"]);
    expect(await names(listModels({ hubUrl: server.url, search: { tags: ["dataset:squad", "fr"] } }))).toEqual(["alice/bert-base"]);
    for await (const model of listModels({
      hubUrl: server.url,
      search: { owner: "alice", query: "bert" },
      additionalFields: ["author", "cardData"],
    })) {
      expect(model).toMatchObject({ name: "alice/bert-base", task: "fill-mask", private: false, likes: 0, author: "alice" });
      expect(model.updatedAt.getTime()).not.toBeNaN();
      expect(model.cardData).toMatchObject({ license: "mit" });
    }
  });

  it("pages through every model and sees private ones with a token", async () => {
    let count = 0;
    for await (const model of listModels({ hubUrl: server.url })) if (model.name) count++;
    expect(count).toBe(2402);
    expect(await names(listModels({ hubUrl: server.url, search: { query: "private" }, accessToken: server.tokens.bob }))).toEqual([
      "acme/org-private",
    ]);
  });

  it("lists datasets and Spaces", async () => {
    expect(await names(listDatasets({ hubUrl: server.url, search: { tags: ["language:en"] } }))).toEqual(["bob/reviews"]);
    const spaces: Array<{ name: string; sdk?: string }> = [];
    for await (const space of listSpaces({ hubUrl: server.url, search: { owner: "carol" } })) spaces.push(space);
    expect(spaces).toMatchObject([{ name: "carol/plain", sdk: "static" }]);
  });
});
