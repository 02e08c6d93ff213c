/**
 * `@hub/core/internal/valibot`: the valibot functions and types the `@hub/*` packages build their
 * schemas with (`import * as v from "@hub/core/internal/valibot"`). **For the `@hub/*` packages, not
 * for users; no semver promise.** Core's build bundles exactly these functions, so a process that
 * imports the SDK compiles a few kilobytes of valibot instead of its whole 200 kB module (the largest
 * share of `import("@hub/sdk")` on Node), and bundlers tree-shake them as before. A package that
 * needs another valibot function adds it here; importing `valibot` itself from a package's sources
 * would put a second copy of the shared functions in users' bundles.
 * @packageDocumentation
 */
export {
  _addIssue,
  _standardSchema,
  array,
  boolean,
  check,
  custom,
  forward,
  getDotPath,
  integer,
  is,
  literal,
  maxLength,
  maxValue,
  minLength,
  minValue,
  nonEmpty,
  number,
  object,
  optional,
  picklist,
  pipe,
  rawTransform,
  regex,
  safeParse,
  string,
  toLowerCase,
  transform,
  trim,
  tuple,
  union,
  variant,
} from "valibot";
export type { BaseIssue, BaseSchema, GenericSchema, InferInput, InferOutput, OutputDataset } from "valibot";
