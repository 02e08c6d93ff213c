import { paginate } from "@hub/core";
import { parse } from "@hub/core/internal";
import * as v from "@hub/core/internal/valibot";
import { type DatasetFilter, datasetFilterToQuery } from "./dataset-filter.ts";
import type { KnownDatasetTag } from "./known-tags.ts";
import { type DatasetListItem, toDatasetListItem } from "./list-items.ts";
import { commonSearchParams, expandIsExclusive, ListReposEntries, type ListReposParams, TagListSchema } from "./list-params.ts";
import { type OneOrMany, tagsToQuery } from "./model-filter.ts";

/** Parameters of `listDatasets`. */
export interface ListDatasetsParams extends ListReposParams {
  /** Tags that must all match (`"task_categories:text-classification"`), or a readable `DatasetFilter`. */
  filter?: OneOrMany<KnownDatasetTag | (string & {})> | DatasetFilter;
  /** Include the README metadata (`cardData`). */
  cardData?: boolean;
}

const DatasetFilterSchema = /* @__PURE__ */ (() =>
  v.object({
    author: v.optional(v.string("must be a string")),
    benchmark: v.optional(TagListSchema),
    datasetName: v.optional(v.string("must be a string")),
    languageCreators: v.optional(TagListSchema),
    language: v.optional(TagListSchema),
    multilinguality: v.optional(TagListSchema),
    sizeCategories: v.optional(TagListSchema),
    taskCategories: v.optional(TagListSchema),
    taskIds: v.optional(TagListSchema),
  }))();

const ListDatasetsSchema = /* @__PURE__ */ (() =>
  v.pipe(
    v.object({
      ...ListReposEntries,
      filter: v.optional(v.union([TagListSchema, DatasetFilterSchema], "must be a tag, a list of tags or a DatasetFilter")),
      cardData: v.optional(v.boolean("must be a boolean")),
    }),
    expandIsExclusive(),
  ))();

/**
 * Lists datasets lazily, page after page (`Link` pagination), with the Hub's filters and sorts.
 * @example for await (const dataset of listDatasets({ filter: { language: "en" } })) console.log(dataset.id);
 * @throws {HubValidationError} on bad parameters, before any request.
 * @throws {HubHttpError} when the Hub refuses a page.
 */
export async function* listDatasets(params: ListDatasetsParams = {}): AsyncGenerator<DatasetListItem, void, undefined> {
  const { filter, cardData, author, search, sort, direction, limit, full, expand, ...options } = parse(ListDatasetsSchema, params);
  const query =
    filter === undefined || typeof filter === "string" || Array.isArray(filter)
      ? tagsToQuery(filter as OneOrMany<string> | undefined)
      : datasetFilterToQuery(filter);
  const searchParams = {
    ...commonSearchParams({ author, search, sort, direction, limit, expand }, query),
    full,
    cardData: cardData || undefined,
  };
  for await (const raw of paginate<unknown>(options, { path: "/api/datasets", searchParams }, { limit })) yield toDatasetListItem(raw);
}
