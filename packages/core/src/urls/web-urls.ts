import { DEFAULT_HUB_URL } from "../options.ts";
import type { RepoType } from "../repo-type.ts";
import { encodePathInRepo, encodeRevision } from "./encode.ts";
import { repoWebPath } from "./repo-paths.ts";

/** Designates a repository on a Hub, for web URLs. */
export interface WebRepo {
  repoId: string;
  repoType?: RepoType | undefined;
  /** Default `https://huggingface.co`. */
  hubUrl?: string | undefined;
}

function base(repo: WebRepo): string {
  return (repo.hubUrl ?? DEFAULT_HUB_URL).replace(/\/+$/, "") + repoWebPath(repo.repoType, repo.repoId);
}

function withPath(path: string | undefined): string {
  return path ? `/${encodePathInRepo(path)}` : "";
}

/** Web page of a repository: `https://huggingface.co/datasets/ns/name`. */
export function repoUrl(repo: WebRepo): string {
  return base(repo);
}

/** Web page of a file: `.../blob/{revision}/{path}`. */
export function blobUrl(repo: WebRepo & { revision?: string | undefined; path: string }): string {
  return `${base(repo)}/blob/${encodeRevision(repo.revision ?? "main")}${withPath(repo.path)}`;
}

/** Web page of a folder: `.../tree/{revision}[/{path}]`. */
export function treeUrl(repo: WebRepo & { revision?: string | undefined; path?: string | undefined }): string {
  return `${base(repo)}/tree/${encodeRevision(repo.revision ?? "main")}${withPath(repo.path)}`;
}

/** Web page of a commit: `.../commit/{oid}`. */
export function commitUrl(repo: WebRepo & { commitId: string }): string {
  return `${base(repo)}/commit/${encodeURIComponent(repo.commitId)}`;
}

/** Web page of a discussion or pull request: `.../discussions/{num}`. */
export function discussionUrl(repo: WebRepo & { discussionNumber: number }): string {
  return `${base(repo)}/discussions/${repo.discussionNumber}`;
}

/** All web URL builders in one object. */
export const webUrls = { repo: repoUrl, blob: blobUrl, tree: treeUrl, commit: commitUrl, discussion: discussionUrl } as const;
