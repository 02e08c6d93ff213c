import type { RepoType } from "@hub/core";

/** LFS metadata of a file: the content's sha256, its size and the size of the git pointer. */
export interface LfsInfo {
  /** Hex sha256 of the content (`lfs.sha256` in siblings, `lfs.oid` in tree entries). */
  sha256: string;
  /** Content size in bytes. */
  size: number;
  /** Size of the git pointer file in bytes. */
  pointerSize: number | undefined;
}

/** A file of a repository as listed in `siblings` of a repo info. */
export interface RepoSibling {
  /** Path relative to the repository root (`rfilename`). */
  path: string;
  /** Size in bytes, with `filesMetadata` only. */
  size: number | undefined;
  /** Git object id of the file (for LFS files, of its pointer), with `filesMetadata` only. */
  blobId: string | undefined;
  /** LFS metadata for LFS files, with `filesMetadata` only. */
  lfs: LfsInfo | undefined;
  /** The server's object as received. */
  raw: Record<string, unknown>;
}

/** Fields every repository info has. */
export interface RepoInfoBase {
  /** `"namespace/name"`. */
  id: string;
  /** Which kind of repository this is. */
  repoType: RepoType;
  /** Owner namespace. */
  author: string | undefined;
  /** Commit the requested revision resolved to. */
  sha: string | undefined;
  /** Date of the last commit. */
  lastModified: Date | undefined;
  /** Creation date. */
  createdAt: Date | undefined;
  /** Whether the repository is private. */
  private: boolean;
  /** `false`, `"auto"` or `"manual"`. */
  gated: false | "auto" | "manual";
  /** Whether the repository is disabled. */
  disabled: boolean;
  /** Number of likes. */
  likes: number;
  /** Downloads over the last 30 days. */
  downloads: number;
  /** Tags. */
  tags: string[];
  /** Files; `undefined` when the server did not list them. */
  siblings: RepoSibling[] | undefined;
  /** Metadata of the repository card (README front matter). */
  cardData: Record<string, unknown> | undefined;
  /** The server's object as received (every field, including those not modelled here). */
  raw: Record<string, unknown>;
}

/** Information about a model repository. */
export interface ModelInfo extends RepoInfoBase {
  repoType: "model";
  /** Task of the model (`pipeline_tag`), e.g. `text-classification`. */
  pipelineTag: string | undefined;
  /** Library (`library_name`), e.g. `transformers`. */
  libraryName: string | undefined;
  /** Model configuration. */
  config: Record<string, unknown> | undefined;
  /** Security scan result, with `securityStatus` only (e.g. `{ containsInfected: false }`). */
  securityStatus: Record<string, unknown> | undefined;
}

/** Information about a dataset repository. */
export interface DatasetInfo extends RepoInfoBase {
  repoType: "dataset";
  /** Description of the dataset. */
  description: string | undefined;
  /** Citation of the dataset. */
  citation: string | undefined;
  /** Papers with Code id. */
  paperswithcodeId: string | undefined;
}

/** Information about a Space. */
export interface SpaceInfo extends RepoInfoBase {
  repoType: "space";
  /** SDK (`gradio`, `streamlit`, `docker`, `static`). */
  sdk: string | undefined;
  /** Runtime as sent by the server (stage, hardware...). */
  runtime: Record<string, unknown> | undefined;
  /** Models the Space uses. */
  models: string[] | undefined;
  /** Datasets the Space uses. */
  datasets: string[] | undefined;
}

/** Information about a repository of any type. */
export type RepoInfo = ModelInfo | DatasetInfo | SpaceInfo;
