import * as v from "@hub/core/internal/valibot";

/** Visibility of a repository; `protected` exists for Spaces only. */
export type RepoVisibilityName = "public" | "private" | "protected";

/** Schema of an optional `visibility`. */
export const VisibilitySchema = /* @__PURE__ */ (() =>
  v.optional(v.picklist(["public", "private", "protected"], 'must be "public", "private" or "protected"')))();

/**
 * The `visibility` field the Hub reads today, from the seed's `private` flag or the `visibility`
 * option; `undefined` when the caller asked for neither (the server's or organization's default applies).
 */
export function resolveVisibility(
  isPrivate: boolean | undefined,
  visibility: RepoVisibilityName | undefined,
): RepoVisibilityName | undefined {
  if (visibility !== undefined) return visibility;
  return isPrivate === undefined ? undefined : isPrivate ? "private" : "public";
}

/** Not both `private` and `visibility` (the rule of the Python client). */
export function privateOrVisibility(input: { private?: boolean | undefined; visibility?: RepoVisibilityName | undefined }): boolean {
  return input.private === undefined || input.visibility === undefined;
}

/** `protected` is for Spaces only. */
export function protectedOnlyForSpaces(input: { visibility?: RepoVisibilityName | undefined; repoType?: string | undefined }): boolean {
  return input.visibility !== "protected" || input.repoType === "space";
}
