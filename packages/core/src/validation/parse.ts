import * as v from "valibot";
import { HubValidationError } from "../errors/hub-validation-error.ts";

/**
 * Validates `input` against a valibot schema and returns the parsed output.
 * @throws {HubValidationError} naming each invalid field (dot path) and the rule it broke.
 */
export function parse<const Schema extends v.GenericSchema>(schema: Schema, input: unknown): v.InferOutput<Schema> {
  const result = v.safeParse(schema, input);
  if (result.success) return result.output;
  throw new HubValidationError(
    result.issues.map((issue) => ({ field: v.getDotPath(issue) ?? "", rule: issue.message })),
  );
}
