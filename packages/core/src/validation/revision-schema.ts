import * as v from "valibot";

function createRevisionSchema() {
  return v.pipe(
    v.string("must be a string"),
    v.nonEmpty("must not be empty"),
    v.maxLength(256, "must be at most 256 characters"),
    v.regex(/^[^\s\x00-\x1f\x7f]+$/, "must not contain white space or control characters"),
  );
}

/** A branch, tag, commit sha or ref (`main`, `v1.0`, `refs/pr/1`): 1-256 characters, no white space or control characters. */
export const RevisionSchema = /* @__PURE__ */ createRevisionSchema();
