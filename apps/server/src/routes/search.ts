import type { Context, Hono } from "hono";
import type { ServerContext } from "../context.ts";
import { authenticate } from "../http/auth.ts";
import { badRequest } from "../http/errors.ts";
import { isTrueFlag } from "../http/paths.ts";
import { json } from "../http/respond.ts";
import { nextLink, requestUrlOnOrigin } from "../http/urls.ts";
import type { RepoType } from "../storage/repos.ts";
import { refreshSearchIndex } from "../storage/search-index.ts";
import { listingItem, type OutputOptions } from "../storage/search-items.ts";
import { decodeCursor, encodeCursor, isSortKey, type ListingQuery, queryListingPage, queryTagCatalog } from "../storage/search-query.ts";
import { METRICS, tagLabel } from "../storage/search-catalog.ts";

/** Largest (and default) page of a listing. */
export const MAX_PAGE_SIZE = 1000;

/**
 * Search: `GET /api/models|datasets|spaces` (filters, sorts, keyset `Link` pagination),
 * `GET /api/models-tags-by-type`, `GET /api/datasets-tags-by-type` and `GET /api/metrics`.
 */
export function register(app: Hono, context: ServerContext): void {
  for (const type of ["model", "dataset", "space"] as const) {
    app.get(`/api/${type}s`, (c) => listRepos(c, context, type));
  }
  app.get("/api/models-tags-by-type", () => tagCatalog(context, "model"));
  app.get("/api/datasets-tags-by-type", () => tagCatalog(context, "dataset"));
  app.get("/api/metrics", () => json(METRICS));
}

function listRepos(c: Context, context: ServerContext, type: RepoType): Response {
  const auth = authenticate(c, context.db);
  const url = new URL(c.req.url);
  const output = parseOutputOptions(url.searchParams, type);
  const query = parseListingQuery(url.searchParams, type, auth?.user.id ?? null, output);
  refreshSearchIndex(context.db, context.blobs);
  const rows = queryListingPage(context.db, query);
  const page = rows.slice(0, query.pageSize);
  const headers: Record<string, string> = {};
  const last = page.at(-1);
  if (rows.length > query.pageSize && last) {
    const next = requestUrlOnOrigin(c, context);
    next.searchParams.set("cursor", encodeCursor({ value: last.sort_value, id: last.id }));
    headers.Link = nextLink(next);
  }
  const buildDelayMs = context.config.spaceBuildDelayMs ?? 0;
  return json(
    page.map((row) => listingItem(context.db, row, output, buildDelayMs)),
    200,
    headers,
  );
}

function parseOutputOptions(params: URLSearchParams, type: RepoType): OutputOptions {
  const expand = [...params.getAll("expand"), ...params.getAll("expand[]")];
  const full = isTrueFlag(params.get("full"));
  const cardData = isTrueFlag(params.get("cardData"));
  const config = type === "model" && isTrueFlag(params.get("config"));
  if (expand.length > 0 && (full || cardData || config)) throw badRequest("expand cannot be combined with full, cardData or config");
  return { full, cardData: cardData || (full && type !== "model"), config, expand: expand.length > 0 ? expand : undefined };
}

function parseListingQuery(params: URLSearchParams, type: RepoType, viewerId: number | null, output: OutputOptions): ListingQuery {
  const sort = params.get("sort") ?? undefined;
  if (sort !== undefined && !isSortKey(sort))
    throw badRequest(`Invalid sort: ${sort} (one of id, author, lastModified, createdAt, downloads, likes, trendingScore)`);
  const direction = params.get("direction");
  if (direction !== null && direction !== "-1" && direction !== "1") throw badRequest("direction must be -1 or 1");
  const limitText = params.get("limit");
  const limit = limitText === null ? MAX_PAGE_SIZE : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1) throw badRequest("limit must be a positive integer");
  const cursorText = params.get("cursor");
  const after = cursorText === null ? undefined : decodeCursor(cursorText);
  if (cursorText !== null && !after) throw badRequest("Invalid cursor");
  const list = (name: string) => params.getAll(name).filter((value) => value !== "");
  return {
    type,
    viewerId,
    search: params.getAll("search"),
    author: params.get("author") || undefined,
    tags: [...list("filter"), ...list("tags")],
    pipelineTag: params.get("pipeline_tag") || undefined,
    models: type === "space" ? list("models") : [],
    datasets: type === "space" ? list("datasets") : [],
    linked: type === "space" && isTrueFlag(params.get("linked")),
    sort: sort as ListingQuery["sort"],
    // The Hub sorts descending unless told otherwise; the default order (no sort) is creation order.
    descending: sort !== undefined && direction !== "1",
    pageSize: Math.min(limit, MAX_PAGE_SIZE),
    after,
    include: {
      card: output.cardData || wants(output, "cardData"),
      config: output.config || wants(output, "config"),
      siblings: output.full || wants(output, "siblings"),
      links: type === "space" && (output.full || wants(output, "models") || wants(output, "datasets") || wants(output, "runtime")),
    },
  };
}

function wants(output: OutputOptions, key: string): boolean {
  return output.expand?.includes(key) ?? false;
}

function tagCatalog(context: ServerContext, type: "model" | "dataset"): Response {
  refreshSearchIndex(context.db, context.blobs);
  const catalog: Record<string, Array<{ id: string; label: string; type: string }>> = {};
  for (const row of queryTagCatalog(context.db, type)) {
    (catalog[row.type] ??= []).push({ id: row.id, label: tagLabel(row.type, row.id), type: row.type });
  }
  return json(catalog);
}
