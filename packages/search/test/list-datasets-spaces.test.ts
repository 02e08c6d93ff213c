import type { TestServer } from "@hub/server/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listDatasets, listMetrics, listSpaces } from "../src/index.ts";
import { startSearchServer } from "./fixtures.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startSearchServer();
});
afterAll(async () => {
  await server?.close();
});

async function ids(iterable: AsyncIterable<{ id: string }>): Promise<string[]> {
  const result: string[] = [];
  for await (const item of iterable) result.push(item.id);
  return result.sort();
}

describe("listDatasets", () => {
  it("filters on prefixed tags and DatasetFilter fields", async () => {
    expect(await ids(listDatasets({ hubUrl: server.url, filter: "language:en" }))).toEqual(["bob/reviews"]);
    expect(
      await ids(
        listDatasets({
          hubUrl: server.url,
          filter: { language: "fr", taskCategories: "question-answering", sizeCategories: "10K<n<100K" },
        }),
      ),
    ).toEqual(["alice/squad-fr"]);
    expect(
      await ids(listDatasets({ hubUrl: server.url, filter: { taskIds: "sentiment-classification", multilinguality: "monolingual" } })),
    ).toEqual(["bob/reviews"]);
    expect(await ids(listDatasets({ hubUrl: server.url, filter: "license:cc-by-4.0" }))).toEqual(["alice/squad-fr"]);
    expect(await ids(listDatasets({ hubUrl: server.url, filter: { datasetName: "SQUAD" } }))).toEqual(["alice/squad-fr"]);
  });

  it("hides private datasets from others and returns card data on request", async () => {
    expect(await ids(listDatasets({ hubUrl: server.url }))).toEqual(["alice/squad-fr", "bob/reviews"]);
    expect(await ids(listDatasets({ hubUrl: server.url, accessToken: server.tokens.bob }))).toEqual([
      "alice/squad-fr",
      "bob/hidden-data",
      "bob/reviews",
    ]);
    for await (const dataset of listDatasets({ hubUrl: server.url, search: "squad", cardData: true })) {
      expect(dataset.cardData).toMatchObject({ pretty_name: "SQuAD fr" });
      expect(dataset.tags).toEqual(expect.arrayContaining(["language:fr", "task_categories:question-answering", "license:cc-by-4.0"]));
    }
  });
});

describe("listSpaces", () => {
  it("filters on the models and datasets a Space uses, and on any link", async () => {
    expect(await ids(listSpaces({ hubUrl: server.url, models: "alice/bert-base" }))).toEqual(["alice/demo"]);
    expect(await ids(listSpaces({ hubUrl: server.url, models: ["alice/gpt-tiny"] }))).toEqual(["bob/chat"]);
    expect(await ids(listSpaces({ hubUrl: server.url, datasets: "alice/squad-fr" }))).toEqual(["alice/demo"]);
    expect(await ids(listSpaces({ hubUrl: server.url, linked: true }))).toEqual(["alice/demo", "bob/chat"]);
    expect(await ids(listSpaces({ hubUrl: server.url }))).toEqual(["alice/demo", "bob/chat", "carol/plain"]);
    expect(await ids(listSpaces({ hubUrl: server.url, filter: "demo" }))).toEqual(["alice/demo"]);
  });

  it("gives the sdk, links and runtime with full", async () => {
    for await (const space of listSpaces({ hubUrl: server.url, search: "carol/plain", full: true })) {
      expect(space).toMatchObject({ id: "carol/plain", sdk: "static", models: [], datasets: [] });
      expect(space.runtime).toMatchObject({ stage: "RUNNING", hardware: { current: null } });
    }
    for await (const space of listSpaces({ hubUrl: server.url, search: "alice/demo", full: true })) {
      expect(space).toMatchObject({ sdk: "gradio", models: ["alice/bert-base"], datasets: ["alice/squad-fr"] });
    }
  });
});

describe("listMetrics", () => {
  it("lists the metrics catalog", async () => {
    const metrics = await listMetrics({ hubUrl: server.url });
    expect(metrics.map((metric) => metric.id)).toContain("accuracy");
    expect(metrics.every((metric) => typeof metric.description === "string")).toBe(true);
  });
});
