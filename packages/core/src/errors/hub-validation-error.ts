import { HubError } from "./hub-error.ts";

/** One rule an input broke: the field as a dot path (`"files.0.path"`) and what the rule says. */
export interface ValidationIssue {
  /** Dot path of the field, `""` for the whole input. */
  field: string;
  /** The rule, in words (`must not contain "--" or ".."`). */
  rule: string;
}

/** Thrown before any request when a parameter is invalid; names the field and the rule. */
export class HubValidationError extends HubError {
  override name = "HubValidationError";
  /** Dot path of the first invalid field. */
  readonly field: string;
  /** The first rule that failed. */
  readonly rule: string;
  /** Every rule that failed. */
  readonly issues: readonly ValidationIssue[];

  constructor(issues: readonly ValidationIssue[]) {
    const described = issues.map((issue) => (issue.field ? `${issue.field}: ${issue.rule}` : issue.rule));
    super(`Invalid ${issues.length === 1 && issues[0]?.field ? issues[0].field : "parameters"}: ${
      issues.length === 1 ? (issues[0]?.rule ?? "") : described.join("; ")
    }`);
    this.field = issues[0]?.field ?? "";
    this.rule = issues[0]?.rule ?? "";
    this.issues = issues;
  }
}
