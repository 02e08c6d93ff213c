import { type RepoType, repoTypePlural, repoTypeUrlPrefix } from "../repo-type.ts";
import { encodePathInRepo, encodeRepoId, encodeRevision } from "./encode.ts";

/** Locates a file at a revision of a repository. */
export interface FileLocation {
  repoId: string;
  repoType?: RepoType | undefined;
  /** Default `"main"`. */
  revision?: string | undefined;
  /** Path of the file inside the repository. */
  path: string;
}

/** `/api/models/ns/name`, `/api/datasets/ns/name` or `/api/spaces/ns/name`. */
export function repoApiPath(repoType: RepoType | undefined, repoId: string): string {
  return `/api/${repoTypePlural(repoType)}/${encodeRepoId(repoId)}`;
}

/** `/ns/name`, `/datasets/ns/name` or `/spaces/ns/name` (web pages, git, resolve). */
export function repoWebPath(repoType: RepoType | undefined, repoId: string): string {
  return `/${repoTypeUrlPrefix(repoType)}${encodeRepoId(repoId)}`;
}

/** Download path of a file: `/{prefix}{repoId}/resolve/{revision}/{path}` (revision as one segment). */
export function resolvePath(location: FileLocation): string {
  return fileRoute("resolve", location);
}

/** Path of a file's git content (LFS pointers stay pointers): `/{prefix}{repoId}/raw/{revision}/{path}`. */
export function rawPath(location: FileLocation): string {
  return fileRoute("raw", location);
}

/** LFS batch endpoint: `/{prefix}{repoId}.git/info/lfs/objects/batch`. */
export function lfsBatchPath(repoType: RepoType | undefined, repoId: string): string {
  return `${repoWebPath(repoType, repoId)}.git/info/lfs/objects/batch`;
}

function fileRoute(kind: string, location: FileLocation): string {
  const revision = encodeRevision(location.revision ?? "main");
  return `${repoWebPath(location.repoType, location.repoId)}/${kind}/${revision}/${encodePathInRepo(location.path)}`;
}
