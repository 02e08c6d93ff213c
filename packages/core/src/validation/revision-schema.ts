import * as v from "valibot";

// `check` with our own predicates rather than nonEmpty/maxLength/regex: one valibot action instead of
// three in every bundle that validates a revision (same messages).
function createRevisionSchema() {
  return v.pipe(
    v.string("must be a string"),
    v.check((revision: string) => revision !== "", "must not be empty"),
    v.check((revision: string) => revision.length <= 256, "must be at most 256 characters"),
    v.check((revision: string) => /^[^\s\x00-\x1f\x7f]+$/.test(revision), "must not contain white space or control characters"),
  );
}

/** A branch, tag, commit sha or ref (`main`, `v1.0`, `refs/pr/1`): 1-256 characters, no white space or control characters. */
export const RevisionSchema = /* @__PURE__ */ createRevisionSchema();
