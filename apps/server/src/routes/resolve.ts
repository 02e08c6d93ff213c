import { open } from "node:fs/promises";
import { ServerResponse } from "node:http";
import type { Context, Hono } from "hono";
import type { ServerContext } from "../context.ts";
import type { Database } from "../storage/database.ts";
import { canRead } from "../http/access.ts";
import { authenticate } from "../http/auth.ts";
import { directResponseHeaders } from "../http/common-headers.ts";
import { badRequest, entryNotFound, tooLargeForOneGet, repoNotFound, revisionNotFound } from "../http/errors.ts";
import { splitRevisionAndPath, validateRepoPath } from "../http/paths.ts";
import { parseRange } from "../http/range.ts";
import { iterableStream } from "../streams.ts";
import type { RepoTarget } from "../http/repo-router.ts";
import { publicOrigin, repoUrlPrefix } from "../http/urls.ts";
import { lfsPointerText } from "../git/hash.ts";
import { signGrant, verifyGrant } from "../lfs/signing.ts";
import { lookupPath } from "../storage/objects.ts";
import { findRedirect, findRepo } from "../storage/repos.ts";
import { resolveRevision } from "../storage/revisions.ts";
import { repoLfsObjectSize } from "../storage/lfs-objects.ts";
import { statement } from "../storage/statements.ts";
import { readXetFile, xetFileOfLfsObject, xetHashOfSha256 } from "../storage/xet.ts";
import { xetTokenUrl } from "./xet.ts";

/** The media type Xet-aware clients accept to learn, instead of the bytes, how to reconstruct a file. */
const XET_FILE_INFO_TYPE = "application/vnd.xet-fileinfo+json";

/** Path of the signed LFS file URLs that `resolve` redirects to when `lfsRedirects` is on. */
export const LFS_FILES_PATH = "/lfs-files";

/** Read size of file bodies sent straight to the socket. */
const STREAM_CHUNK_BYTES = 1024 * 1024;

/** Read buffers in flight per response; they are reused, so sending a file allocates nothing. */
const BUFFERS_PER_RESPONSE = 4;

/** Most idle read buffers kept for the next responses. */
const MAX_POOLED_BUFFERS = 32;

/** Objects up to this size are read whole and sent in one write. */
const IN_MEMORY_BYTES = 1024 * 1024;

/** Downloads are counted in memory and written at most this often (one transaction, not one fsync per GET). */
const DOWNLOAD_FLUSH_MS = 500;

/**
 * File download: `GET|HEAD /{prefix}{repo}/resolve/{rev}/{path}` and `/raw/{rev}/{path}` (Range supported).
 * With `lfsRedirects`, `resolve` answers LFS files with a 302 to a signed `/lfs-files/{sha256}` URL, as the
 * Hub redirects to its CDN; the 302 carries `X-Linked-Etag`, `X-Linked-Size` and `X-Repo-Commit`.
 */
export function register(app: Hono, context: ServerContext): void {
  context.router.web(["GET", "HEAD"], "resolve", (c, target) => serveFile(c, context, target, "resolve"));
  context.router.web(["GET", "HEAD"], "raw", (c, target) => serveFile(c, context, target, "raw"));
  app.on(["GET", "HEAD"], `${LFS_FILES_PATH}/:oid`, (c) => serveSignedLfsFile(c, context));
}

/** What a file answer sends: its headers so far, its size, and where its bytes come from. */
interface FileBody {
  headers: Headers;
  size: number;
  /** The stored object holding the bytes. */
  sha256?: string;
  /** Bytes held in memory (an LFS pointer). */
  bytes?: Uint8Array<ArrayBuffer>;
  /** Most bytes one GET may ask for (the CDN's single-GET limit), for LFS objects. */
  maxGetBytes?: number;
  /** The object is an LFS object: its bytes may live only in xorbs (then they are rebuilt from them). */
  lfs?: boolean;
}

async function serveFile(c: Context, context: ServerContext, target: RepoTarget, mode: "resolve" | "raw"): Promise<Response> {
  const auth = authenticate(c, context.db);
  const repo = findRepo(context.db, target.type, target.repoId);
  if (!repo || !canRead(context.db, repo, auth)) {
    const moved = repo ? undefined : findRedirect(context.db, target.type, target.repoId);
    if (moved && canRead(context.db, moved, auth)) {
      const url = new URL(c.req.url);
      const location = `/${repoUrlPrefix(moved.type)}${moved.fullName}/${mode}/${target.tail.join("/")}${url.search}`;
      return new Response(null, { status: 307, headers: { Location: location } });
    }
    throw repoNotFound(target.repoId, auth === null);
  }
  const { revision, path } = splitRevisionAndPath(target.tail);
  if (!revision || !path) throw badRequest(`Expected /${mode}/{revision}/{path}`);
  validateRepoPath(path);
  const resolved = resolveRevision(context.db, repo.id, revision);
  if (!resolved) throw revisionNotFound(revision);
  const commitHeader = { "X-Repo-Commit": resolved.commit.oid };
  const entry = lookupPath(context.db, resolved.commit.treeOid, path);
  if (!entry?.blob) throw entryNotFound(path, commitHeader);
  const blob = entry.blob;
  // LFS content is served only to a repo that owns the object (its pointer alone proves nothing).
  if (blob.lfs && mode === "resolve" && repoLfsObjectSize(context.db, repo.id, blob.sha256) === undefined)
    throw entryNotFound(path, commitHeader);
  const headers = new Headers({
    ...commitHeader,
    "Accept-Ranges": "bytes",
    "Content-Type": "application/octet-stream",
    "Content-Disposition": contentDisposition(path),
    "Cache-Control": "private, max-age=0, must-revalidate",
  });
  let body: FileBody;
  if (blob.lfs && mode === "raw") {
    const pointer = Buffer.from(lfsPointerText(blob.sha256, blob.size));
    headers.set("ETag", `"${blob.oid}"`);
    body = { headers, size: pointer.byteLength, bytes: pointer };
  } else {
    const etag = blob.lfs ? `"${blob.sha256}"` : `"${blob.oid}"`;
    headers.set("ETag", etag);
    if (blob.lfs) {
      headers.set("X-Linked-Etag", etag);
      headers.set("X-Linked-Size", String(blob.size));
    }
    // A file uploaded through Xet: its Xet hash and where to get a read token and its reconstruction.
    const xetHash = blob.lfs && mode === "resolve" && context.config.xet ? xetHashOfSha256(context.db, blob.sha256) : undefined;
    if (xetHash) {
      const origin = publicOrigin(c, context);
      const refreshUrl = xetTokenUrl(origin, repo.type, repo.fullName, "read", resolved.commit.oid);
      const reconstructionUrl = `${origin}/v1/reconstructions/${xetHash}`;
      headers.set("X-Xet-Hash", xetHash);
      headers.set("Link", `<${refreshUrl}>; rel="xet-auth", <${reconstructionUrl}>; rel="xet-reconstruction-info"`);
      // The same URL answers the file info or the bytes by `Accept`: a browser's cache must keep them apart
      // (the info carries the file's ETag, so a revalidation could otherwise hand the info out as the file).
      headers.set("Vary", "Accept");
      if (c.req.method === "GET" && (c.req.header("accept") ?? "").includes(XET_FILE_INFO_TYPE)) {
        headers.set("Content-Type", XET_FILE_INFO_TYPE);
        headers.delete("Accept-Ranges");
        headers.delete("Content-Disposition");
        const info = {
          hash: xetHash,
          refreshUrl,
          reconstructionUrl,
          etag: blob.sha256,
          size: blob.size,
          contentType: "application/octet-stream",
        };
        return new Response(JSON.stringify(info), { status: 200, headers });
      }
    }
    if (blob.lfs && context.config.lfsRedirects) {
      if (c.req.method === "GET" && !c.req.header("range")) countDownload(context.db, repo.id);
      const grant = signGrant(
        context.config.signingKey,
        { action: "download", oid: blob.sha256, size: blob.size },
        context.config.signedUrlTtlSeconds,
        context.config.now(),
      );
      const name = path.slice(path.lastIndexOf("/") + 1);
      headers.set("Location", `${publicOrigin(c, context)}${LFS_FILES_PATH}/${blob.sha256}?${grant}&filename=${encodeURIComponent(name)}`);
      headers.set("Content-Length", "0");
      headers.delete("Accept-Ranges");
      return new Response(null, { status: 302, headers });
    }
    body = {
      headers,
      size: blob.size,
      sha256: blob.sha256,
      ...(blob.lfs ? { maxGetBytes: context.config.maxSingleGetBytes, lfs: true } : {}),
    };
  }
  if (c.req.header("if-none-match") === headers.get("ETag")) return new Response(null, { status: 304, headers });
  if (mode === "resolve" && c.req.method === "GET" && !c.req.header("range")) countDownload(context.db, repo.id);
  return sendBody(c, context, body);
}

/** `GET|HEAD /lfs-files/{sha256}?size&exp&sig&filename`: the signed target of LFS redirects (no Authorization needed). */
function serveSignedLfsFile(c: Context, context: ServerContext): Response {
  const oid = c.req.param("oid")?.toLowerCase() ?? "";
  if (!/^[0-9a-f]{64}$/.test(oid)) throw badRequest("Invalid oid");
  const query = new URL(c.req.url).searchParams;
  const grant = verifyGrant(context.config.signingKey, { action: "download", oid }, query, context.config.now());
  const name = query.get("filename") ?? oid;
  const headers = new Headers({
    "Accept-Ranges": "bytes",
    "Content-Type": "application/octet-stream",
    "Content-Disposition": contentDisposition(name),
    "Cache-Control": "public, max-age=31536000, immutable",
    ETag: `"${oid}"`,
  });
  return sendBody(c, context, { headers, size: grant.size, sha256: oid, maxGetBytes: context.config.maxSingleGetBytes, lfs: true });
}

/**
 * Answers 200, 206 or 416 for the body, streaming stored objects straight from disk to the socket.
 * Kept off the framework's streaming body on purpose: with every file answered as a web `Response`
 * instead, bench/snapshot-download.mjs (BENCH_QUICK=1, HTTPS proxy, 6 interleaved rounds each) took
 * 1.92 s against 1.75 s (+10%) and the server used 0.155 s of CPU against 0.103 s (+50%).
 */
function sendBody(c: Context, context: ServerContext, body: FileBody): Response {
  const { headers, size } = body;
  const outgoing = (c.env as { outgoing?: unknown } | undefined)?.outgoing;
  const socket = outgoing instanceof ServerResponse ? outgoing : undefined;
  if (size === 0) {
    headers.set("Content-Length", "0");
    headers.set("Content-Range", "bytes */0");
    return socket ? sendBytes(socket, headers, 200, undefined) : new Response(null, { status: 200, headers });
  }
  const range = parseRange(c.req.header("range"), size);
  const start = range?.start ?? 0;
  const end = range?.end ?? size - 1;
  if (c.req.method === "GET" && body.maxGetBytes !== undefined && end - start + 1 > body.maxGetBytes)
    throw tooLargeForOneGet(body.maxGetBytes, end - start + 1);
  headers.set("Content-Length", String(end - start + 1));
  if (range) headers.set("Content-Range", `bytes ${start}-${end}/${size}`);
  const status = range ? 206 : 200;
  if (c.req.method === "HEAD") return socket ? sendBytes(socket, headers, status, undefined) : new Response(null, { status, headers });
  const sha256 = body.sha256!;
  // An LFS object stored only in xorbs (uploaded through Xet): rebuilt from them as it is sent, range included.
  const xetFile = body.lfs && !body.bytes ? xetFileOfLfsObject(context.db, sha256) : undefined;
  if (xetFile) {
    const pieces = readXetFile(context.db, context.blobs, xetFile, start, end);
    if (socket) {
      const marker = writeHead(socket, headers, status);
      void writeIterable(socket, pieces);
      return marker;
    }
    return new Response(iterableStream(pieces), { status, headers });
  }
  const bytes = body.bytes ?? (size <= IN_MEMORY_BYTES ? (context.blobs.readBytesSync(sha256) as Uint8Array<ArrayBuffer>) : undefined);
  if (bytes)
    return socket
      ? sendBytes(socket, headers, status, bytes.subarray(start, end + 1))
      : new Response(bytes.subarray(start, end + 1), { status, headers });
  if (socket) return sendToSocket(socket, headers, status, context.blobs.pathOf(sha256), start, end);
  // In-process `fetch` (no socket): a web stream of the file.
  return new Response(context.blobs.read(sha256, start, end), { status, headers });
}

/**
 * Writes the head straight into the Node response. Hono's middleware cannot add headers to a
 * response already sent, so the ones they add (request id, CORS) come from the same helper here; the
 * returned marker tells the adapter not to answer.
 */
function writeHead(outgoing: ServerResponse, headers: Headers, status: number): Response {
  for (const [name, value] of Object.entries(directResponseHeaders())) headers.set(name, value);
  outgoing.writeHead(status, Object.fromEntries(headers));
  return new Response(null, { headers: { "x-hono-already-sent": "true" } });
}

/**
 * Answers with bytes already in memory (small files, HEAD): without the web `Response` that Hono's
 * adapter would convert, which cost about half of the server's time per small file.
 */
function sendBytes(outgoing: ServerResponse, headers: Headers, status: number, bytes: Uint8Array | undefined): Response {
  const marker = writeHead(outgoing, headers, status);
  outgoing.end(bytes);
  return marker;
}

/** Sends the file straight into the Node response: a web `ReadableStream` in between costs twice the CPU for large files. */
function sendToSocket(
  outgoing: ServerResponse,
  headers: Headers,
  status: number,
  objectPath: string,
  start: number,
  end: number,
): Response {
  const marker = writeHead(outgoing, headers, status);
  void writeFileRange(outgoing, objectPath, start, end);
  return marker;
}

/** Writes pieces to the response as the socket takes them (back-pressure: waits for "drain"); cuts the connection on an error. */
async function writeIterable(outgoing: ServerResponse, pieces: AsyncGenerator<Uint8Array>): Promise<void> {
  let closed = false;
  let wake: (() => void) | undefined;
  const onWake = () => wake?.();
  const onClose = () => {
    closed = true;
    wake?.();
  };
  outgoing.once("close", onClose);
  outgoing.on("drain", onWake);
  try {
    for await (const piece of pieces) {
      if (closed) break;
      if (!outgoing.write(piece)) await new Promise<void>((resolve) => (wake = resolve));
      if (closed) break;
    }
    if (!closed) outgoing.end();
  } catch {
    outgoing.destroy();
  } finally {
    outgoing.off("close", onClose);
    outgoing.off("drain", onWake);
    await pieces.return(undefined);
  }
}

const idleBuffers: Buffer[] = [];

/**
 * Writes bytes `[start, end]` of a file to the response through a few reused 1 MiB buffers: a buffer
 * is read into again once the socket has taken its bytes (the write callback), so a large file
 * costs no allocation and no garbage collection, only the copies the kernel makes.
 */
async function writeFileRange(outgoing: ServerResponse, path: string, start: number, end: number): Promise<void> {
  const free: Buffer[] = [];
  let owned = 0;
  let closed = false;
  let wake: (() => void) | undefined;
  const onClose = () => {
    closed = true;
    wake?.();
  };
  outgoing.once("close", onClose);
  const handle = await open(path, "r").catch(() => undefined);
  try {
    if (!handle) throw new Error(`Stored object missing: ${path}`);
    for (let position = start; position <= end && !closed;) {
      if (free.length === 0 && owned < BUFFERS_PER_RESPONSE) {
        free.push(idleBuffers.pop() ?? Buffer.allocUnsafeSlow(STREAM_CHUNK_BYTES));
        owned++;
      }
      while (free.length === 0 && !closed) await new Promise<void>((resolve) => (wake = resolve));
      if (closed) break;
      const buffer = free.pop()!;
      const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, end - position + 1), position);
      if (bytesRead === 0) throw new Error(`Stored object shorter than expected: ${path}`);
      position += bytesRead;
      outgoing.write(bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead), () => {
        free.push(buffer);
        wake?.();
      });
    }
    if (!closed) outgoing.end();
    // The last writes hand their buffers back before they go to the pool.
    while (free.length < owned && !closed) await new Promise<void>((resolve) => (wake = resolve));
  } catch {
    // Headers are gone already: all we can do is cut the connection.
    outgoing.destroy();
  } finally {
    outgoing.off("close", onClose);
    await handle?.close();
    // Buffers of a connection closed mid-write are left to the garbage collector.
    for (const buffer of free) if (idleBuffers.length < MAX_POOLED_BUFFERS) idleBuffers.push(buffer);
  }
}

const pendingDownloads = new WeakMap<Database, Map<number, number>>();

/** Adds one download to a repo; the counts are written together a little later. */
function countDownload(db: Database, repoId: number): void {
  let pending = pendingDownloads.get(db);
  if (!pending) {
    pending = new Map();
    pendingDownloads.set(db, pending);
    setTimeout(() => flushDownloads(db), DOWNLOAD_FLUSH_MS).unref();
  }
  pending.set(repoId, (pending.get(repoId) ?? 0) + 1);
}

function flushDownloads(db: Database): void {
  const pending = pendingDownloads.get(db);
  pendingDownloads.delete(db);
  if (!pending || !db.open) return;
  const update = statement(db, "UPDATE repos SET downloads = downloads + ? WHERE id = ?");
  db.transaction(() => {
    for (const [repoId, count] of pending) update.run(count, repoId);
  })();
}

function contentDisposition(path: string): string {
  const name = path.slice(path.lastIndexOf("/") + 1);
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `inline; filename*=UTF-8''${encodeURIComponent(name)}; filename="${ascii}"`;
}
