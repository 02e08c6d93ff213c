import { createHmac, timingSafeEqual } from "node:crypto";
import { HttpError } from "../http/errors.ts";

/** What a CAS access token allows: reads (and, for `write`, uploads) for one repo until `expires` (unix seconds). */
export interface XetTokenClaims {
  repo: string;
  mode: "read" | "write";
  expires: number;
}

function tokenKey(signingKey: Uint8Array): Buffer {
  return createHmac("sha256", signingKey).update("xet-cas-token").digest();
}

/** A CAS access token: the claims (base64url JSON) and their HMAC, opaque to clients. */
export function signXetToken(signingKey: Uint8Array, claims: XetTokenClaims): string {
  const body = Buffer.from(JSON.stringify([claims.repo, claims.mode, claims.expires])).toString("base64url");
  return `xet_${body}.${createHmac("sha256", tokenKey(signingKey)).update(body).digest("base64url")}`;
}

/**
 * The claims of a CAS access token; 401 when it is missing, forged or expired (clients then fetch a new
 * one), 403 when a read token is used for an upload.
 */
export function verifyXetToken(signingKey: Uint8Array, header: string | undefined, need: "read" | "write", now: number): XetTokenClaims {
  const token = /^Bearer\s+(\S+)$/i.exec(header ?? "")?.[1] ?? "";
  const match = /^xet_([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(token);
  if (!match) throw new HttpError(401, "Missing or invalid Xet access token");
  const [, body = "", signature = ""] = match;
  const expected = createHmac("sha256", tokenKey(signingKey)).update(body).digest();
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new HttpError(401, "Missing or invalid Xet access token");
  const [repo, mode, expires] = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as [string, "read" | "write", number];
  if (!(expires * 1000 > now)) throw new HttpError(401, "The Xet access token has expired");
  if (need === "write" && mode !== "write") throw new HttpError(403, "This Xet access token is read-only");
  return { repo, mode, expires };
}

/** The signature of a xorb data URL: the xorb, the byte range it allows and its expiry. */
export function signXetRange(signingKey: Uint8Array, xorb: string, start: number, end: number, expires: number): string {
  return createHmac("sha256", signingKey).update(`xet-data\n${xorb}\n${start}-${end}\n${expires}`).digest("base64url");
}

/** Checks a data URL signature; 403 (as a CDN answers) when forged or expired. */
export function verifyXetRange(
  signingKey: Uint8Array,
  xorb: string,
  start: number,
  end: number,
  expires: number,
  signature: string,
  now: number,
): void {
  const expected = Buffer.from(signXetRange(signingKey, xorb, start, end, expires), "base64url");
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new HttpError(403, "Invalid or missing signature on Xet data URL");
  if (!(expires * 1000 > now)) throw new HttpError(403, "The Xet data URL has expired");
}
