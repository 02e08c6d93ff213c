import type { BlobStore } from "./blobs.ts";
import type { Database } from "./database.ts";
import { getCommit, lookupPath } from "./objects.ts";
import { getRef } from "./refs.ts";
import { readCardData, siblingsOf, tagsFromCard } from "./repo-summary.ts";
import { getRepoById, type Repo } from "./repos.ts";
import { statement } from "./statements.ts";

/** Card fields of datasets that become prefixed tags (`language:en`, `task_categories:...`); also the tag types of the dataset catalog. */
export const DATASET_TAG_FIELDS = [
  "language",
  "multilinguality",
  "language_creators",
  "annotations_creators",
  "task_categories",
  "task_ids",
  "size_categories",
  "source_datasets",
  "benchmark",
  "license",
] as const;

/** What the index stores for one repo. */
export interface IndexedRepo {
  headOid: string;
  lastModified: string;
  pipelineTag: string | null;
  libraryName: string | null;
  /** Tags shown in listings, in card order. */
  tags: string[];
  /** Tags that filters match (lower-cased comparison), with their catalog type. */
  filterTags: Array<{ tag: string; type: string }>;
  card: Record<string, unknown> | undefined;
  config: Record<string, unknown> | undefined;
  siblings: Array<Record<string, unknown>>;
  /** Models and datasets a Space uses (from its card). */
  links: { models: string[]; datasets: string[] };
}

function asList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((item) => item !== null && item !== undefined).map(String);
  return value === undefined || value === null || value === "" ? [] : [String(value)];
}

/** The tags of a card with their catalog types, as filters match them. */
export function typedTags(repo: Repo, card: Record<string, unknown> | undefined): Array<{ tag: string; type: string }> {
  const tags: Array<{ tag: string; type: string }> = [];
  const add = (tag: string, type: string) => tags.push({ tag, type });
  if (!card) return repo.type === "space" && repo.sdk ? [{ tag: repo.sdk, type: "sdk" }] : tags;
  if (repo.type === "dataset") {
    for (const field of DATASET_TAG_FIELDS)
      for (const value of asList(card[field]))
        add(value.includes(":") && value.startsWith(`${field}:`) ? value : `${field}:${value}`, field);
  } else {
    for (const value of asList(card.pipeline_tag)) add(value, "pipeline_tag");
    for (const value of asList(card.library_name)) add(value, "library");
    for (const value of asList(card.language)) add(value, "language");
    for (const value of asList(card.license)) add(`license:${value}`, "license");
    for (const value of asList(card.license)) add(value, "license_plain");
    if (repo.type === "space" && repo.sdk) add(repo.sdk, "sdk");
  }
  for (const value of asList(card.datasets))
    if (repo.type !== "space") add(value.startsWith("dataset:") ? value : `dataset:${value}`, "dataset");
  for (const value of asList(card.tags)) add(value, "other");
  return tags;
}

/** Computes the index entry of a repo from the head of its `main` branch (undefined without one). */
export function computeIndexEntry(db: Database, blobs: BlobStore, repo: Repo): IndexedRepo | undefined {
  const headOid = getRef(db, repo.id, "refs/heads/main");
  const commit = headOid ? getCommit(db, repo.id, headOid) : undefined;
  if (!commit) return undefined;
  const card = readCardData(db, blobs, commit);
  const tags = tagsFromCard(repo, card);
  const filterTags = typedTags(repo, card);
  for (const tag of tags)
    if (!filterTags.some((entry) => entry.tag.toLowerCase() === tag.toLowerCase())) filterTags.push({ tag, type: "other" });
  return {
    headOid: commit.oid,
    lastModified: commit.createdAt,
    pipelineTag: typeof card?.pipeline_tag === "string" ? card.pipeline_tag : null,
    libraryName: typeof card?.library_name === "string" ? card.library_name : null,
    tags,
    filterTags,
    card,
    config: repo.type === "model" ? readConfig(db, blobs, commit.treeOid) : undefined,
    siblings: siblingsOf(db, commit, false),
    links: repo.type === "space" ? { models: asList(card?.models), datasets: asList(card?.datasets) } : { models: [], datasets: [] },
  };
}

function readConfig(db: Database, blobs: BlobStore, treeOid: string): Record<string, unknown> | undefined {
  const entry = lookupPath(db, treeOid, "config.json");
  if (!entry?.blob || entry.blob.lfs || entry.blob.size > 256 * 1024) return undefined;
  try {
    const value: unknown = JSON.parse(blobs.readBytesSync(entry.blob.sha256).toString("utf8"));
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the index rows of a repo (replacing the old ones). */
export function writeIndexEntry(db: Database, repoId: number, entry: IndexedRepo): void {
  statement(
    db,
    `INSERT OR REPLACE INTO repo_search (repo_id, head_oid, last_modified, pipeline_tag, library_name, tags_json, card_json, config_json, siblings_json, links_json)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    repoId,
    entry.headOid,
    entry.lastModified,
    entry.pipelineTag,
    entry.libraryName,
    JSON.stringify(entry.tags),
    entry.card ? JSON.stringify(entry.card) : null,
    entry.config ? JSON.stringify(entry.config) : null,
    JSON.stringify(entry.siblings),
    JSON.stringify(entry.links),
  );
  statement(db, "DELETE FROM repo_tags WHERE repo_id = ?").run(repoId);
  statement(db, "DELETE FROM repo_links WHERE repo_id = ?").run(repoId);
  const insertTag = statement(db, "INSERT OR IGNORE INTO repo_tags (repo_id, tag, type) VALUES (?, ?, ?)");
  for (const { tag, type } of entry.filterTags) insertTag.run(repoId, tag, type);
  const insertLink = statement(db, "INSERT OR IGNORE INTO repo_links (repo_id, kind, target) VALUES (?, ?, ?)");
  for (const target of entry.links.models) insertLink.run(repoId, "model", target);
  for (const target of entry.links.datasets) insertLink.run(repoId, "dataset", target);
}

/** Re-indexes every repo whose `main` moved since the last listing (usually none: one indexed lookup). */
export function refreshSearchIndex(db: Database, blobs: BlobStore): void {
  const dirty = statement(db, "SELECT repo_id FROM repo_search_dirty").all() as Array<{ repo_id: number }>;
  if (dirty.length === 0) return;
  db.transaction(() => {
    for (const { repo_id: repoId } of dirty) {
      const repo = getRepoById(db, repoId);
      const entry = repo && computeIndexEntry(db, blobs, repo);
      if (entry) writeIndexEntry(db, repoId, entry);
      statement(db, "DELETE FROM repo_search_dirty WHERE repo_id = ?").run(repoId);
    }
  })();
}
