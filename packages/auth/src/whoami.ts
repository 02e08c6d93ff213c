import { type HubOptions, HubValidationError, hubRequest, resolveAccessToken } from "@hub/core";
import { clientEntry, HubOptionsEntries, isRecord, optionalString, parse } from "@hub/core/internal";
import * as v from "@hub/core/internal/valibot";
import { CLIENT } from "./client.ts";

/** Parameters of `whoami`: the Hub options; a token is required (explicit, or on Node from `HF_TOKEN` or the token file). */
export interface WhoAmIParams extends HubOptions {
  /** The token to identify (`hf_...`). */
  accessToken?: string;
}

/** An organization the caller belongs to. */
export interface WhoAmIOrg {
  /** Organization name (its namespace). */
  name: string;
  /** Display name. */
  fullname: string | undefined;
  /** The caller's role in the organization (`admin`, `write`, `read`...), when the server says it. */
  roleInOrg: string | undefined;
  /** The server's object as received. */
  raw: Record<string, unknown>;
}

/** How the caller authenticated: the kind of credential and, for access tokens, its role. */
export interface WhoAmIAuth {
  /** `"access_token"` for user access tokens. */
  type: string | undefined;
  /** The token's role: `read`, `write`, `contributor`, `admin` or `fineGrained`. */
  role: string | undefined;
  /** The token's display name. */
  tokenName: string | undefined;
}

/** Who a token belongs to (`GET /api/whoami-v2`). */
export interface WhoAmI {
  /** `"user"`, `"org"` or `"app"`. */
  type: string;
  /** The user (or org) name: the namespace of its repos. */
  name: string;
  /** Display name. */
  fullname: string | undefined;
  /** E-mail address, when the token may read it. */
  email: string | undefined;
  /** Organizations the user belongs to. */
  orgs: WhoAmIOrg[];
  /** The credential used. */
  auth: WhoAmIAuth;
  /** The server's object as received. */
  raw: Record<string, unknown>;
}

const WhoAmISchema = /* @__PURE__ */ (() => v.object({ ...HubOptionsEntries, ...clientEntry(CLIENT) }))();

/**
 * Returns the user (or organization) a token belongs to, its organizations and the token's role.
 * Always asks the Hub (helpers that only need the name share one cached answer per token instead).
 * @throws {HubValidationError} without a token, before any request.
 * @throws {HubHttpError} 401 for an invalid token.
 */
export async function whoami(params: WhoAmIParams): Promise<WhoAmI> {
  const options = parse(WhoAmISchema, params);
  if (resolveAccessToken(options) === undefined) throw new HubValidationError([{ field: "accessToken", rule: "is required" }]);
  const raw = await hubRequest(options, { path: "/api/whoami-v2" });
  return toWhoAmI(raw);
}

/** Converts the server's `whoami-v2` object into a `WhoAmI`. */
export function toWhoAmI(raw: unknown): WhoAmI {
  const object = isRecord(raw) ? raw : {};
  const auth = isRecord(object.auth) ? object.auth : {};
  const accessToken = isRecord(auth.accessToken) ? auth.accessToken : {};
  return {
    type: optionalString(object.type) ?? "user",
    name: optionalString(object.name) ?? "",
    fullname: optionalString(object.fullname),
    email: optionalString(object.email),
    orgs: (Array.isArray(object.orgs) ? object.orgs : []).filter(isRecord).map((org) => ({
      name: optionalString(org.name) ?? "",
      fullname: optionalString(org.fullname),
      roleInOrg: optionalString(org.roleInOrg),
      raw: org,
    })),
    auth: {
      type: optionalString(auth.type),
      role: optionalString(accessToken.role) ?? optionalString(auth.role),
      tokenName: optionalString(accessToken.displayName),
    },
    raw: object,
  };
}
