import { createHmac, timingSafeEqual } from "node:crypto";
import { HttpError } from "../http/errors.ts";

/** What a signed storage URL allows. */
export interface UploadGrant {
  action: "upload" | "part" | "complete" | "download";
  oid: string;
  size: number;
  uploadId?: string;
  part?: number;
  parts?: number;
}

function payload(grant: UploadGrant, expires: number): string {
  return [grant.action, grant.oid, grant.size, grant.uploadId ?? "", grant.part ?? "", grant.parts ?? "", expires].join("\n");
}

/** Query parameters (`size`, `exp`, `sig`...) that make a storage URL usable without Authorization. */
export function signGrant(key: Uint8Array, grant: UploadGrant, ttlSeconds: number, now = Date.now()): URLSearchParams {
  const expires = Math.floor(now / 1000) + ttlSeconds;
  const params = new URLSearchParams({ size: String(grant.size) });
  if (grant.parts !== undefined) params.set("parts", String(grant.parts));
  params.set("exp", String(expires));
  params.set("sig", createHmac("sha256", key).update(payload(grant, expires)).digest("hex"));
  return params;
}

/** Checks a storage URL's signature and expiry against the grant it claims; 403 when invalid. */
export function verifyGrant(
  key: Uint8Array,
  grant: Omit<UploadGrant, "size" | "parts">,
  query: URLSearchParams,
  now = Date.now(),
): UploadGrant {
  const size = Number(query.get("size"));
  const expires = Number(query.get("exp"));
  const parts = query.has("parts") ? Number(query.get("parts")) : undefined;
  const signature = Buffer.from(query.get("sig") ?? "", "hex");
  const full: UploadGrant = { ...grant, size, ...(parts !== undefined ? { parts } : {}) };
  const expected = createHmac("sha256", key).update(payload(full, expires)).digest();
  if (!Number.isFinite(size) || signature.length !== expected.length || !timingSafeEqual(signature, expected)) {
    throw new HttpError(403, "Invalid or missing signature on storage URL");
  }
  if (!(expires * 1000 > now)) throw new HttpError(403, "The storage URL has expired");
  return full;
}
