import { isRecord } from "@hub/core/internal";

/** A public environment variable of a Space. */
export interface SpaceVariable {
  key: string;
  value: string;
  description: string | undefined;
  updatedAt: Date | undefined;
}

/** Converts the server's `{KEY: {value, description?, updatedAt}}` map into `SpaceVariable`s. */
export function toSpaceVariables(raw: unknown): Record<string, SpaceVariable> {
  const variables: Record<string, SpaceVariable> = {};
  for (const [key, entry] of Object.entries(isRecord(raw) ? raw : {})) {
    const item = isRecord(entry) ? entry : {};
    variables[key] = {
      key,
      value: typeof item.value === "string" ? item.value : "",
      description: typeof item.description === "string" ? item.description : undefined,
      updatedAt: typeof item.updatedAt === "string" ? new Date(item.updatedAt) : undefined,
    };
  }
  return variables;
}
