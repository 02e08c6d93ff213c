import type { Context } from "hono";
import { findToken, type TokenRecord } from "../storage/accounts.ts";
import type { Database } from "../storage/database.ts";
import { HttpError, INVALID_CREDENTIALS_MESSAGE, unauthorized } from "./errors.ts";

const cache = new WeakMap<Request, TokenRecord | null>();

/** Extracts the token of a Bearer or Basic (token as password) Authorization header. */
export function tokenFromHeader(header: string | undefined | null): string | undefined {
  if (!header) return undefined;
  const [scheme, value = ""] = header.trim().split(/\s+/, 2);
  if (scheme?.toLowerCase() === "bearer") return value || undefined;
  if (scheme?.toLowerCase() === "basic") {
    const decoded = Buffer.from(value, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    return (colon >= 0 ? decoded.slice(colon + 1) : decoded) || undefined;
  }
  return undefined;
}

/** The caller's token record, or null when anonymous; 401 "Invalid credentials" for an unknown token. */
export function authenticate(c: Context, db: Database): TokenRecord | null {
  const cached = cache.get(c.req.raw);
  if (cached !== undefined) return cached;
  const value = tokenFromHeader(c.req.header("authorization"));
  let record: TokenRecord | null = null;
  if (value !== undefined) {
    record = findToken(db, value) ?? null;
    if (!record) throw new HttpError(401, INVALID_CREDENTIALS_MESSAGE);
  }
  cache.set(c.req.raw, record);
  return record;
}

/** The caller's token record; 401 when anonymous. */
export function requireAuth(c: Context, db: Database): TokenRecord {
  const record = authenticate(c, db);
  if (!record) throw unauthorized();
  return record;
}
