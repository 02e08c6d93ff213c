import { describe, expectTypeOf, it } from "vitest";
import { listDatasets } from "./list-datasets.ts";
import type { DatasetListItem, ModelListItem, RepoListItem } from "./list-items.ts";
import { type ListModelsParams, listModels } from "./list-models.ts";

describe("leaf operation types: @hub/search", () => {
  it("listModels takes known tags or any string, a tuple of emission bounds, and HubOptions", () => {
    expectTypeOf(listModels).toBeCallableWith({ filter: "text-classification" });
    expectTypeOf(listModels).toBeCallableWith({
      filter: ["pytorch", "my-own-tag"],
      emissionsThresholds: [0, 10],
      accessToken: "hf_x",
      limit: 5,
    });
    expectTypeOf<ListModelsParams["emissionsThresholds"]>().toEqualTypeOf<readonly [number, number] | undefined>();
    // @ts-expect-error emissionsThresholds is a [min, max] pair
    listModels({ emissionsThresholds: [1] });
  });

  it("list items are typed objects with dates as Date, iterated lazily", () => {
    expectTypeOf(listModels()).toEqualTypeOf<AsyncGenerator<ModelListItem, void, undefined>>();
    expectTypeOf<ModelListItem>().toMatchTypeOf<RepoListItem>();
    expectTypeOf<ModelListItem["lastModified"]>().toEqualTypeOf<Date | undefined>();
    expectTypeOf<ModelListItem["pipelineTag"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf(listDatasets()).toEqualTypeOf<AsyncGenerator<DatasetListItem, void, undefined>>();
  });
});
