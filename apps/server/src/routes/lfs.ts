import { createHash, createHmac, randomBytes } from "node:crypto";
import { IncomingMessage } from "node:http";
import type { Context, Hono } from "hono";
import type { ServerContext } from "../context.ts";
import { readableRepo, writableRepo } from "../http/access.ts";
import { authenticate, requireAuth } from "../http/auth.ts";
import { HttpError, badRequest, tooLargeForOneGet } from "../http/errors.ts";
import type { RepoTarget } from "../http/repo-router.ts";
import { json, readJsonObject } from "../http/respond.ts";
import { iterableStream } from "../streams.ts";
import { publicOrigin, repoUrlPrefix } from "../http/urls.ts";
import { signGrant, verifyGrant } from "../lfs/signing.ts";
import {
  grantLfsObject,
  lfsObjectSize,
  lfsObjectXetHash,
  recordLfsObject,
  repoIdOfObjectId,
  repoLfsObjectSize,
} from "../storage/lfs-objects.ts";
import type { Repo } from "../storage/repos.ts";
import { readXetFile, xetFileOfLfsObject } from "../storage/xet.ts";
import { mintXetToken, xetTokenUrl } from "./xet.ts";

const LFS_CONTENT_TYPE = "application/vnd.git-lfs+json";
const OID_PATTERN = /^[0-9a-f]{64}$/;

/**
 * Git LFS: the batch API at `/{prefix}{repo}.git/info/lfs/objects/batch` (Basic or Bearer),
 * verify, and the signed storage URLs it hands out (`/lfs-storage/...`: basic PUT, multipart
 * part PUTs and completion POST, GET for downloads). Storage URLs need no Authorization header.
 *
 * Objects belong to repos (see storage/lfs-objects.ts): a download batch answers only for objects
 * the repo owns; an upload batch asks for the bytes of any object the repo does not own yet, even
 * when they are stored for another repo (the upload proves possession; storage stays deduplicated),
 * and answers the same way whether or not the oid exists elsewhere.
 */
export function register(app: Hono, context: ServerContext): void {
  context.router.git("POST", "info", (c, target) => {
    const action = target.tail.join("/");
    if (action === "lfs/objects/batch") return batch(c, context, target);
    if (action === "lfs/objects/verify") return verify(c, context, target);
    throw new HttpError(404, `Unknown LFS endpoint: ${action}`);
  });
  app.put("/lfs-storage/:oid", (c) => uploadWhole(c, context));
  app.get("/lfs-storage/:oid", (c) => download(c, context));
  app.put("/lfs-storage/:oid/multipart/:uploadId/:part", (c) => uploadPart(c, context));
  app.post("/lfs-storage/:oid/multipart/:uploadId", (c) => completeMultipart(c, context));
}

function lfsJson(value: unknown, status = 200): Response {
  return json(value, status, { "Content-Type": LFS_CONTENT_TYPE });
}

async function batch(c: Context, context: ServerContext, target: RepoTarget): Promise<Response> {
  const body = await readJsonObject(c);
  const operation = body.operation;
  if (operation !== "upload" && operation !== "download") throw badRequest('operation must be "upload" or "download"');
  if (body.hash_algo !== undefined && body.hash_algo !== "sha256" && body.hash_algo !== "sha_256")
    throw badRequest(`Unsupported hash_algo: ${String(body.hash_algo)}`);
  if (!Array.isArray(body.objects)) throw badRequest("objects must be an array");
  const auth = operation === "upload" ? requireAuth(c, context.db) : authenticate(c, context.db);
  const hasRef = typeof body.ref === "object" && body.ref !== null;
  // Without a ref (PR uploads), readers may upload; with one, the caller must be able to push.
  const repo =
    operation === "upload" && hasRef
      ? writableRepo(context.db, target.type, target.repoId, auth)
      : readableRepo(context.db, target.type, target.repoId, auth);
  const uploadKey = repoUploadKey(context, repo);
  const origin = publicOrigin(c, context);
  const { config } = context;
  const expiresAt = new Date(Date.now() + config.uploadUrlTtlSeconds * 1000).toISOString();
  const verifyHref = `${origin}/${repoUrlPrefix(target.type)}${target.repoId}.git/info/lfs/objects/verify`;
  // Xet, when on and the client lists it: objects to upload get the write-token route and a token instead of storage URLs.
  const transfers = Array.isArray(body.transfers) ? body.transfers : [];
  if (operation === "upload" && config.xet && transfers.includes("xet")) {
    const refName = hasRef && typeof (body.ref as { name?: unknown }).name === "string" ? (body.ref as { name: string }).name : "main";
    const revision = refName.replace(/^refs\/heads\//, "");
    const token = mintXetToken(c, context, repo, "write");
    const href = xetTokenUrl(origin, target.type, repo.fullName, "write", revision);
    const objects = (body.objects as Array<Record<string, unknown>>).map((object) => {
      const oid = typeof object?.oid === "string" ? object.oid.toLowerCase() : "";
      const size = object?.size;
      if (!OID_PATTERN.test(oid) || typeof size !== "number" || !Number.isSafeInteger(size) || size < 0) {
        return {
          oid: String(object?.oid),
          size: typeof size === "number" ? size : 0,
          error: { code: 422, message: "Invalid oid or size" },
        };
      }
      if (repoLfsObjectSize(context.db, repo.id, oid) !== undefined) return { oid, size };
      return {
        oid,
        size,
        authenticated: true,
        actions: { upload: { href, header: token.headers, expires_at: new Date(Number(token.body.exp) * 1000).toISOString() } },
      };
    });
    return lfsJson({ transfer: "xet", objects, hash_algo: "sha256" });
  }
  const objects = (body.objects as Array<Record<string, unknown>>).map((object) => {
    const oid = typeof object?.oid === "string" ? object.oid.toLowerCase() : "";
    const size = object?.size;
    if (!OID_PATTERN.test(oid) || typeof size !== "number" || !Number.isSafeInteger(size) || size < 0) {
      return { oid: String(object?.oid), size: typeof size === "number" ? size : 0, error: { code: 422, message: "Invalid oid or size" } };
    }
    // Only this repo's objects count: another repo's object is "missing" here (no existence oracle).
    const storedSize = repoLfsObjectSize(context.db, repo.id, oid);
    if (operation === "download") {
      if (storedSize === undefined) return { oid, size, error: { code: 404, message: "Object does not exist" } };
      const now = config.now();
      const href = `${origin}/lfs-storage/${oid}?${signGrant(config.signingKey, { action: "download", oid, size: storedSize }, config.signedUrlTtlSeconds, now)}`;
      const downloadExpiresAt = new Date(now + config.signedUrlTtlSeconds * 1000).toISOString();
      return { oid, size: storedSize, authenticated: true, actions: { download: { href, expires_at: downloadExpiresAt } } };
    }
    if (storedSize !== undefined) {
      if (storedSize !== size)
        return { oid, size, error: { code: 422, message: `Size mismatch: object is stored with size ${storedSize}` } };
      return { oid, size };
    }
    const verifyAction = { href: verifyHref, expires_at: expiresAt };
    if (size <= config.multipartThreshold) {
      const href = `${origin}/lfs-storage/${oid}?${signGrant(uploadKey, { action: "upload", oid, size }, config.uploadUrlTtlSeconds)}&repo=${repo.objectId}`;
      return { oid, size, authenticated: true, actions: { upload: { href, expires_at: expiresAt }, verify: verifyAction } };
    }
    const uploadId = randomBytes(12).toString("hex");
    const parts = Math.ceil(size / config.multipartChunkSize);
    const header: Record<string, string> = { chunk_size: String(config.multipartChunkSize) };
    for (let part = 1; part <= parts; part++) {
      const grant = signGrant(config.signingKey, { action: "part", oid, size, uploadId, part }, config.uploadUrlTtlSeconds);
      header[String(part).padStart(5, "0")] = `${origin}/lfs-storage/${oid}/multipart/${uploadId}/${part}?${grant}`;
    }
    const completion = signGrant(uploadKey, { action: "complete", oid, size, uploadId, parts }, config.uploadUrlTtlSeconds);
    return {
      oid,
      size,
      authenticated: true,
      actions: {
        upload: {
          href: `${origin}/lfs-storage/${oid}/multipart/${uploadId}?${completion}&repo=${repo.objectId}`,
          header,
          expires_at: expiresAt,
        },
        verify: verifyAction,
      },
    };
  });
  return lfsJson({ transfer: "basic", objects, hash_algo: "sha256" });
}

/**
 * The key of a repo's upload and completion URLs: derived from the server key and the repo, so a
 * URL signed for one repo cannot give an object to another (the `repo` query names it).
 */
function repoUploadKey(context: ServerContext, repo: Pick<Repo, "objectId">): Buffer {
  return createHmac("sha256", context.config.signingKey).update(`lfs-upload\n${repo.objectId}`).digest();
}

/** The repo an upload URL was signed for, and its key; 403 when the URL names none (or a deleted one). */
function uploadTarget(c: Context, context: ServerContext): { repoId: number; key: Buffer } {
  const objectId = new URL(c.req.url).searchParams.get("repo") ?? "";
  const repoId = objectId ? repoIdOfObjectId(context.db, objectId) : undefined;
  if (repoId === undefined) throw new HttpError(403, "Invalid or missing signature on storage URL");
  return { repoId, key: repoUploadKey(context, { objectId }) };
}

async function verify(c: Context, context: ServerContext, target: RepoTarget): Promise<Response> {
  const repo = readableRepo(context.db, target.type, target.repoId, requireAuth(c, context.db));
  const body = await readJsonObject(c);
  const oid = typeof body.oid === "string" ? body.oid.toLowerCase() : "";
  const size = repoLfsObjectSize(context.db, repo.id, oid);
  if (size === undefined) throw new HttpError(404, `Object ${oid} not found`);
  if (body.size !== undefined && body.size !== size) throw new HttpError(422, `Object ${oid} has size ${size}, not ${String(body.size)}`);
  return lfsJson({});
}

function oidParam(c: Context): string {
  const oid = c.req.param("oid")?.toLowerCase() ?? "";
  if (!OID_PATTERN.test(oid)) throw badRequest("Invalid oid");
  return oid;
}

/**
 * The request body as it arrives: straight from Node's request when served by the Node adapter
 * (a web stream in between costs CPU on every 64 KiB chunk of a gigabyte upload), else the web body.
 */
function requestBody(c: Context): AsyncIterable<Uint8Array> | ReadableStream<Uint8Array> {
  const incoming = (c.env as { incoming?: unknown } | undefined)?.incoming;
  if (incoming instanceof IncomingMessage) return incoming;
  return c.req.raw.body ?? new Blob([]).stream();
}

async function uploadWhole(c: Context, context: ServerContext): Promise<Response> {
  const oid = oidParam(c);
  const { repoId, key } = uploadTarget(c, context);
  const grant = verifyGrant(key, { action: "upload", oid }, new URL(c.req.url).searchParams);
  if (lfsObjectSize(context.db, oid) === undefined) {
    await context.blobs.putStream(requestBody(c), { sha256: oid, size: grant.size });
    recordLfsObject(context.db, oid, grant.size);
  } else {
    // Stored for another repo: the bytes are not kept twice, but they must be sent, and be right.
    await verifyBody(requestBody(c), oid, grant.size);
  }
  grantLfsObject(context.db, repoId, oid);
  return new Response(null, { status: 200, headers: { ETag: `"${oid}"` } });
}

/** Reads a body that must be exactly the object `oid` of `size` bytes; 400 otherwise. */
async function verifyBody(body: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>, oid: string, size: number): Promise<void> {
  const hash = createHash("sha256");
  let received = 0;
  for await (const chunk of body as AsyncIterable<Uint8Array>) {
    received += chunk.byteLength;
    if (received > size) throw badRequest(`Body is larger than the expected ${size} bytes`);
    hash.update(chunk);
  }
  if (received !== size) throw badRequest(`Size mismatch: expected ${size} bytes, received ${received}`);
  const digest = hash.digest("hex");
  if (digest !== oid) throw badRequest(`Checksum mismatch: expected sha256 ${oid}, received ${digest}`);
}

async function uploadPart(c: Context, context: ServerContext): Promise<Response> {
  const oid = oidParam(c);
  const uploadId = c.req.param("uploadId") ?? "";
  const part = Number(c.req.param("part"));
  if (!/^[0-9a-f]{24}$/.test(uploadId) || !Number.isInteger(part) || part < 1) throw badRequest("Invalid upload id or part number");
  const grant = verifyGrant(context.config.signingKey, { action: "part", oid, uploadId, part }, new URL(c.req.url).searchParams);
  const length = await context.blobs.putPart(
    { uploadId, size: grant.size, chunkSize: context.config.multipartChunkSize },
    part,
    requestBody(c),
  );
  return new Response(null, { status: 200, headers: { ETag: partEtag(context, uploadId, part, length) } });
}

/** A part's ETag: a receipt for (upload, part, length), not a content hash (completion checks the whole object's sha256). */
function partEtag(context: ServerContext, uploadId: string, part: number, length: number): string {
  return `"${createHmac("sha256", context.config.signingKey).update(`${uploadId}:${part}:${length}`).digest("hex").slice(0, 32)}"`;
}

async function completeMultipart(c: Context, context: ServerContext): Promise<Response> {
  const oid = oidParam(c);
  const uploadId = c.req.param("uploadId") ?? "";
  if (!/^[0-9a-f]{24}$/.test(uploadId)) throw badRequest("Invalid upload id");
  const { repoId, key } = uploadTarget(c, context);
  const grant = verifyGrant(key, { action: "complete", oid, uploadId }, new URL(c.req.url).searchParams);
  const body = await readJsonObject(c);
  if (typeof body.oid === "string" && body.oid.toLowerCase() !== oid) throw badRequest("oid does not match the upload");
  if (Array.isArray(body.parts) && body.parts.length !== grant.parts)
    throw badRequest(`Expected ${grant.parts} parts, got ${body.parts.length}`);
  const plan = { uploadId, size: grant.size, chunkSize: context.config.multipartChunkSize };
  if (Math.ceil(grant.size / plan.chunkSize) !== grant.parts)
    throw badRequest("The server's part size changed since the upload started: start it again");
  // Completing checks every part and the whole object's sha256, also when another repo stored it already.
  await context.blobs.completeParts(plan, { sha256: oid, size: grant.size });
  recordLfsObject(context.db, oid, grant.size);
  // Stored through Xet already: its bytes stay in the xorbs only (reads of this object go there).
  if (lfsObjectXetHash(context.db, oid)) await context.blobs.remove(oid);
  grantLfsObject(context.db, repoId, oid);
  return lfsJson({ oid, size: grant.size }, 200);
}

async function download(c: Context, context: ServerContext): Promise<Response> {
  const oid = oidParam(c);
  const grant = verifyGrant(context.config.signingKey, { action: "download", oid }, new URL(c.req.url).searchParams, context.config.now());
  if (grant.size > context.config.maxSingleGetBytes) throw tooLargeForOneGet(context.config.maxSingleGetBytes, grant.size);
  // Bytes uploaded through Xet live only in xorbs: rebuilt from them as they are sent.
  const xetFile = xetFileOfLfsObject(context.db, oid);
  const body = xetFile ? iterableStream(readXetFile(context.db, context.blobs, xetFile)) : context.blobs.read(oid);
  return new Response(body, {
    headers: { "Content-Type": "application/octet-stream", "Content-Length": String(grant.size), ETag: `"${oid}"` },
  });
}
