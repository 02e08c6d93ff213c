import { CommitConflictError, type HubOptions, hubRequest, NonEmptyStringSchema, parse, type RepoParams, repoUrl, resolveHubUrl } from "@hub/core";
import * as v from "valibot";
import { currentUser } from "./current-user.ts";
import { isRecord, optionalString } from "./records.ts";
import { parseRepoUrl, type RepoUrl } from "./repo-url.ts";
import { OptionalBoolean, RepoEntries } from "./schemas.ts";

/** The SDKs a Space can run on. */
export const SPACE_SDKS = ["gradio", "streamlit", "docker", "static"] as const;

/** A Space SDK: `gradio`, `streamlit`, `docker` or `static`. */
export type SpaceSdk = (typeof SPACE_SDKS)[number];

/** Parameters of `createRepo`. */
export interface CreateRepoParams extends HubOptions, RepoParams {
  /** Create the repository private (default false). */
  private?: boolean;
  /** Succeed when the repository already exists (default false). */
  existOk?: boolean;
  /** SDK of a Space (required for Spaces): `gradio`, `streamlit`, `docker` or `static`. */
  spaceSdk?: SpaceSdk;
  /** Hardware of a Space, e.g. `cpu-basic` or `t4-medium`. */
  spaceHardware?: string;
}

const CreateRepoSchema = /* @__PURE__ */ (() => v.pipe(
  v.object({
    ...RepoEntries,
    private: OptionalBoolean,
    existOk: OptionalBoolean,
    spaceSdk: v.optional(v.picklist(SPACE_SDKS, 'must be "gradio", "streamlit", "docker" or "static"')),
    spaceHardware: v.optional(NonEmptyStringSchema),
  }),
  v.forward(v.check((input) => input.repoType !== "space" || input.spaceSdk !== undefined, "is required for a Space"), ["spaceSdk"]),
  v.forward(v.check((input) => input.repoType === "space" || input.spaceSdk === undefined, "is only for Spaces"), ["spaceSdk"]),
  v.forward(v.check((input) => input.repoType === "space" || input.spaceHardware === undefined, "is only for Spaces"), ["spaceHardware"]),
))();

/**
 * Creates a repository (`POST /api/repos/create`) and returns its URL taken apart. A `repoId`
 * without namespace is created in the token user's namespace.
 * @throws {HubValidationError} on a bad `repoId`, a Space without `spaceSdk`, or Space options on another type; nothing is sent.
 * @throws {CommitConflictError} 409 when it already exists and `existOk` is false.
 * @throws {HubHttpError} 401/403 without the right to create in that namespace.
 */
export async function createRepo(params: CreateRepoParams): Promise<RepoUrl> {
  const { repoId, repoType, private: isPrivate = false, existOk = false, spaceSdk, spaceHardware, ...options } = parse(CreateRepoSchema, params);
  const [organization, name] = repoId.includes("/") ? repoId.split("/") : [null, repoId];
  try {
    const raw = await hubRequest(options, {
      method: "POST",
      path: "/api/repos/create",
      json: {
        name,
        organization,
        private: isPrivate,
        ...(repoType === "model" ? {} : { type: repoType }),
        ...(spaceSdk ? { sdk: spaceSdk } : {}),
        ...(spaceHardware ? { hardware: spaceHardware } : {}),
      },
    });
    const url = isRecord(raw) ? optionalString(raw.url) : undefined;
    const fallback = repoUrl({ repoId: String(optionalString(isRecord(raw) ? raw.name : undefined) ?? repoId), repoType, hubUrl: resolveHubUrl(options) });
    return { ...parseRepoUrl(url ?? fallback, { hubUrl: resolveHubUrl(options) }), repoType };
  } catch (error) {
    if (!existOk || !(error instanceof CommitConflictError) || error.status !== 409) throw error;
    const fullId = organization ? repoId : `${(await currentUser(options, "a namespace")).name}/${repoId}`;
    return parseRepoUrl(repoUrl({ repoId: fullId, repoType, hubUrl: resolveHubUrl(options) }), { hubUrl: resolveHubUrl(options) });
  }
}
