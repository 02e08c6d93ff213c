import { type HubOptions, type SearchParams } from "@hub/core";
import { HubOptionsEntries, NonEmptyStringSchema, PositiveIntegerSchema, clientEntry } from "@hub/core/internal";
import { CLIENT } from "./client.ts";
import * as v from "@hub/core/internal/valibot";
import type { FilterQuery, OneOrMany } from "./model-filter.ts";

/** Sort keys the Hub knows; any other repo property name is accepted too. */
export type ListSort = "lastModified" | "likes" | "downloads" | "id" | "createdAt" | "author" | "trendingScore" | (string & {});

/** Parameters shared by `listModels`, `listDatasets` and `listSpaces`. */
export interface ListReposParams extends HubOptions {
  /** Namespace (user or organization) of the repos. */
  author?: string;
  /** A substring of the repo id (case-insensitive). */
  search?: string;
  /** Property to sort by, e.g. `"lastModified"`, `"likes"`, `"downloads"`. */
  sort?: ListSort;
  /**
   * `-1` sorts descending, `1` ascending. huggingface.co always sorts descending and ignores it (the
   * Python client removed the parameter); the local server honours it.
   */
  direction?: -1 | 1;
  /** Stop after this many items; also the page size asked for (at most 1000). */
  limit?: number;
  /** Full records: files (`siblings`), `sha`, `lastModified`, card data... */
  full?: boolean;
  /** Only these fields (with `_id` and `id`); cannot be combined with `full`, `cardData` or `fetchConfig`. */
  expand?: OneOrMany<string>;
}

const StringList = /* @__PURE__ */ (() =>
  v.union([v.string("must be a string"), v.array(v.string("must be a string"))], "must be a string or a list of strings"))();

/** Valibot entries shared by the list operations. */
export const ListReposEntries = /* @__PURE__ */ (() => ({
  ...HubOptionsEntries,
  ...clientEntry(CLIENT),
  author: v.optional(v.string("must be a string")),
  search: v.optional(v.string("must be a string")),
  sort: v.optional(NonEmptyStringSchema),
  direction: v.optional(v.picklist([-1, 1], "must be -1 or 1")),
  limit: v.optional(PositiveIntegerSchema),
  full: v.optional(v.boolean("must be a boolean")),
  expand: v.optional(StringList),
}))();

/** Schema of a plain filter: one tag or a list of tags. */
export const TagListSchema = StringList;

/** The largest page the Hub serves. */
export const MAX_PAGE_SIZE = 1000;

/** Rejects `expand` together with `full`, `cardData` or `fetchConfig` (the Hub forbids the mix). */
export function expandIsExclusive<
  Input extends { expand?: unknown; full?: boolean | undefined; cardData?: boolean | undefined; fetchConfig?: boolean | undefined },
>() {
  return v.check<Input, string>(
    (input) => input.expand === undefined || (input.full !== true && input.cardData !== true && input.fetchConfig !== true),
    "expand cannot be combined with full, cardData or fetchConfig",
  );
}

/** Query parameters common to the three listings. */
export function commonSearchParams(
  params: {
    author?: string | undefined;
    search?: string | undefined;
    sort?: string | undefined;
    direction?: number | undefined;
    limit?: number | undefined;
    expand?: OneOrMany<string> | undefined;
  },
  filter: FilterQuery,
): SearchParams {
  return {
    search: params.search ?? filter.search,
    author: params.author,
    filter: filter.filter,
    tags: filter.tags,
    sort: params.sort,
    direction: params.direction,
    limit: params.limit === undefined ? undefined : Math.min(params.limit, MAX_PAGE_SIZE),
    expand: params.expand === undefined ? undefined : typeof params.expand === "string" ? [params.expand] : [...params.expand],
  };
}
