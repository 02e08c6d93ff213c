import * as v from "valibot";

// Python's `\w` is Unicode-aware: letters, digits (with marks) and "_". Each part starts and ends
// with such a character; the name part has 1 to 96 characters.
const REPO_ID =
  /^(?:[\p{L}\p{N}\p{M}_](?:[\p{L}\p{N}\p{M}_.-]*[\p{L}\p{N}\p{M}_])?\/)?[\p{L}\p{N}\p{M}_](?:[\p{L}\p{N}\p{M}_.-]{0,94}[\p{L}\p{N}\p{M}_])?$/u;

function createRepoIdSchema() {
  return v.pipe(
    v.string("must be a string"),
    v.check((id) => id.split("/").length <= 2, 'must contain at most one "/" ("name" or "namespace/name"; give the type with repoType)'),
    v.check(
      (id) => id.split("/").length > 2 || REPO_ID.test(id),
      'must be "name" or "namespace/name" of letters, digits, "_", "-" and "." (name 1-96 characters), each part starting and ending with a letter, digit or "_"',
    ),
    v.check((id) => !id.includes("--") && !id.includes(".."), 'must not contain "--" or ".."'),
    v.check((id) => !id.endsWith(".git"), 'must not end with ".git"'),
  );
}

/**
 * A repo id, `"name"` or `"namespace/name"`, following the Python client's rules: at most one "/",
 * word characters, "-" and "." with each part starting and ending with a word character, a name of
 * 1 to 96 characters, no "--" or "..", no ".git" suffix.
 */
export const RepoIdSchema = /* @__PURE__ */ createRepoIdSchema();
