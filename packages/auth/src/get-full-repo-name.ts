import { type HubOptions, HubValidationError, resolveAccessToken } from "@hub/core";
import { clientEntry, HubOptionsEntries, parse, whoamiOnce } from "@hub/core/internal";
import * as v from "@hub/core/internal/valibot";
import { CLIENT } from "./client.ts";
import { toWhoAmI } from "./whoami.ts";

/** Parameters of `getFullRepoName`. */
export interface GetFullRepoNameParams extends HubOptions {
  /** The repository name (`"bert"`), or an id that already has a namespace (`"alice/bert"`). */
  modelId: string;
  /** Put the repository in this organization instead of the token's user. */
  organization?: string;
}

const NAME_PART = /^[\p{L}\p{N}\p{M}_](?:[\p{L}\p{N}\p{M}_.-]*[\p{L}\p{N}\p{M}_])?$/u;
const NAME_RULE = 'letters, digits, "_", "-" and ".", starting and ending with a letter, digit or "_"';

const GetFullRepoNameSchema = /* @__PURE__ */ (() =>
  v.object({
    ...HubOptionsEntries,
    ...clientEntry(CLIENT),
    modelId: v.pipe(
      v.string("must be a string"),
      v.check(
        (id) => id.split("/").length <= 2 && id.split("/").every((part) => NAME_PART.test(part)),
        `must be "name" or "namespace/name" of ${NAME_RULE}`,
      ),
    ),
    organization: v.optional(v.pipe(v.string("must be a string"), v.regex(NAME_PART, `must be ${NAME_RULE}`))),
  }))();

/**
 * Returns the full id `"namespace/name"` of a repository: `organization/modelId` when an organization
 * is given, `modelId` unchanged when it already has a namespace, else `{token user}/modelId` (one
 * `whoami` request per token for the whole process, which needs a token).
 *
 * The seed (`get_full_repo_name` in huggingface_hub 0.12) turned `"a/b"` into `"a/a/b"` by prefixing
 * the existing namespace again; that is a bug, so an id with a namespace is returned as it is.
 * With both `organization` and a namespaced `modelId`, only the name part is kept:
 * `{ modelId: "a/b", organization: "org" }` gives `"org/b"`.
 * @throws {HubValidationError} on a malformed name, or when a user namespace is needed and no `accessToken` is given.
 * @throws {HubHttpError} 401 when the token is invalid.
 */
export async function getFullRepoName(params: GetFullRepoNameParams): Promise<string> {
  const { modelId, organization, ...options } = parse(GetFullRepoNameSchema, params);
  const parts = modelId.split("/");
  const name = parts[parts.length - 1] ?? modelId;
  if (organization !== undefined) return `${organization}/${name}`;
  if (parts.length === 2) return modelId;
  if (resolveAccessToken(options) === undefined) {
    throw new HubValidationError([{ field: "accessToken", rule: "is required to find the user namespace of a name without one" }]);
  }
  // One whoami-v2 per token, shared with the other helpers that need the current user.
  const user = toWhoAmI(await whoamiOnce(options));
  return `${user.name}/${name}`;
}
