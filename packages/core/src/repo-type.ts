/** The three kinds of repositories on the Hub. */
export type RepoType = "model" | "dataset" | "space";

/** Designates one repository: `repoId` is `"name"` or `"namespace/name"`, `repoType` defaults to `"model"`. */
export interface RepoParams {
  /** `"name"` or `"namespace/name"`, without a type prefix (use `repoType`). */
  repoId: string;
  /** Default `"model"`. */
  repoType?: RepoType;
}

/** All repo types, in a stable order. */
export const REPO_TYPES: readonly RepoType[] = ["model", "dataset", "space"];

/** The plural used in API paths: `"models"`, `"datasets"`, `"spaces"`. */
export function repoTypePlural(repoType: RepoType = "model"): `${RepoType}s` {
  return `${repoType}s`;
}

/** The prefix of web, git, resolve and LFS URLs: `""` for models, `"datasets/"`, `"spaces/"`. */
export function repoTypeUrlPrefix(repoType: RepoType = "model"): string {
  return repoType === "model" ? "" : `${repoType}s/`;
}

/** The prefix of cache folder names: `"models--"`, `"datasets--"`, `"spaces--"`. */
export function repoTypeCacheFolderPrefix(repoType: RepoType = "model"): string {
  return `${repoType}s--`;
}

/** The cache folder name of a repository, e.g. `models--alice--bert` (shared with the Python client). */
export function repoCacheFolderName(repoType: RepoType = "model", repoId: string): string {
  return repoTypeCacheFolderPrefix(repoType) + repoId.split("/").join("--");
}
