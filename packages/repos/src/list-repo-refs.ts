import { type HubOptions, type RepoParams, hubRequest } from "@hub/core";
import { isRecord, optionalString, parse, repoApiPath } from "@hub/core/internal";
import * as v from "@hub/core/internal/valibot";
import { OptionalBoolean, RepoEntries } from "./schemas.ts";

/** A git reference: branch, tag, convert or pull request. */
export interface GitRefInfo {
  /** Short name (`main`, `v1.0`). */
  name: string;
  /** Full ref (`refs/heads/main`, `refs/tags/v1.0`, `refs/pr/1`). */
  ref: string;
  /** Commit it points to. */
  targetCommit: string;
}

/** The references of a repository. */
export interface GitRefs {
  /** Branches. */
  branches: GitRefInfo[];
  /** Internal `refs/convert/...` refs (e.g. parquet conversions of datasets). */
  converts: GitRefInfo[];
  /** Tags. */
  tags: GitRefInfo[];
  /** Pull request refs, with `includePullRequests` only. */
  pullRequests: GitRefInfo[] | undefined;
  /** The server's object as received. */
  raw: Record<string, unknown>;
}

/** Parameters of `listRepoRefs`. */
export interface ListRepoRefsParams extends HubOptions, RepoParams {
  /** Also list `refs/pr/N` (`include_prs=1`). */
  includePullRequests?: boolean;
}

const ListRepoRefsSchema = /* @__PURE__ */ (() => v.object({ ...RepoEntries, includePullRequests: OptionalBoolean }))();

function toRefs(value: unknown): GitRefInfo[] {
  return (Array.isArray(value) ? value : []).filter(isRecord).map((ref) => ({
    name: optionalString(ref.name) ?? "",
    ref: optionalString(ref.ref) ?? "",
    targetCommit: optionalString(ref.targetCommit) ?? "",
  }));
}

/**
 * Lists the branches, tags and converts of a repository (and pull requests on request).
 * @throws {HubValidationError} on a bad `repoId`, before any request.
 * @throws {RepositoryNotFoundError} when it does not exist or is not visible.
 */
export async function listRepoRefs(params: ListRepoRefsParams): Promise<GitRefs> {
  const { repoId, repoType, includePullRequests, ...options } = parse(ListRepoRefsSchema, params);
  const raw = await hubRequest(options, {
    path: `${repoApiPath(repoType, repoId)}/refs`,
    searchParams: { include_prs: includePullRequests ? 1 : undefined },
  });
  const object = isRecord(raw) ? raw : {};
  return {
    branches: toRefs(object.branches),
    converts: toRefs(object.converts),
    tags: toRefs(object.tags),
    pullRequests: includePullRequests ? toRefs(object.pullRequests) : undefined,
    raw: object,
  };
}
