import type { KnownDatasetTag } from "./known-tags.ts";
import { type FilterQuery, type OneOrMany, toList, withPrefix } from "./model-filter.ts";

/** A dataset tag value, with or without its `type:` prefix. */
type DatasetTagValue = OneOrMany<KnownDatasetTag | (string & {})>;

/** Readable dataset filters (the seed's `DatasetFilter`); each value becomes a `filter` entry `"{field}:{value}"`. */
export interface DatasetFilter {
  /** Namespace; becomes the prefix `"{author}/"` of `search`. */
  author?: string;
  benchmark?: DatasetTagValue;
  /** Part of the dataset name; appended to `search` after the author prefix. */
  datasetName?: string;
  languageCreators?: DatasetTagValue;
  language?: DatasetTagValue;
  multilinguality?: DatasetTagValue;
  sizeCategories?: DatasetTagValue;
  taskCategories?: DatasetTagValue;
  taskIds?: DatasetTagValue;
}

const FIELDS = [
  ["benchmark", "benchmark"],
  ["languageCreators", "language_creators"],
  ["language", "language"],
  ["multilinguality", "multilinguality"],
  ["sizeCategories", "size_categories"],
  ["taskCategories", "task_categories"],
  ["taskIds", "task_ids"],
] as const;

/** Converts a `DatasetFilter` into the Hub's query parameters (protocol 9.2). */
export function datasetFilterToQuery(filter: DatasetFilter): FilterQuery {
  const entries: string[] = [];
  for (const [field, prefix] of FIELDS) {
    for (const value of toList(filter[field])) entries.push(withPrefix(`${prefix}:`, value));
  }
  return { search: (filter.author ? `${filter.author}/` : "") + (filter.datasetName ?? ""), filter: entries, tags: [] };
}
