import { hubRequest } from "@hub/core";
import { isRecord, parse, repoApiPath } from "@hub/core/internal";
import * as v from "@hub/core/internal/valibot";
import { SpaceEntries } from "./schemas.ts";
import type { SpaceParams } from "./space-params.ts";

/** What the Hub tells about a secret: never its value. */
export interface SpaceSecret {
  key: string;
  description: string | undefined;
  updatedAt: Date | undefined;
}

/** Parameters of `getSpaceSecrets`. */
export type GetSpaceSecretsParams = SpaceParams;

const GetSpaceSecretsSchema = /* @__PURE__ */ (() => v.object(SpaceEntries))();

/**
 * Lists the secret keys of a Space with their descriptions (values are never returned).
 * @throws {HubValidationError} on a bad `repoId`, before any request.
 * @throws {RepositoryNotFoundError} when the Space does not exist or is not visible to the caller.
 * @throws {HubHttpError} 403 without write access.
 */
export async function getSpaceSecrets(params: GetSpaceSecretsParams): Promise<Record<string, SpaceSecret>> {
  const { repoId, ...options } = parse(GetSpaceSecretsSchema, params);
  const raw = await hubRequest(options, { path: `${repoApiPath("space", repoId)}/secrets` });
  const secrets: Record<string, SpaceSecret> = {};
  for (const [key, entry] of Object.entries(isRecord(raw) ? raw : {})) {
    const item = isRecord(entry) ? entry : {};
    secrets[key] = {
      key,
      description: typeof item.description === "string" ? item.description : undefined,
      updatedAt: typeof item.updatedAt === "string" ? new Date(item.updatedAt) : undefined,
    };
  }
  return secrets;
}
