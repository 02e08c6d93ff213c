import { HubError, type HubOptions, type RepoParams, hubRequest, parse, resolvePath } from "@hub/core";
import * as v from "valibot";
import { OptionalRevision, PathSchema, RepoEntries } from "./schemas.ts";

/** What the Hub says about a file before downloading it (`fileDownloadInfo` / `get_hf_file_metadata`). */
export interface FileMetadata {
  /** Commit the revision resolved to (`X-Repo-Commit`). */
  commitHash: string;
  /** Normalised ETag (no quotes, no `W/`): git sha1 of regular files, sha256 of LFS files. */
  etag: string;
  /** Size of the content in bytes. */
  size: number;
  /** Where the content is served from (after redirects). */
  location: string;
}

/** Parameters of `getFileMetadata`. */
export interface GetFileMetadataParams extends HubOptions, RepoParams {
  /** Path of the file in the repository. */
  path: string;
  /** Branch, tag or commit; default `main`. */
  revision?: string;
}

const GetFileMetadataSchema = v.object({ ...RepoEntries, path: PathSchema, revision: OptionalRevision });

/** Strips `W/` and quotes from an ETag. */
export function normalizeEtag(etag: string): string {
  return etag.trim().replace(/^W\//, "").replace(/^"(.*)"$/, "$1");
}

/** Reads `FileMetadata` from the headers of a `resolve` answer. */
export function fileMetadataFromResponse(response: Response): FileMetadata {
  const headers = response.headers;
  const commitHash = headers.get("x-repo-commit");
  const etag = headers.get("x-linked-etag") ?? headers.get("etag");
  if (!commitHash) throw new HubError("The file answer has no X-Repo-Commit header: is this a Hub endpoint?");
  if (!etag) throw new HubError("The file answer has no ETag: cannot tell which content it is");
  const size = Number(headers.get("x-linked-size") ?? headers.get("content-length") ?? Number.NaN);
  return { commitHash, etag: normalizeEtag(etag), size: Number.isFinite(size) ? size : 0, location: response.url };
}

/**
 * Returns the commit, ETag, size and location of a file (`HEAD` on `resolve`, no body downloaded).
 * @throws {HubValidationError} on a bad `repoId`, `path` or `revision`, before any request.
 * @throws {EntryNotFoundError}, {RevisionNotFoundError}, {RepositoryNotFoundError}.
 * @throws {HubError} when the answer lacks `X-Repo-Commit` or `ETag`.
 */
export async function getFileMetadata(params: GetFileMetadataParams): Promise<FileMetadata> {
  const { repoId, repoType, path, revision, ...options } = parse(GetFileMetadataSchema, params);
  const response = await hubRequest(options, {
    method: "HEAD",
    path: resolvePath({ repoId, repoType, revision, path }),
    headers: { "accept-encoding": "identity" },
    responseType: "response",
  });
  await response.body?.cancel().catch(() => undefined);
  return fileMetadataFromResponse(response);
}
