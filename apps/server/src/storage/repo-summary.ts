import { parse as parseYaml } from "yaml";
import { lfsPointerInfo } from "../git/hash.ts";
import type { BlobStore } from "./blobs.ts";
import type { Database } from "./database.ts";
import { lookupPath, walkTree, type CommitRecord } from "./objects.ts";
import type { Repo } from "./repos.ts";
import { statement } from "./statements.ts";

/** Number of likes of a repo. */
export function likeCount(db: Database, repoId: number): number {
  return (statement(db, "SELECT COUNT(*) AS count FROM likes WHERE repo_id = ?").get(repoId) as { count: number }).count;
}

/** Parses the YAML front matter of a README (undefined when there is none or it is invalid). */
export function parseFrontMatter(text: string): Record<string, unknown> | undefined {
  const match = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---\s*(?:\r?\n|$)/.exec(text);
  if (!match) return undefined;
  try {
    const value = parseYaml(match[1]!) as unknown;
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The card metadata (README.md front matter) of a commit. */
export function readCardData(db: Database, blobs: BlobStore, commit: CommitRecord): Record<string, unknown> | undefined {
  const readme = lookupPath(db, commit.treeOid, "README.md");
  if (!readme?.blob || readme.blob.lfs || readme.blob.size > 1024 * 1024) return undefined;
  return parseFrontMatter(blobs.readBytesSync(readme.blob.sha256).toString("utf8"));
}

/** Dataset card fields listed as prefixed tags (`task_categories:translation`). */
const DATASET_PREFIXED_FIELDS = [
  "task_categories",
  "task_ids",
  "size_categories",
  "multilinguality",
  "language_creators",
  "annotations_creators",
  "source_datasets",
  "benchmark",
];

/** Tags derived from card data, the way the Hub lists them. */
export function tagsFromCard(repo: Repo, card: Record<string, unknown> | undefined): string[] {
  const tags = new Set<string>();
  const asList = (value: unknown) => (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]).map(String);
  if (!card) return [];
  if (typeof card.library_name === "string") tags.add(card.library_name);
  for (const tag of asList(card.tags)) tags.add(tag);
  if (typeof card.pipeline_tag === "string") tags.add(card.pipeline_tag);
  for (const dataset of asList(card.datasets)) tags.add(`dataset:${dataset}`);
  for (const language of asList(card.language)) tags.add(repo.type === "dataset" ? `language:${language}` : language);
  for (const license of asList(card.license)) tags.add(`license:${license}`);
  if (repo.type === "dataset") {
    for (const field of DATASET_PREFIXED_FIELDS) for (const value of asList(card[field])) tags.add(`${field}:${value}`);
  }
  return [...tags];
}

/** The `siblings` list of repo info; with `blobs`, sizes, blob ids and LFS details. */
export function siblingsOf(db: Database, commit: CommitRecord, withBlobs: boolean): Array<Record<string, unknown>> {
  return walkTree(db, commit.treeOid, "", true)
    .filter((entry) => entry.kind === "blob")
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((entry) => {
      if (!withBlobs || !entry.blob) return { rfilename: entry.path };
      const sibling: Record<string, unknown> = { rfilename: entry.path, size: entry.blob.size, blobId: entry.oid };
      if (entry.blob.lfs) {
        sibling.lfs = {
          size: entry.blob.size,
          sha256: entry.blob.sha256,
          pointerSize: lfsPointerInfo(entry.blob.sha256, entry.blob.size).pointerSize,
        };
      }
      return sibling;
    });
}
