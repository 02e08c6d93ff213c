import { type HubOptions, HubValidationError, hubRequest } from "@hub/core";
import { isRecord, optionalString } from "./records.ts";

/**
 * The name and type of the token's owner (`GET /api/whoami-v2`); `@hub/auth` has the full `whoami`,
 * this is the one field some repo operations need (leaf packages do not depend on each other).
 * @throws {HubValidationError} without `accessToken`.
 */
export async function currentUser(options: HubOptions, field: string): Promise<{ name: string; type: string }> {
  if (!options.accessToken) throw new HubValidationError([{ field: "accessToken", rule: `is required when ${field} is not given` }]);
  const raw = await hubRequest(options, { path: "/api/whoami-v2" });
  const object = isRecord(raw) ? raw : {};
  return { name: optionalString(object.name) ?? "", type: optionalString(object.type) ?? "user" };
}
