import { CommitConflictError, HubHttpError, type HubOptions, hubRequest, type RepoParams, repoUrl, resolveHubUrl } from "@hub/core";
import { isRecord, NonEmptyStringSchema, optionalString, parse, repoApiPath, sleep } from "@hub/core/internal";
import * as v from "@hub/core/internal/valibot";
import { currentUser } from "./current-user.ts";
import { parseRepoUrl, type RepoUrl } from "./repo-url.ts";
import { OptionalBoolean, RepoEntries } from "./schemas.ts";
import { type RepoVisibilityName, privateOrVisibility, protectedOnlyForSpaces, resolveVisibility, VisibilitySchema } from "./visibility.ts";

/** The SDKs a Space can run on. */
export const SPACE_SDKS = ["gradio", "streamlit", "docker", "static"] as const;

/** A Space SDK: `gradio`, `streamlit`, `docker` or `static`. */
export type SpaceSdk = (typeof SPACE_SDKS)[number];

/** Parameters of `createRepo`. */
export interface CreateRepoParams extends HubOptions, RepoParams {
  /**
   * Create the repository private (`true`) or public (`false`). Left out, the Hub applies the
   * namespace's default (an organization may default to private). Cannot be combined with `visibility`.
   */
  private?: boolean;
  /** `public`, `private` or `protected` (Spaces only); the current form of `private`. Left out: the namespace's default. */
  visibility?: RepoVisibilityName;
  /**
   * Succeed when the repository already exists (default false): on 409, and, as the Python client,
   * on 401/402/403 when the repository exists and the caller can see it (one repo-info request).
   */
  existOk?: boolean;
  /** SDK of a Space (required for Spaces): `gradio`, `streamlit`, `docker` or `static`. */
  spaceSdk?: SpaceSdk;
  /** Hardware of a Space, e.g. `cpu-basic` or `t4-medium`. */
  spaceHardware?: string;
}

const CreateRepoSchema = /* @__PURE__ */ (() =>
  v.pipe(
    v.object({
      ...RepoEntries,
      private: OptionalBoolean,
      visibility: VisibilitySchema,
      existOk: OptionalBoolean,
      spaceSdk: v.optional(v.picklist(SPACE_SDKS, 'must be "gradio", "streamlit", "docker" or "static"')),
      spaceHardware: v.optional(NonEmptyStringSchema),
    }),
    v.forward(
      v.check((input) => input.repoType !== "space" || input.spaceSdk !== undefined, "is required for a Space"),
      ["spaceSdk"],
    ),
    v.forward(
      v.check((input) => input.repoType === "space" || input.spaceSdk === undefined, "is only for Spaces"),
      ["spaceSdk"],
    ),
    v.forward(
      v.check((input) => input.repoType === "space" || input.spaceHardware === undefined, "is only for Spaces"),
      ["spaceHardware"],
    ),
    v.forward(
      v.check((input) => privateOrVisibility(input), "cannot be combined with private"),
      ["visibility"],
    ),
    v.forward(
      v.check((input) => protectedOnlyForSpaces(input), 'can be "protected" for Spaces only'),
      ["visibility"],
    ),
  ))();

/** The Hub's answer when two creations in one namespace overlap; the Python client retries it. */
const CONFLICTING_OPERATION = "another conflicting operation is in progress";
/** Attempts at a creation the Hub refused as conflicting, the first included. */
const CONFLICT_ATTEMPTS = 5;

/**
 * Creates a repository (`POST /api/repos/create`) and returns its URL taken apart. A `repoId`
 * without namespace is created in the token user's namespace.
 * @throws {HubValidationError} on a bad `repoId`, a Space without `spaceSdk`, or Space options on another type; nothing is sent.
 * @throws {CommitConflictError} 409 when it already exists and `existOk` is false.
 * @throws {HubHttpError} 401/403 without the right to create in that namespace.
 */
export async function createRepo(params: CreateRepoParams): Promise<RepoUrl> {
  const {
    repoId,
    repoType,
    private: isPrivate,
    visibility,
    existOk = false,
    spaceSdk,
    spaceHardware,
    ...options
  } = parse(CreateRepoSchema, params);
  const [organization, name] = repoId.includes("/") ? repoId.split("/") : [null, repoId];
  const resolvedVisibility = resolveVisibility(isPrivate, visibility);
  const hubUrl = resolveHubUrl(options);
  try {
    const raw = await postCreate(options, {
      name,
      organization,
      // Sent only when asked: left out, the namespace's default applies (an organization may default to private).
      ...(resolvedVisibility === undefined ? {} : { visibility: resolvedVisibility }),
      ...(repoType === "model" ? {} : { type: repoType }),
      ...(spaceSdk ? { sdk: spaceSdk } : {}),
      ...(spaceHardware ? { hardware: spaceHardware } : {}),
    });
    const url = isRecord(raw) ? optionalString(raw.url) : undefined;
    const fallback = repoUrl({ repoId: String(optionalString(isRecord(raw) ? raw.name : undefined) ?? repoId), repoType, hubUrl });
    return { ...parseRepoUrl(url ?? fallback, { hubUrl }), repoType };
  } catch (error) {
    if (!existOk || !(error instanceof HubHttpError) || ![401, 402, 403, 409].includes(error.status)) throw error;
    const fullId = organization ? repoId : `${(await currentUser(options, "a namespace")).name}/${repoId}`;
    // 401 (token without the create scope), 402 (payment needed) and 403 (no write access to the
    // namespace) may hide an existing repository: it is accepted when the caller can see it.
    if (error.status !== 409 && !(await visibleToCaller(options, repoType, fullId))) throw error;
    return parseRepoUrl(repoUrl({ repoId: fullId, repoType, hubUrl }), { hubUrl });
  }
}

/** `POST /api/repos/create`, repeated (with backoff) while the Hub answers 409 "another conflicting operation is in progress". */
async function postCreate(options: HubOptions, body: Record<string, unknown>): Promise<unknown> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await hubRequest(options, { method: "POST", path: "/api/repos/create", json: body });
    } catch (error) {
      const conflicting =
        error instanceof CommitConflictError && error.status === 409 && (error.serverMessage ?? "").includes(CONFLICTING_OPERATION);
      if (!conflicting || attempt >= CONFLICT_ATTEMPTS) throw error;
      await sleep(250 * 2 ** (attempt - 1), options.signal);
    }
  }
}

async function visibleToCaller(options: HubOptions, repoType: RepoParams["repoType"], repoId: string): Promise<boolean> {
  try {
    // The bare info request, not repoInfo: its parsing would weigh on every createRepo bundle.
    await hubRequest(options, { path: repoApiPath(repoType ?? "model", repoId), responseType: "void" });
    return true;
  } catch {
    return false;
  }
}
