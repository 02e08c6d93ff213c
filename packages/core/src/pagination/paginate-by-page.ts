import { hubRequest } from "../http/hub-request.ts";
import type { HubRequest } from "../http/hub-request-types.ts";
import type { HubOptions } from "../options.ts";

/** What a page-number listing page holds: its items, the total count and the index of its first item. */
export interface PageSlice<Item> {
  items: readonly Item[];
  /** Total number of items across all pages. */
  count: number;
  /** Index of `items[0]` in the whole listing. */
  start: number;
}

/** Settings of `paginateByPage`. */
export interface PaginateByPageOptions<Page, Item> {
  /** Reads one JSON page. */
  extract(page: Page): PageSlice<Item>;
  /** Stop after this many items. */
  limit?: number | undefined;
  /** Query parameter of the page index, default `"p"`. */
  pageParameter?: string;
}

/**
 * Yields the items of a listing paged by number (`p=0,1,...`, like discussions), lazily, while
 * `start + items.length < count`.
 * @throws {HubHttpError} and the other errors of `hubRequest`.
 */
export async function* paginateByPage<Page, Item>(
  options: HubOptions,
  request: HubRequest,
  pagination: PaginateByPageOptions<Page, Item>,
): AsyncGenerator<Item, void, undefined> {
  const limit = pagination.limit ?? Number.POSITIVE_INFINITY;
  const parameter = pagination.pageParameter ?? "p";
  let count = 0;
  for (let pageIndex = 0; count < limit; pageIndex++) {
    const page = await hubRequest<Page>(options, {
      ...request,
      responseType: "json",
      searchParams: { ...request.searchParams, [parameter]: pageIndex },
    });
    const slice = pagination.extract(page);
    for (const item of slice.items) {
      yield item;
      if (++count >= limit) return;
    }
    if (slice.items.length === 0 || slice.start + slice.items.length >= slice.count) return;
  }
}
