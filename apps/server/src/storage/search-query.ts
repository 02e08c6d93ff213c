import type { Database } from "./database.ts";
import { DATASET_TAG_FIELDS } from "./search-index.ts";
import type { RepoRow, RepoType } from "./repos.ts";
import { statement } from "./statements.ts";

/** A parsed listing request. */
export interface ListingQuery {
  type: RepoType;
  /** Caller's user id, `null` when anonymous (then only public repos). */
  viewerId: number | null;
  search: string[];
  author: string | undefined;
  /** Tags that must all be present (case-insensitive). */
  tags: string[];
  pipelineTag: string | undefined;
  /** Spaces only: linked models / datasets, or any link. */
  models: string[];
  datasets: string[];
  linked: boolean;
  sort: SortKey | undefined;
  descending: boolean;
  pageSize: number;
  /** Keyset position after which the page starts. */
  after: Cursor | undefined;
  /** Large columns to read (left out they cost a page read per row). */
  include: { card: boolean; config: boolean; siblings: boolean; links: boolean };
}

/** Where the previous page ended: its last sort value and row id. */
export interface Cursor {
  value: string | number | null;
  id: number;
}

/** One row of a listing page. */
export interface ListingRow extends RepoRow {
  head_oid: string | null;
  last_modified: string | null;
  pipeline_tag: string | null;
  library_name: string | null;
  tags_json: string | null;
  card_json: string | null;
  config_json: string | null;
  siblings_json: string | null;
  links_json: string | null;
  likes: number;
  sort_value: string | number | null;
}

const LIKES = "(SELECT COUNT(*) FROM likes l WHERE l.repo_id = r.id)";

/** Sort keys and the SQL they sort on. */
export const SORT_EXPRESSIONS = {
  id: "lower(r.namespace || '/' || r.name)",
  author: "lower(r.namespace)",
  lastModified: "s.last_modified",
  createdAt: "r.created_at",
  downloads: "r.downloads",
  likes: LIKES,
  trendingScore: LIKES,
} as const;

/** A sort key the listing understands. */
export type SortKey = keyof typeof SORT_EXPRESSIONS;

/** Whether `value` is a known sort key. */
export function isSortKey(value: string): value is SortKey {
  return Object.hasOwn(SORT_EXPRESSIONS, value);
}

/**
 * One page of a listing, with keyset pagination: rows after the cursor in (sort value, row id)
 * order, at most `pageSize + 1` of them (the extra one tells that a next page exists).
 */
export function queryListingPage(db: Database, query: ListingQuery): ListingRow[] {
  const where: string[] = ["r.type = ?"];
  const values: unknown[] = [query.type];
  if (query.viewerId === null) where.push("r.private = 0");
  else {
    where.push(`(r.private = 0 OR r.namespace IN (SELECT name FROM accounts WHERE id = ?
      UNION SELECT a.name FROM org_members m JOIN accounts a ON a.id = m.org_id WHERE m.user_id = ?))`);
    values.push(query.viewerId, query.viewerId);
  }
  for (const term of query.search) {
    if (term === "") continue;
    where.push("(r.namespace || '/' || r.name) LIKE ? ESCAPE '\\'");
    values.push(`%${term.replace(/[\\%_]/g, (character) => `\\${character}`)}%`);
  }
  if (query.author !== undefined) {
    where.push("r.namespace = ?");
    values.push(query.author);
  }
  for (const tag of query.tags) {
    where.push("r.id IN (SELECT repo_id FROM repo_tags WHERE tag = ?)");
    values.push(tag);
  }
  if (query.pipelineTag !== undefined) {
    where.push("s.pipeline_tag = ? COLLATE NOCASE");
    values.push(query.pipelineTag);
  }
  for (const [kind, targets] of [
    ["model", query.models],
    ["dataset", query.datasets],
  ] as const) {
    for (const target of targets) {
      where.push("r.id IN (SELECT repo_id FROM repo_links WHERE kind = ? AND target = ?)");
      values.push(kind, target);
    }
  }
  if (query.linked) where.push("r.id IN (SELECT repo_id FROM repo_links)");
  const sortExpression = query.sort ? SORT_EXPRESSIONS[query.sort] : "r.id";
  const order = query.descending ? "DESC" : "ASC";
  const comparison = query.descending ? "<" : ">";
  if (query.after) {
    if (query.sort) {
      where.push(`(${sortExpression} ${comparison} ? OR (${sortExpression} IS ? AND r.id ${comparison} ?))`);
      values.push(query.after.value, query.after.value, query.after.id);
    } else {
      where.push(`r.id ${comparison} ?`);
      values.push(query.after.id);
    }
  }
  const sql = `SELECT r.id, r.object_id, r.type, r.namespace, r.name, r.private, r.gated, r.disabled, r.sdk, r.downloads, r.created_at,
      s.head_oid, s.last_modified, s.pipeline_tag, s.library_name, s.tags_json,
      ${query.include.card ? "s.card_json" : "NULL AS card_json"}, ${query.include.config ? "s.config_json" : "NULL AS config_json"},
      ${query.include.siblings ? "s.siblings_json" : "NULL AS siblings_json"}, ${query.include.links ? "s.links_json" : "NULL AS links_json"},
      ${LIKES} AS likes, ${sortExpression} AS sort_value
    FROM repos r LEFT JOIN repo_search s ON s.repo_id = r.id
    WHERE ${where.join(" AND ")}
    ORDER BY ${query.sort ? `${sortExpression} ${order}, ` : ""}r.id ${order}
    LIMIT ?`;
  return db.prepare(sql).all(...values, query.pageSize + 1) as ListingRow[];
}

/** Encodes a cursor as an opaque URL-safe string. */
export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.value, cursor.id])).toString("base64url");
}

/** Decodes a cursor; undefined when malformed. */
export function decodeCursor(text: string): Cursor | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
    if (!Array.isArray(value) || value.length !== 2 || typeof value[1] !== "number") return undefined;
    const [sortValue, id] = value as [unknown, number];
    if (sortValue !== null && typeof sortValue !== "string" && typeof sortValue !== "number") return undefined;
    return { value: sortValue, id };
  } catch {
    return undefined;
  }
}

/** Tag types listed by `GET /api/{models,datasets}-tags-by-type`. */
export const CATALOG_TYPES: Record<"model" | "dataset", readonly string[]> = {
  model: ["pipeline_tag", "library", "language", "license", "dataset"],
  dataset: DATASET_TAG_FIELDS,
};

/** The tags of public repos of a type, grouped by catalog type, most used first. */
export function queryTagCatalog(db: Database, type: "model" | "dataset"): Array<{ type: string; id: string; count: number }> {
  const types = CATALOG_TYPES[type];
  return statement(
    db,
    `SELECT t.type AS type, MIN(t.tag) AS id, COUNT(*) AS count FROM repo_tags t JOIN repos r ON r.id = t.repo_id
       WHERE r.type = ? AND r.private = 0 AND t.type IN (${types.map(() => "?").join(", ")})
       GROUP BY t.type, t.tag ORDER BY count DESC, id`,
  ).all(type, ...types) as Array<{ type: string; id: string; count: number }>;
}
