import { paginate } from "@hub/core";
import { parse } from "@hub/core/internal";
import * as v from "@hub/core/internal/valibot";
import { withinEmissions } from "./emissions.ts";
import { commonSearchParams, expandIsExclusive, ListReposEntries, type ListReposParams, TagListSchema } from "./list-params.ts";
import { type ModelListItem, toModelListItem } from "./list-items.ts";
import { type ModelFilter, modelFilterToQuery, type OneOrMany, tagsToQuery } from "./model-filter.ts";
import type { KnownModelTag } from "./known-tags.ts";

/** Parameters of `listModels`. */
export interface ListModelsParams extends ListReposParams {
  /** Tags that must all match (`"text-classification"`, `["pytorch", "en"]`), or a readable `ModelFilter`. */
  filter?: OneOrMany<KnownModelTag | (string & {})> | ModelFilter;
  /** Keep models whose card declares CO2 emissions within `[min, max]` grams (client-side; needs `cardData`). */
  emissionsThresholds?: readonly [number, number];
  /** Include the README metadata (`cardData`). */
  cardData?: boolean;
  /** Include the model `config` (not part of `full`). */
  fetchConfig?: boolean;
}

const ModelFilterSchema = /* @__PURE__ */ (() =>
  v.object({
    author: v.optional(v.string("must be a string")),
    library: v.optional(TagListSchema),
    language: v.optional(TagListSchema),
    modelName: v.optional(v.string("must be a string")),
    task: v.optional(TagListSchema),
    trainedDataset: v.optional(TagListSchema),
    tags: v.optional(TagListSchema),
  }))();

const ListModelsSchema = /* @__PURE__ */ (() =>
  v.pipe(
    v.object({
      ...ListReposEntries,
      filter: v.optional(v.union([TagListSchema, ModelFilterSchema], "must be a tag, a list of tags or a ModelFilter")),
      emissionsThresholds: v.optional(v.tuple([v.number("must be a number"), v.number("must be a number")], "must be [minimum, maximum]")),
      cardData: v.optional(v.boolean("must be a boolean")),
      fetchConfig: v.optional(v.boolean("must be a boolean")),
    }),
    expandIsExclusive(),
    v.check((input) => input.emissionsThresholds === undefined || input.cardData === true, "emissionsThresholds needs cardData: true"),
  ))();

/**
 * Lists models lazily, page after page (`Link` pagination), with the Hub's filters and sorts.
 * A filter implies `full` unless `full: false` or `expand` is given (the Hub rejects `full` with `expand`).
 * Sorting is always descending on the Hub: `direction` is sent for servers that read it, and huggingface.co ignores it.
 * @example for await (const model of listModels({ filter: "text-classification", limit: 10 })) console.log(model.id);
 * @throws {HubValidationError} on bad parameters, before any request.
 * @throws {HubHttpError} when the Hub refuses a page.
 */
export async function* listModels(params: ListModelsParams = {}): AsyncGenerator<ModelListItem, void, undefined> {
  const { filter, emissionsThresholds, cardData, fetchConfig, author, search, sort, direction, limit, full, expand, ...options } = parse(
    ListModelsSchema,
    params,
  );
  const query =
    filter === undefined || typeof filter === "string" || Array.isArray(filter)
      ? tagsToQuery(filter as OneOrMany<string> | undefined)
      : modelFilterToQuery(filter);
  const searchParams = {
    ...commonSearchParams({ author, search, sort, direction, limit, expand }, query),
    // Never `full` behind the caller's back with `expand`: the Hub refuses the two together.
    full: full ?? (filter !== undefined && expand === undefined ? true : undefined),
    cardData: cardData || undefined,
    config: fetchConfig || undefined,
  };
  let count = 0;
  for await (const raw of paginate<unknown>(options, { path: "/api/models", searchParams })) {
    const model = toModelListItem(raw);
    if (emissionsThresholds && !withinEmissions(model.cardData, emissionsThresholds)) continue;
    yield model;
    if (limit !== undefined && ++count >= limit) return;
  }
}
