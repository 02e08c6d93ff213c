import type { KnownModelTag } from "./known-tags.ts";

/** One value or several. */
export type OneOrMany<T> = T | readonly T[];

/** Readable model filters (the seed's `ModelFilter`), turned into `search`, `filter` and `tags` query parameters. */
export interface ModelFilter {
  /** Namespace; becomes the prefix `"{author}/"` of `search` (not the `author` parameter). */
  author?: string;
  /** Libraries, e.g. `"pytorch"`. */
  library?: OneOrMany<KnownModelTag | (string & {})>;
  /** Languages, e.g. `"en"`. */
  language?: OneOrMany<KnownModelTag | (string & {})>;
  /** Part of the model name; appended to `search` after the author prefix. */
  modelName?: string;
  /** Pipeline tags, e.g. `"text-classification"`. */
  task?: OneOrMany<KnownModelTag | (string & {})>;
  /** Datasets the model was trained on; `dataset:` is prefixed when missing (case-insensitive). */
  trainedDataset?: OneOrMany<string>;
  /** Other tags, sent as repeated `tags` parameters. */
  tags?: OneOrMany<string>;
}

/** Query parameters a filter becomes. */
export interface FilterQuery {
  /** Absent for a plain tag filter; may be `""` for a readable filter (sent as is, like the seed). */
  search?: string;
  filter: string[];
  tags: string[];
}

/** Turns a value or a list into a list. */
export function toList<T>(value: OneOrMany<T> | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? [...(value as readonly T[])] : [value as T];
}

/** `value` with `prefix` in front unless it already starts with it (case-insensitive). */
export function withPrefix(prefix: string, value: string): string {
  return value.toLowerCase().startsWith(prefix.toLowerCase()) ? value : `${prefix}${value}`;
}

/** The query of a plain tag filter (one tag or a list), passed through as repeated `filter`. */
export function tagsToQuery(filter: OneOrMany<string> | undefined): FilterQuery {
  return { filter: toList(filter), tags: [] };
}

/** Converts a `ModelFilter` into the Hub's query parameters (protocol 9.2). */
export function modelFilterToQuery(filter: ModelFilter): FilterQuery {
  return {
    search: (filter.author ? `${filter.author}/` : "") + (filter.modelName ?? ""),
    filter: [
      ...toList(filter.task),
      ...toList(filter.trainedDataset).map((dataset) => withPrefix("dataset:", dataset)),
      ...toList(filter.library),
      ...toList(filter.language),
    ],
    tags: toList(filter.tags),
  };
}
