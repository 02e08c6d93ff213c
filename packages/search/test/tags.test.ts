import type { TestServer } from "@hub/server/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { datasetSearchArguments, getDatasetTags, getModelTags, listDatasets, listModels, modelSearchArguments } from "../src/index.ts";
import { startSearchServer } from "./fixtures.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startSearchServer();
});
afterAll(async () => {
  await server?.close();
});

describe("tag catalogs", () => {
  it("lists the model tags of public repos, typed and labelled", async () => {
    const tags = await getModelTags({ hubUrl: server.url });
    expect(tags.pipelineTag).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: "text-classification", label: "Text Classification" })]),
    );
    expect(tags.library).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: "pytorch", label: "PyTorch" }),
        expect.objectContaining({ id: "tf", label: "TensorFlow" }),
      ]),
    );
    expect(tags.license.map((tag) => tag.id).sort()).toEqual(["license:apache-2.0", "license:mit"]);
    expect(tags.dataset.map((tag) => tag.id)).toEqual(["dataset:squad"]);
    expect(tags.language.map((tag) => tag.id).sort()).toEqual(["en", "fr"]);
    expect(tags.pipelineTag.map((tag) => tag.id)).not.toContain("secret-task");
    expect(tags.library.map((tag) => tag.id)).not.toContain("secretlib");
  });

  it("lists the dataset tags with their prefixes", async () => {
    const tags = await getDatasetTags({ hubUrl: server.url });
    expect(tags.language.map((tag) => [tag.id, tag.label]).sort()).toEqual([
      ["language:en", "en"],
      ["language:fr", "fr"],
    ]);
    expect(tags.taskCategories.map((tag) => tag.id).sort()).toEqual([
      "task_categories:question-answering",
      "task_categories:text-classification",
    ]);
    expect(tags.taskIds.map((tag) => tag.id)).toEqual(["task_ids:sentiment-classification"]);
  });
});

describe("search arguments", () => {
  it("maps cleaned labels to model tag ids and work as filters", async () => {
    const args = await modelSearchArguments({ hubUrl: server.url });
    expect(args.pipelineTag.TextClassification).toBe("text-classification");
    expect(args.library.PyTorch).toBe("pytorch");
    expect(args.license.mit).toBe("license:mit");
    expect(args.language.en).toBe("en");
    let count = 0;
    for await (const model of listModels({ hubUrl: server.url, filter: { task: args.pipelineTag.TextGeneration } })) {
      expect(model.id).toBe("alice/gpt-tiny");
      count++;
    }
    expect(count).toBe(1);
  });

  it("maps cleaned labels to prefixed dataset tag ids", async () => {
    const args = await datasetSearchArguments({ hubUrl: server.url });
    expect(args.language.fr).toBe("language:fr");
    expect(args.taskCategories.question_answering).toBe("task_categories:question-answering");
    const found: string[] = [];
    for await (const dataset of listDatasets({ hubUrl: server.url, filter: { language: args.language.fr } })) found.push(dataset.id);
    expect(found).toEqual(["alice/squad-fr"]);
  });
});
