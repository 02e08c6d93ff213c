import { isRecord, optionalString } from "@hub/core/internal";

/** One tag of a catalog. */
export interface TagEntry {
  /** What filters use, e.g. `"text-classification"` or `"language:en"`. */
  id: string;
  /** Human label, e.g. `"Text Classification"`. */
  label: string;
  /** Tag type as sent by the Hub, when present. */
  type: string | undefined;
  /** Sub type as sent by the Hub, when present. */
  subType: string | undefined;
}

/** The model tag catalog (`/api/models-tags-by-type`), keyed by tag type. */
export interface ModelTags {
  pipelineTag: TagEntry[];
  library: TagEntry[];
  language: TagEntry[];
  license: TagEntry[];
  dataset: TagEntry[];
  /** Every tag type the Hub sent, with the Hub's keys. */
  raw: Record<string, TagEntry[]>;
}

/** The dataset tag catalog (`/api/datasets-tags-by-type`); ids carry their type prefix (`language:en`). */
export interface DatasetTags {
  language: TagEntry[];
  multilinguality: TagEntry[];
  languageCreators: TagEntry[];
  taskCategories: TagEntry[];
  sizeCategories: TagEntry[];
  benchmark: TagEntry[];
  taskIds: TagEntry[];
  license: TagEntry[];
  /** Every tag type the Hub sent, with the Hub's keys. */
  raw: Record<string, TagEntry[]>;
}

/** A label as an attribute name, like the seed's `clean`: spaces removed, `-` and `.` become `_`. */
export function cleanLabel(label: string): string {
  return label.replace(/ /g, "").replace(/[-.]/g, "_");
}

/** Reads a catalog answer into lists of `TagEntry` per Hub key. */
export function toTagLists(raw: unknown): Record<string, TagEntry[]> {
  const lists: Record<string, TagEntry[]> = {};
  for (const [type, entries] of Object.entries(isRecord(raw) ? raw : {})) {
    lists[type] = (Array.isArray(entries) ? entries : []).filter(isRecord).map((entry) => {
      const id = optionalString(entry.id) ?? "";
      return { id, label: optionalString(entry.label) ?? id, type: optionalString(entry.type), subType: optionalString(entry.subType) };
    });
  }
  return lists;
}
