import { HubError, type HubOptions, type RepoParams, hubRequest, parseLinkHeader } from "@hub/core";
import { parse, resolvePath } from "@hub/core/internal";
import * as v from "@hub/core/internal/valibot";
import { OptionalRevision, PathSchema, RepoEntries } from "./schemas.ts";

/** What the Hub says about a file before downloading it (`fileDownloadInfo` / `get_hf_file_metadata`). */
export interface FileMetadata {
  /** Commit the revision resolved to (`X-Repo-Commit`). */
  commitHash: string;
  /** Normalised ETag (no quotes, no `W/`): git sha1 of regular files, sha256 of LFS files. */
  etag: string;
  /** Size of the content in bytes. */
  size: number;
  /** Where the content is served from: the redirect's `Location` (a CDN) or the file's own URL. */
  location: string;
  /** The Hub answered with a redirect to another host (LFS files on the real Hub): `location` is that URL. */
  redirected: boolean;
  /**
   * The file's Xet hash (`X-Xet-Hash`, 64 hex) when it is stored in Xet, as on the Hub since 2025;
   * `undefined` for files the server keeps in LFS or git only.
   */
  xetHash?: string;
  /**
   * Where a Xet-stored file is reconstructed from (the `Link` relations of the answer): `authUrl`
   * (`rel="xet-auth"`) hands out read tokens for the CAS, `reconstructionUrl`
   * (`rel="xet-reconstruction-info"`) lists the xorb ranges that make the file. Present with `xetHash`
   * when the server sends both links.
   */
  xet?: { authUrl: string; reconstructionUrl: string };
}

/** Parameters of `getFileMetadata`. */
export interface GetFileMetadataParams extends HubOptions, RepoParams {
  /** Path of the file in the repository. */
  path: string;
  /** Branch, tag or commit; default `main`. */
  revision?: string;
}

const GetFileMetadataSchema = /* @__PURE__ */ (() => v.object({ ...RepoEntries, path: PathSchema, revision: OptionalRevision }))();

/** Strips `W/` and quotes from an ETag. */
export function normalizeEtag(etag: string): string {
  return etag
    .trim()
    .replace(/^W\//, "")
    .replace(/^"(.*)"$/, "$1");
}

/** Reads `FileMetadata` from the headers of a `resolve` answer (a 200, or a redirect's own headers). */
export function fileMetadataFromResponse(response: Response): FileMetadata {
  const headers = response.headers;
  const location = headers.get("location");
  const commitHash = headers.get("x-repo-commit");
  const etag = headers.get("x-linked-etag") ?? headers.get("etag");
  if (!commitHash) throw new HubError("The file answer has no X-Repo-Commit header: is this a Hub endpoint?");
  if (!etag) throw new HubError("The file answer has no ETag: cannot tell which content it is");
  // A redirect's Content-Length is the length of the redirect's own body, not the file's: only
  // X-Linked-Size counts there (as the Python client). An unknown size is an error, never 0.
  const redirect = response.status >= 300 && response.status <= 399;
  const sizeHeader = headers.get("x-linked-size") ?? (redirect ? null : headers.get("content-length"));
  const size = sizeHeader === null || !/^\d+$/.test(sizeHeader.trim()) ? Number.NaN : Number(sizeHeader);
  if (!Number.isSafeInteger(size)) {
    throw new HubError(
      `The file answer has no usable size (${redirect ? "X-Linked-Size on a redirect" : "X-Linked-Size or Content-Length"}): cannot tell how large the file is`,
    );
  }
  const metadata: FileMetadata = {
    commitHash,
    etag: normalizeEtag(etag),
    size,
    location: location === null ? response.url : new URL(location, response.url).href,
    redirected: location !== null,
  };
  const xetHash = headers.get("x-xet-hash")?.trim().toLowerCase();
  // A malformed hash is not a Xet file to us: the bytes then come the LFS way.
  if (xetHash && /^[0-9a-f]{64}$/.test(xetHash)) {
    metadata.xetHash = xetHash;
    const links = parseLinkHeader(headers.get("link"), response.url || undefined);
    const authUrl = links["xet-auth"];
    const reconstructionUrl = links["xet-reconstruction-info"];
    if (authUrl && reconstructionUrl && isHttpUrl(authUrl) && isHttpUrl(reconstructionUrl)) metadata.xet = { authUrl, reconstructionUrl };
  }
  return metadata;
}

function isHttpUrl(url: string): boolean {
  return /^https?:\/\//i.test(url);
}

/** Whether a `Location` has no host: a renamed repo on the same Hub, not a CDN. */
function isRelativeLocation(location: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:/i.test(location) && !location.startsWith("//");
}

/** Relative redirects followed at most (a renamed repo), as the Python client does. */
const MAX_RELATIVE_REDIRECTS = 10;

/**
 * Returns the commit, ETag, size and location of a file (`HEAD` on `resolve`, no body downloaded),
 * and for a file stored in Xet its `xetHash` and the `xet` links (read token, reconstruction).
 * A redirect to another host (LFS files on the Hub's CDN) is not followed, as the official clients
 * do: the redirect itself carries `X-Linked-Etag`, `X-Linked-Size` and `X-Repo-Commit`, and its
 * `Location` is where the bytes are. Relative redirects (a renamed repo) are followed. Browsers hide
 * redirects: there the redirect is followed and the final answer read.
 * @throws {HubValidationError} on a bad `repoId`, `path` or `revision`, before any request.
 * @throws {EntryNotFoundError}, {RevisionNotFoundError}, {RepositoryNotFoundError}.
 * @throws {HubError} when the answer lacks `X-Repo-Commit`, `ETag` or a size (`X-Linked-Size` on a redirect, else `Content-Length`).
 */
export async function getFileMetadata(params: GetFileMetadataParams): Promise<FileMetadata> {
  const { repoId, repoType, path, revision, ...options } = parse(GetFileMetadataSchema, params);
  return fileMetadataFromResponse(await headFile(options, resolvePath({ repoId, repoType, revision, path })));
}

/**
 * `HEAD` on a file's `resolve` URL that follows relative redirects only (a renamed repo on the same
 * Hub), at most ten; a redirect to another host (a CDN) is returned as it is. The body is discarded.
 */
export async function headFile(options: HubOptions, resolveUrlPath: string): Promise<Response> {
  let target: { path: string } | { url: string } = { path: resolveUrlPath };
  for (let hops = 0; ; hops++) {
    const response: Response = await hubRequest(options, {
      method: "HEAD",
      ...target,
      headers: { "accept-encoding": "identity" },
      responseType: "response",
      redirect: "manual",
    });
    await response.body?.cancel().catch(() => undefined);
    const location = response.headers.get("location");
    if (response.status >= 300 && location !== null && isRelativeLocation(location) && hops < MAX_RELATIVE_REDIRECTS) {
      target = { url: new URL(location, response.url).href };
      continue;
    }
    return response;
  }
}
