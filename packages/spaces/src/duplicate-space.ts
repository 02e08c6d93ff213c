import { HubError, HubHttpError, hubRequest, repoUrl, resolveHubUrl, type HubOptions } from "@hub/core";
import { clientEntry, HubOptionsEntries, isRecord, parse, repoApiPath, RepoIdSchema, whoamiOnce } from "@hub/core/internal";
import { CLIENT } from "./client.ts";
import * as v from "@hub/core/internal/valibot";
import { KeyValueSchema, SleepTimeSchema, SpaceHardwareSchema, SpaceStorageSchema } from "./schemas.ts";
import type { SpaceHardware, SpaceStorage } from "./space-hardware.ts";

/** A secret or variable to set on the new Space. */
export interface SpaceKeyValue {
  /** Letters, digits and "_", not starting with a digit. */
  key: string;
  value: string;
  description?: string;
}

/** Parameters of `duplicateSpace`. */
export interface DuplicateSpaceParams extends HubOptions {
  /** The Space to copy, e.g. `"alice/demo"`. */
  fromId: string;
  /** The new Space: `"namespace/name"`, or `"name"` in the caller's namespace; default: the source's name in the caller's namespace. */
  toId?: string;
  /** Make the copy private or public (sent as `visibility`); left out, the Hub decides (the source's visibility, or a private organization default). Cannot be combined with `visibility`. */
  private?: boolean;
  /** Visibility of the copy: `public`, `private` or `protected`; left out, the Hub decides. */
  visibility?: "public" | "private" | "protected";
  /** Hardware of the copy; default: the source's. */
  hardware?: SpaceHardware;
  /** Persistent storage tier of the copy. */
  storage?: SpaceStorage;
  /** Seconds of inactivity before the copy sleeps, `-1` never. */
  sleepTime?: number;
  /** Secrets to set on the copy (the source's secrets are never copied without this). */
  secrets?: SpaceKeyValue[];
  /** Variables to set on the copy (added to the source's). */
  variables?: SpaceKeyValue[];
  /** Do not fail when the target already exists. */
  existOk?: boolean;
}

/** Where the new Space lives. */
export interface DuplicatedSpace {
  /** Web URL, e.g. `https://huggingface.co/spaces/bob/demo`. */
  url: string;
  /** `"namespace/name"` of the new Space. */
  repoId: string;
  repoType: "space";
}

const DuplicateSpaceSchema = /* @__PURE__ */ (() =>
  v.pipe(
    v.object({
      ...HubOptionsEntries,
      ...clientEntry(CLIENT),
      fromId: RepoIdSchema,
      toId: v.optional(RepoIdSchema),
      private: v.optional(v.boolean("must be a boolean")),
      visibility: v.optional(v.picklist(["public", "private", "protected"], 'must be "public", "private" or "protected"')),
      hardware: v.optional(SpaceHardwareSchema),
      storage: v.optional(SpaceStorageSchema),
      sleepTime: v.optional(SleepTimeSchema),
      secrets: v.optional(v.array(KeyValueSchema, "must be a list of { key, value, description? }")),
      variables: v.optional(v.array(KeyValueSchema, "must be a list of { key, value, description? }")),
      existOk: v.optional(v.boolean("must be a boolean")),
    }),
    v.forward(
      v.check((input) => input.private === undefined || input.visibility === undefined, "cannot be combined with private"),
      ["visibility"],
    ),
  ))();

/**
 * Duplicates a Space: a new Space whose first commit has the source's files, with its settings.
 * @throws {HubValidationError} on a bad id, key, hardware or sleep time, before any request.
 * @throws {RepositoryNotFoundError} when the source does not exist or is not visible to the caller.
 * @throws {CommitConflictError} (409) when the target exists and `existOk` is not set.
 */
export async function duplicateSpace(params: DuplicateSpaceParams): Promise<DuplicatedSpace> {
  const {
    fromId,
    toId,
    private: isPrivate,
    visibility,
    hardware,
    storage,
    sleepTime,
    secrets,
    variables,
    existOk,
    ...options
  } = parse(DuplicateSpaceSchema, params);
  const target = await targetId(options, fromId, toId);
  const body = {
    repository: target,
    // The Hub's current field, sent only when asked (the source's visibility applies otherwise).
    visibility: visibility ?? (isPrivate === undefined ? undefined : isPrivate ? "private" : "public"),
    hardware,
    storageTier: storage,
    sleepTimeSeconds: sleepTime,
    secrets,
    variables,
  };
  try {
    const raw = await hubRequest(options, { method: "POST", path: `${repoApiPath("space", fromId)}/duplicate`, json: body });
    const url =
      isRecord(raw) && typeof raw.url === "string"
        ? raw.url
        : repoUrl({ repoId: target, repoType: "space", hubUrl: resolveHubUrl(options) });
    return { url, repoId: target, repoType: "space" };
  } catch (error) {
    if (existOk && error instanceof HubHttpError && error.status === 409) {
      return { url: repoUrl({ repoId: target, repoType: "space", hubUrl: resolveHubUrl(options) }), repoId: target, repoType: "space" };
    }
    throw error;
  }
}

async function targetId(options: HubOptions, fromId: string, toId: string | undefined): Promise<string> {
  if (toId?.includes("/")) return toId;
  const name = toId ?? fromId.slice(fromId.indexOf("/") + 1);
  const me = await whoamiOnce(options, "toId namespace");
  if (!isRecord(me) || typeof me.name !== "string")
    throw new HubError("duplicateSpace: whoami gave no user name; pass toId as namespace/name");
  return `${me.name}/${name}`;
}
