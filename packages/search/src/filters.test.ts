import { describe, expect, it } from "vitest";
import { datasetFilterToQuery } from "./dataset-filter.ts";
import { cardEmissions } from "./emissions.ts";
import { modelFilterToQuery } from "./model-filter.ts";
import { toArgumentMap } from "./search-arguments.ts";
import { cleanLabel } from "./tag-catalog.ts";

describe("ModelFilter", () => {
  it("turns author and model name into a search prefix and the rest into filters", () => {
    expect(
      modelFilterToQuery({
        author: "google",
        modelName: "bert",
        task: "text-classification",
        trainedDataset: ["squad", "Dataset:glue"],
        library: ["pytorch", "tf"],
        language: "en",
        tags: "benchmark:raft",
      }),
    ).toEqual({
      search: "google/bert",
      filter: ["text-classification", "dataset:squad", "Dataset:glue", "pytorch", "tf", "en"],
      tags: ["benchmark:raft"],
    });
  });

  it("sends an empty search when neither author nor name is given", () => {
    expect(modelFilterToQuery({ library: "jax" })).toEqual({ search: "", filter: ["jax"], tags: [] });
  });
});

describe("DatasetFilter", () => {
  it("prefixes every value with its field unless already prefixed (case-insensitive)", () => {
    expect(
      datasetFilterToQuery({
        author: "alice",
        datasetName: "squad",
        language: ["en", "LANGUAGE:fr"],
        taskCategories: "audio-classification",
        sizeCategories: "100K<n<1M",
        benchmark: "raft",
        taskIds: "language-modeling",
        languageCreators: "found",
        multilinguality: "monolingual",
      }),
    ).toEqual({
      search: "alice/squad",
      filter: [
        "benchmark:raft",
        "language_creators:found",
        "language:en",
        "LANGUAGE:fr",
        "multilinguality:monolingual",
        "size_categories:100K<n<1M",
        "task_categories:audio-classification",
        "task_ids:language-modeling",
      ],
      tags: [],
    });
  });
});

describe("emissions", () => {
  it.each([
    [{ co2_eq_emissions: 12.5 }, 12.5],
    [{ co2_eq_emissions: { emissions: "about 40 g" } }, 40],
    [{ co2_eq_emissions: "3.25 grams" }, 3.25],
    [{}, undefined],
    [{ co2_eq_emissions: "unknown" }, undefined],
  ])("reads %j as %s", (card, expected) => {
    expect(cardEmissions(card)).toBe(expected);
  });
});

describe("search arguments", () => {
  it("cleans labels like the seed and maps them to ids", () => {
    expect(cleanLabel("Text Classification")).toBe("TextClassification");
    expect(cleanLabel("apache-2.0")).toBe("apache_2_0");
    const map = toArgumentMap([
      { id: "text-classification", label: "Text Classification", type: undefined, subType: undefined },
      { id: "language:en", label: "en", type: undefined, subType: undefined },
    ]);
    expect(map).toEqual({ TextClassification: "text-classification", text_classification: "text-classification", en: "language:en" });
  });
});
