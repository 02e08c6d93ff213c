import { type HubOptions, type RepoParams, paginate } from "@hub/core";
import { encodePathInRepo, encodeRevision, parse, repoApiPath } from "@hub/core/internal";
import * as v from "@hub/core/internal/valibot";
import { LimitSchema, OptionalBoolean, OptionalRevision, PathSchema, RepoEntries } from "./schemas.ts";
import { type RepoFile, type RepoFolder, toTreeEntry } from "./tree-entry.ts";

/** Parameters of `listRepoTree`. */
export interface ListRepoTreeParams extends HubOptions, RepoParams {
  /** Folder to list; default the root. */
  pathInRepo?: string;
  /** Branch, tag or commit; default `main`. */
  revision?: string;
  /** List everything below the folder, not only its children (default false). */
  recursive?: boolean;
  /** Add `lastCommit` and `securityFileStatus` to every entry (slower, smaller pages). */
  expand?: boolean;
  /** Stop after this many entries. */
  limit?: number;
}

const ListRepoTreeSchema = /* @__PURE__ */ (() =>
  v.object({
    ...RepoEntries,
    pathInRepo: v.optional(PathSchema),
    revision: OptionalRevision,
    recursive: OptionalBoolean,
    expand: OptionalBoolean,
    limit: LimitSchema,
  }))();

/**
 * Lists the files and folders of a repository folder, lazily following `Link` pages
 * (`GET /api/{type}s/{id}/tree/{rev}[/{path}]`).
 * @throws {HubValidationError} on a bad `repoId`, `revision` or `pathInRepo`, before any request.
 * @throws {RepositoryNotFoundError}, {RevisionNotFoundError}, or {EntryNotFoundError} when the folder does not exist.
 */
export async function* listRepoTree(params: ListRepoTreeParams): AsyncGenerator<RepoFile | RepoFolder, void, undefined> {
  const { repoId, repoType, pathInRepo, revision = "main", recursive, expand, limit, ...options } = parse(ListRepoTreeSchema, params);
  const folder = pathInRepo === undefined ? "" : `/${encodePathInRepo(pathInRepo)}`;
  const pages = paginate<unknown>(
    options,
    {
      path: `${repoApiPath(repoType, repoId)}/tree/${encodeRevision(revision)}${folder}`,
      searchParams: { recursive: recursive ? true : undefined, expand: expand ? true : undefined },
    },
    { limit },
  );
  for await (const entry of pages) yield toTreeEntry(entry);
}
