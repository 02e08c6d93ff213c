import { type HubOptions } from "@hub/core";
import { optionalString, whoamiOnce } from "@hub/core/internal";

/**
 * The name and type of the token's owner (`GET /api/whoami-v2`, asked once per token and shared
 * with every other helper through core's `whoamiOnce`); `@hub/auth` has the full `whoami`.
 * @throws {HubValidationError} without a token (explicit or from the environment).
 */
export async function currentUser(options: HubOptions, field: string): Promise<{ name: string; type: string }> {
  const object = await whoamiOnce(options, field);
  return { name: optionalString(object.name) ?? "", type: optionalString(object.type) ?? "user" };
}
