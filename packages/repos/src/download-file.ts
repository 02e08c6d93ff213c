import { type HubOptions, type RepoParams, hubRequest } from "@hub/core";
import { parse, rawPath, resolvePath } from "@hub/core/internal";
import * as v from "@hub/core/internal/valibot";
import { OptionalBoolean, OptionalRevision, PathSchema, RepoEntries } from "./schemas.ts";

/** A byte range: `start` and `end` are inclusive offsets, like HTTP (`end` default: the last byte). */
export interface ByteRange {
  /** First byte. */
  start: number;
  /** Last byte, inclusive. */
  end?: number;
}

/** Parameters of `downloadFile`. */
export interface DownloadFileParams extends HubOptions, RepoParams {
  /** Path of the file in the repository. */
  path: string;
  /** Branch, tag or commit; default `main`. */
  revision?: string;
  /** Download only these bytes (`Range: bytes=start-end`); the answer is then a 206. */
  range?: ByteRange;
  /** Download the git blob as stored (`/raw/`): the pointer text for LFS files. */
  raw?: boolean;
}

const Offset = /* @__PURE__ */ (() =>
  v.pipe(v.number("must be a number"), v.integer("must be an integer"), v.minValue(0, "must be at least 0")))();

const DownloadFileSchema = /* @__PURE__ */ (() =>
  v.object({
    ...RepoEntries,
    path: PathSchema,
    revision: OptionalRevision,
    range: v.optional(
      v.pipe(
        v.object({ start: Offset, end: v.optional(Offset) }),
        v.check((range) => range.end === undefined || range.end >= range.start, "end must not be before start"),
      ),
    ),
    raw: OptionalBoolean,
  }))();

/** The `Range` header value of a byte range. */
export function rangeHeader(range: ByteRange): string {
  return `bytes=${range.start}-${range.end ?? ""}`;
}

/**
 * Downloads a file (`GET /{prefix}{id}/resolve/{rev}/{path}`) and returns the streaming `Response`
 * (status 200, or 206 for a range); read it with `.body`, `.blob()`, `.arrayBuffer()` or `.text()`.
 * The per-request `timeout` stops once the headers arrived: the body is not time-limited.
 * @throws {HubValidationError} on a bad `repoId`, `path`, `revision` or range, before any request.
 * @throws {EntryNotFoundError} when the file does not exist; {RevisionNotFoundError}; {RepositoryNotFoundError}.
 * @throws {HubHttpError} 416 for a range past the end of the file.
 */
export async function downloadFile(params: DownloadFileParams): Promise<Response> {
  const { repoId, repoType, path, revision, range, raw, ...options } = parse(DownloadFileSchema, params);
  const location = { repoId, repoType, revision, path };
  return hubRequest(options, {
    path: raw ? rawPath(location) : resolvePath(location),
    headers: range ? { range: rangeHeader(range) } : {},
    responseType: "response",
  });
}
