import { HubError } from "./hub-error.ts";

/** One rule an input broke: the field as a dot path (`"files.0.path"`) and what the rule says. */
export interface ValidationIssue {
  /** Dot path of the field, `""` for the whole input. */
  field: string;
  /** The rule, in words (`must not contain "--" or ".."`). */
  rule: string;
}

/** One issue as a sentence: `repoId is required, ...` for rules that read on from the field, else `Invalid <field>: <rule>`. */
function sentence({ field, rule }: ValidationIssue, alone: boolean): string {
  if (/^(is|are) /.test(rule)) return `${field || "parameters"} ${rule}`;
  if (alone) return `Invalid ${field || "parameters"}: ${rule}`;
  return field ? `${field}: ${rule}` : rule;
}

/** Thrown before any request when a parameter is invalid; names the field and the rule. */
export class HubValidationError extends HubError {
  override name = "HubValidationError";
  /** Dot path of the first invalid field. */
  declare readonly field: string;
  /** The first rule that failed. */
  declare readonly rule: string;
  /** Every rule that failed. */
  declare readonly issues: readonly ValidationIssue[];

  constructor(issues: readonly ValidationIssue[]) {
    const { field = "", rule = "" } = issues[0] ?? {};
    super(
      issues.length === 1 ? sentence(issues[0]!, true) : `Invalid parameters: ${issues.map((issue) => sentence(issue, false)).join("; ")}`,
    );
    Object.assign(this, { field, rule, issues });
  }
}
