import { paginate } from "@hub/core";
import { parse } from "@hub/core/internal";
import * as v from "@hub/core/internal/valibot";
import { type SpaceListItem, toSpaceListItem } from "./list-items.ts";
import { commonSearchParams, expandIsExclusive, ListReposEntries, type ListReposParams, TagListSchema } from "./list-params.ts";
import { type OneOrMany, tagsToQuery, toList } from "./model-filter.ts";

/** Parameters of `listSpaces`. */
export interface ListSpacesParams extends ListReposParams {
  /** Tags that must all match, e.g. `"gradio"`. */
  filter?: OneOrMany<string>;
  /** Only Spaces using these datasets (from their card), e.g. `"alice/squad"`. */
  datasets?: OneOrMany<string>;
  /** Only Spaces using these models (from their card). */
  models?: OneOrMany<string>;
  /** Only Spaces using any model or dataset. */
  linked?: boolean;
}

const ListSpacesSchema = /* @__PURE__ */ (() =>
  v.pipe(
    v.object({
      ...ListReposEntries,
      filter: v.optional(TagListSchema),
      datasets: v.optional(TagListSchema),
      models: v.optional(TagListSchema),
      linked: v.optional(v.boolean("must be a boolean")),
    }),
    expandIsExclusive(),
  ))();

/**
 * Lists Spaces lazily, page after page (`Link` pagination), with the Hub's filters and sorts.
 * @example for await (const space of listSpaces({ models: "alice/bert", limit: 5 })) console.log(space.id);
 * @throws {HubValidationError} on bad parameters, before any request.
 * @throws {HubHttpError} when the Hub refuses a page.
 */
export async function* listSpaces(params: ListSpacesParams = {}): AsyncGenerator<SpaceListItem, void, undefined> {
  const { filter, datasets, models, linked, author, search, sort, direction, limit, full, expand, ...options } = parse(
    ListSpacesSchema,
    params,
  );
  const searchParams = {
    ...commonSearchParams({ author, search, sort, direction, limit, expand }, tagsToQuery(filter)),
    datasets: toList(datasets),
    models: toList(models),
    linked: linked || undefined,
    full,
  };
  for await (const raw of paginate<unknown>(options, { path: "/api/spaces", searchParams }, { limit })) yield toSpaceListItem(raw);
}
