import * as v from "valibot";

/** Strips every leading `./`. */
function stripLeadingDotSlash(path: string): string {
  let stripped = path;
  while (stripped.startsWith("./")) stripped = stripped.slice(2);
  return stripped;
}

function createPathInRepoSchema() {
  return v.pipe(
    v.string("must be a string"),
    v.transform(stripLeadingDotSlash),
    v.check((path) => path !== "", "must not be empty"),
    v.check((path) => !path.startsWith("/"), "must be relative (no leading /)"),
    v.check((path) => !path.includes("\\"), "must use / as separator (no backslash)"),
    v.check((path) => !path.includes("\0"), "must not contain NUL"),
    v.check((path) => path.startsWith("/") || !path.split("/").includes(""), "must not contain empty segments (// or a trailing /)"),
    v.check((path) => !path.split("/").some((segment) => segment === "." || segment === ".."), 'must not contain "." or ".." segments'),
    v.check((path) => !path.split("/").includes(".git"), 'must not contain a ".git" component'),
  );
}

/**
 * A relative file path inside a repository, "/"-separated. A leading `./` is stripped; absolute
 * paths, backslashes, NUL, empty, `.` and `..` segments and `.git` components are rejected.
 */
export const PathInRepoSchema = /* @__PURE__ */ createPathInRepoSchema();
