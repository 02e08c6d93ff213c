import { HubOptionsEntries, NonEmptyStringSchema, RepoIdSchema, clientEntry } from "@hub/core/internal";
import { CLIENT } from "./client.ts";
import * as v from "@hub/core/internal/valibot";

/** Key of a secret or variable: letters, digits and "_", not starting with a digit. */
export const SpaceKeySchema = /* @__PURE__ */ (() =>
  v.pipe(
    v.string("must be a string"),
    v.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be letters, digits and "_", not starting with a digit'),
  ))();

/** A hardware flavor: a non-empty string (known flavors are listed by `SpaceHardware`). */
export const SpaceHardwareSchema = NonEmptyStringSchema;

/** A storage tier: a non-empty string (`small`, `medium`, `large`). */
export const SpaceStorageSchema = NonEmptyStringSchema;

/** Sleep time in seconds: a positive integer, or -1 for never. */
export const SleepTimeSchema = /* @__PURE__ */ (() =>
  v.pipe(
    v.number("must be a number"),
    v.integer("must be an integer"),
    v.check((seconds) => seconds === -1 || seconds > 0, "must be a positive number of seconds, or -1 for never"),
  ))();

/** A secret or variable given as `{ key, value, description? }`. */
export const KeyValueSchema = /* @__PURE__ */ (() =>
  v.object({
    key: SpaceKeySchema,
    value: v.string("must be a string"),
    description: v.optional(v.string("must be a string")),
  }))();

/** Entries shared by every Space operation: the Hub options and the Space id. */
export const SpaceEntries = /* @__PURE__ */ (() => ({ ...HubOptionsEntries, ...clientEntry(CLIENT), repoId: RepoIdSchema }))();
