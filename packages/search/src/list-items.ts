import { isRecord, optionalDate, optionalNumber, optionalString, optionalStrings } from "@hub/core/internal";

/** A file of a listed repo (present with `full`). */
export interface ListedFile {
  /** Path in the repo. */
  rfilename: string;
}

/** Fields shared by listed models, datasets and Spaces; absent fields were not sent (see `full` / `expand`). */
export interface RepoListItem {
  /** Repo id, `"namespace/name"`. */
  id: string;
  /** Namespace (user or organization). */
  author: string | undefined;
  /** Commit of the default branch. */
  sha: string | undefined;
  lastModified: Date | undefined;
  createdAt: Date | undefined;
  private: boolean | undefined;
  gated: false | "auto" | "manual" | undefined;
  disabled: boolean | undefined;
  likes: number | undefined;
  downloads: number | undefined;
  tags: string[] | undefined;
  /** Files (with `full`). */
  siblings: ListedFile[] | undefined;
  /** README front matter (with `cardData` or `full`). */
  cardData: Record<string, unknown> | undefined;
  /** The server's object as received. */
  raw: Record<string, unknown>;
}

/** A model as listed by `listModels`. */
export interface ModelListItem extends RepoListItem {
  pipelineTag: string | undefined;
  libraryName: string | undefined;
  /** Model `config` (with `fetchConfig`). */
  config: Record<string, unknown> | undefined;
}

/** A dataset as listed by `listDatasets`. */
export interface DatasetListItem extends RepoListItem {
  description: string | undefined;
  citation: string | undefined;
  paperswithcodeId: string | undefined;
}

/** A Space as listed by `listSpaces`. */
export interface SpaceListItem extends RepoListItem {
  sdk: string | undefined;
  /** Models the Space uses (from its card). */
  models: string[] | undefined;
  /** Datasets the Space uses (from its card). */
  datasets: string[] | undefined;
  /** Raw runtime object when the server sends it. */
  runtime: Record<string, unknown> | undefined;
}

/** The common fields, read once into one object (no spread copies: listings convert thousands of items). */
function repoListFields(object: Record<string, unknown>): RepoListItem {
  const gated = object.gated;
  return {
    id: optionalString(object.id) ?? optionalString(object.modelId) ?? "",
    author: optionalString(object.author),
    sha: optionalString(object.sha),
    lastModified: optionalDate(object.lastModified),
    createdAt: optionalDate(object.createdAt),
    private: typeof object.private === "boolean" ? object.private : undefined,
    gated: gated === false || gated === "auto" || gated === "manual" ? gated : undefined,
    disabled: typeof object.disabled === "boolean" ? object.disabled : undefined,
    likes: optionalNumber(object.likes),
    downloads: optionalNumber(object.downloads),
    tags: optionalStrings(object.tags),
    siblings: Array.isArray(object.siblings)
      ? object.siblings.filter(isRecord).map((sibling) => Object.assign({}, sibling, { rfilename: String(sibling.rfilename) }))
      : undefined,
    cardData: isRecord(object.cardData) ? object.cardData : undefined,
    raw: object,
  };
}

/** Converts a server model object into a `ModelListItem`. */
export function toModelListItem(raw: unknown): ModelListItem {
  const object = isRecord(raw) ? raw : {};
  const item = repoListFields(object) as ModelListItem;
  item.pipelineTag = optionalString(object.pipeline_tag);
  item.libraryName = optionalString(object.library_name);
  item.config = isRecord(object.config) ? object.config : undefined;
  return item;
}

/** Converts a server dataset object into a `DatasetListItem`. */
export function toDatasetListItem(raw: unknown): DatasetListItem {
  const object = isRecord(raw) ? raw : {};
  const item = repoListFields(object) as DatasetListItem;
  item.description = optionalString(object.description);
  item.citation = optionalString(object.citation);
  item.paperswithcodeId = optionalString(object.paperswithcode_id);
  return item;
}

/** Converts a server Space object into a `SpaceListItem`. */
export function toSpaceListItem(raw: unknown): SpaceListItem {
  const object = isRecord(raw) ? raw : {};
  const item = repoListFields(object) as SpaceListItem;
  item.sdk = optionalString(object.sdk);
  item.models = optionalStrings(object.models);
  item.datasets = optionalStrings(object.datasets);
  item.runtime = isRecord(object.runtime) ? object.runtime : undefined;
  return item;
}
