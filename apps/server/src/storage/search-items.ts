import type { Database } from "./database.ts";
import { toRepo } from "./repos.ts";
import type { ListingRow } from "./search-query.ts";
import { spaceRuntime } from "./spaces.ts";

/** Which parts of each item to send. */
export interface OutputOptions {
  full: boolean;
  cardData: boolean;
  config: boolean;
  /** Only `_id`, `id` and these keys, when set. */
  expand: string[] | undefined;
}

function parseJson<T>(text: string | null, fallback: T): T {
  return text === null ? fallback : (JSON.parse(text) as T);
}

/**
 * One listing item, shaped like the Hub's: by default the light fields the Hub lists (models: no
 * sha, lastModified, author, gated or disabled; datasets: those too), with `full` everything of repo
 * info (files, card data of datasets and Spaces, Space links and runtime), plus `cardData` / `config`
 * on request; with `expand`, only `_id`, `id` and the keys asked for.
 */
export function listingItem(db: Database, row: ListingRow, output: OutputOptions, buildDelayMs: number): Record<string, unknown> {
  const id = `${row.namespace}/${row.name}`;
  const wants = (key: string) => output.expand?.includes(key) ?? false;
  const rich = output.full || output.expand !== undefined || row.type === "dataset";
  const item: Record<string, unknown> = { _id: row.object_id, id };
  if (rich || row.type === "space") item.author = row.namespace;
  if (rich) {
    item.sha = row.head_oid ?? undefined;
    item.lastModified = row.last_modified ?? row.created_at;
    item.gated = row.gated === "auto" || row.gated === "manual" ? row.gated : false;
    item.disabled = row.disabled === 1;
  }
  item.private = row.private === 1;
  item.likes = row.likes;
  item.downloads = row.downloads;
  item.tags = parseJson<string[]>(row.tags_json, []);
  item.createdAt = row.created_at;
  if (row.type === "model") {
    if (row.pipeline_tag !== null) item.pipeline_tag = row.pipeline_tag;
    if (row.library_name !== null) item.library_name = row.library_name;
    item.modelId = id;
  }
  if (row.type === "space") item.sdk = row.sdk ?? undefined;
  if (output.full || wants("siblings")) item.siblings = parseJson(row.siblings_json, []);
  if ((output.cardData || wants("cardData")) && row.card_json !== null) item.cardData = parseJson(row.card_json, {});
  if ((output.config || wants("config")) && row.config_json !== null) item.config = parseJson(row.config_json, {});
  if (row.type === "space" && (output.full || wants("runtime") || wants("models") || wants("datasets"))) {
    const links = parseJson<{ models: string[]; datasets: string[] }>(row.links_json, { models: [], datasets: [] });
    item.models = links.models;
    item.datasets = links.datasets;
    item.runtime = spaceRuntime(db, toRepo(row), buildDelayMs);
  }
  if (!output.expand) return item;
  const picked: Record<string, unknown> = { _id: item._id, id };
  for (const key of output.expand) if (item[key] !== undefined) picked[key] = item[key];
  return picked;
}
