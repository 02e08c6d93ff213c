import { isRecord, optionalDate, optionalNumber, optionalString, optionalStrings } from "./records.ts";

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

function toRepoListItem(raw: unknown): RepoListItem {
  const object = isRecord(raw) ? raw : {};
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
      ? object.siblings.filter(isRecord).map((sibling) => ({ ...sibling, rfilename: String(sibling.rfilename) }))
      : undefined,
    cardData: isRecord(object.cardData) ? object.cardData : undefined,
    raw: object,
  };
}

/** Converts a server model object into a `ModelListItem`. */
export function toModelListItem(raw: unknown): ModelListItem {
  const item = toRepoListItem(raw);
  return {
    ...item,
    pipelineTag: optionalString(item.raw.pipeline_tag),
    libraryName: optionalString(item.raw.library_name),
    config: isRecord(item.raw.config) ? item.raw.config : undefined,
  };
}

/** Converts a server dataset object into a `DatasetListItem`. */
export function toDatasetListItem(raw: unknown): DatasetListItem {
  const item = toRepoListItem(raw);
  return {
    ...item,
    description: optionalString(item.raw.description),
    citation: optionalString(item.raw.citation),
    paperswithcodeId: optionalString(item.raw.paperswithcode_id),
  };
}

/** Converts a server Space object into a `SpaceListItem`. */
export function toSpaceListItem(raw: unknown): SpaceListItem {
  const item = toRepoListItem(raw);
  return {
    ...item,
    sdk: optionalString(item.raw.sdk),
    models: optionalStrings(item.raw.models),
    datasets: optionalStrings(item.raw.datasets),
    runtime: isRecord(item.raw.runtime) ? item.raw.runtime : undefined,
  };
}
