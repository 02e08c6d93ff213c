import { type HubOptions, type RepoParams, hubRequest, parseLinkHeader } from "@hub/core";
import { isRecord, parse, rawPath, resolvePath } from "@hub/core/internal";
import * as v from "@hub/core/internal/valibot";
import { normalizeEtag } from "./get-file-metadata.ts";
import { OptionalBoolean, OptionalRevision, PathSchema, RepoEntries } from "./schemas.ts";
import { type XetFileSource, XetUnavailableError } from "./xet/reconstruction.ts";

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
  /**
   * Rebuild files stored in Xet from their chunks on the Xet CAS (default `true`), as the official
   * clients do; `false` takes the Hub's LFS bridge for them, like any LFS file. Files not in Xet, and
   * servers without Xet, always come through `resolve`.
   */
  useXet?: boolean;
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
    useXet: OptionalBoolean,
  }))();

/** The `Range` header value of a byte range. */
export function rangeHeader(range: ByteRange): string {
  return `bytes=${range.start}-${range.end ?? ""}`;
}

/** The media type a Xet-aware client accepts to learn, instead of the bytes, how to rebuild a Xet file. */
const XET_FILE_INFO_TYPE = "application/vnd.xet-fileinfo+json";

/** Headers of the Hub's answer that the rebuilt answer keeps, as the bridge's answer has them. */
const KEPT_HEADERS = ["x-repo-commit", "etag", "x-linked-etag", "x-linked-size", "x-xet-hash", "link", "cache-control", "x-request-id"];

/** What a Xet file-info answer says: the file's Xet source, size and SHA-256. */
interface XetFileInfo {
  source: XetFileSource;
  size: number;
  etag: string;
}

function httpUrl(value: unknown): string | undefined {
  return typeof value === "string" && /^https?:\/\//i.test(value) ? value : undefined;
}

/**
 * Reads a Xet file-info answer: `X-Xet-Hash`, the `Link` relations `xet-auth` and
 * `xet-reconstruction-info`, `X-Linked-Size` and `X-Linked-Etag`, else the same fields of its JSON
 * body. `undefined` when it does not name a usable Xet file (the bridge serves it then).
 */
async function readXetFileInfo(response: Response): Promise<XetFileInfo | undefined> {
  const headers = response.headers;
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = await response.json();
    if (isRecord(parsed)) body = parsed;
  } catch {
    // The headers may be enough.
  }
  const text = (value: unknown) => (typeof value === "string" || typeof value === "number" ? String(value) : undefined);
  const hash = (headers.get("x-xet-hash") ?? text(body.hash))?.trim().toLowerCase();
  const links = parseLinkHeader(headers.get("link"), response.url || undefined);
  const authUrl = httpUrl(links["xet-auth"] ?? body.refreshUrl);
  const reconstructionUrl = httpUrl(links["xet-reconstruction-info"] ?? body.reconstructionUrl);
  const size = (headers.get("x-linked-size") ?? text(body.size))?.trim();
  const etag = headers.get("x-linked-etag") ?? headers.get("etag") ?? text(body.etag);
  if (!hash || !/^[0-9a-f]{64}$/.test(hash) || !authUrl || !size || !/^\d+$/.test(size) || !etag) return undefined;
  return { source: { hash, authUrl, reconstructionUrl }, size: Number(size), etag: normalizeEtag(etag) };
}

/**
 * Downloads a file (`GET /{prefix}{id}/resolve/{rev}/{path}`) and returns the streaming `Response`
 * (status 200, or 206 for a range); read it with `.body`, `.blob()`, `.arrayBuffer()` or `.text()`.
 * A file stored in Xet is rebuilt from its chunks on the Xet CAS (unless `useXet: false` or `raw`):
 * the request asks for the Xet file info (`Accept: application/vnd.xet-fileinfo+json`, as the
 * official JS client), and the answer is then a `Response` made here whose body streams the
 * reconstruction (a few xorb ranges in flight, bounded memory, paced by the reader; expired URLs and
 * tokens renewed; the Hub token never sent to the CAS or its data URLs), with the headers of the
 * bridge's answer (`Content-Length`, `Content-Range`, `ETag`, `X-Linked-Size`, `X-Repo-Commit`,
 * `X-Xet-Hash`). A whole file is checked against its SHA-256 before its last bytes are given; a
 * corrupt chunk errors the body with a `HubError`. Other files, and Xet files on a server that cannot
 * serve their reconstruction, come as the Hub's answer itself, in one request.
 * The per-request `timeout` stops once the headers arrived: the body is not time-limited.
 * @throws {HubValidationError} on a bad `repoId`, `path`, `revision` or range, before any request.
 * @throws {EntryNotFoundError} when the file does not exist; {RevisionNotFoundError}; {RepositoryNotFoundError}.
 * @throws {HubHttpError} 416 for a range past the end of the file.
 */
export async function downloadFile(params: DownloadFileParams): Promise<Response> {
  const { repoId, repoType, path, revision, range, raw, useXet, ...options } = parse(DownloadFileSchema, params);
  const location = { repoId, repoType, revision, path };
  const bridge = () =>
    hubRequest(options, {
      path: raw ? rawPath(location) : resolvePath(location),
      headers: range ? { range: rangeHeader(range) } : {},
      responseType: "response",
    });
  if (raw || useXet === false) return bridge();
  const response: Response = await hubRequest(options, {
    path: resolvePath(location),
    headers: { accept: `${XET_FILE_INFO_TYPE}, */*`, ...(range ? { range: rangeHeader(range) } : {}) },
    responseType: "response",
  });
  if (!(response.headers.get("content-type") ?? "").toLowerCase().startsWith(XET_FILE_INFO_TYPE)) return response;
  const info = await readXetFileInfo(response);
  // A range from past the end gets the bridge's 416.
  if (!info || (range && range.start >= info.size)) return bridge();
  const start = range?.start ?? 0;
  const end = Math.min(range?.end ?? info.size - 1, info.size - 1) + 1;
  let body: ReadableStream<Uint8Array> | null = null;
  if (end > start) {
    try {
      // Loaded on first use: the reconstruction client, chunk decoders and SHA-256 cost import time to programs that never meet a Xet file.
      const { openXetStream } = await import("./xet/xet-stream.ts");
      body = await openXetStream({ options, file: info.source, path, size: info.size, start, end, sha256: info.etag });
    } catch (error) {
      if (error instanceof XetUnavailableError) return bridge();
      throw error;
    }
  }
  const headers = new Headers();
  for (const name of KEPT_HEADERS) {
    const value = response.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  if (!headers.has("etag")) headers.set("etag", `"${info.etag}"`);
  const name = path.slice(path.lastIndexOf("/") + 1);
  headers.set("content-type", "application/octet-stream");
  headers.set("content-disposition", `inline; filename*=UTF-8''${encodeURIComponent(name)}`);
  headers.set("accept-ranges", "bytes");
  headers.set("content-length", String(end - start));
  if (range) headers.set("content-range", `bytes ${start}-${end - 1}/${info.size}`);
  const rebuilt = new Response(body, { status: range ? 206 : 200, headers });
  // Where the answer came from, as `fetch` reports it for the bridge's answer.
  return Object.defineProperty(rebuilt, "url", { value: response.url });
}
