import { HubValidationError, type ValidationIssue } from "@hub/core";
import type { ParsedOperation } from "./schemas.ts";

/**
 * Rejects two operations on the same path (two adds, an add and a delete...).
 * @throws {HubValidationError} naming every duplicate, before any request.
 */
export function checkDuplicatePaths(operations: readonly ParsedOperation[]): void {
  const seen = new Map<string, number>();
  const issues: ValidationIssue[] = [];
  operations.forEach((operation, index) => {
    const key = operation.operation === "delete" && operation.isFolder ? `${operation.pathInRepo}/` : operation.pathInRepo;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, index);
    else issues.push({ field: `operations.${index}.pathInRepo`, rule: `"${key}" is already used by operations.${first}` });
  });
  if (issues.length > 0) throw new HubValidationError(issues);
}
