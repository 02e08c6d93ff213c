import * as v from "valibot";

/** Strips every leading `./`. */
function stripLeadingDotSlash(path: string): string {
  let stripped = path;
  while (stripped.startsWith("./")) stripped = stripped.slice(2);
  return stripped;
}

/**
 * Longest path the SDK sends, in UTF-8 bytes. The Hub documents no limit; this is `PATH_MAX` on
 * Linux, beyond which git cannot check the file out (and the local server answers 400).
 */
export const MAX_PATH_IN_REPO_BYTES = 4096;

/** Longest file or folder name in a path, in UTF-8 bytes: `NAME_MAX` of ext4, APFS and NTFS, so every clone can write it. */
export const MAX_PATH_SEGMENT_BYTES = 255;

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).byteLength;
}

function createPathInRepoSchema() {
  return v.pipe(
    v.string("must be a string"),
    v.transform(stripLeadingDotSlash),
    v.check((path) => path !== "", "must not be empty"),
    v.check((path) => !path.startsWith("/"), "must be relative (no leading /)"),
    v.check((path) => !path.includes("\\"), "must use / as separator (no backslash)"),
    // eslint-disable-next-line no-control-regex
    v.check(
      (path) => !/[\u0000-\u001f\u007f]/.test(path),
      "must not contain control characters (NUL, new line, carriage return, tab, DEL...)",
    ),
    v.check((path) => utf8Length(path) <= MAX_PATH_IN_REPO_BYTES, `must be at most ${MAX_PATH_IN_REPO_BYTES} bytes (UTF-8)`),
    v.check(
      (path) => path.split("/").every((segment) => utf8Length(segment) <= MAX_PATH_SEGMENT_BYTES),
      `must not have a file or folder name longer than ${MAX_PATH_SEGMENT_BYTES} bytes (UTF-8)`,
    ),
    v.check((path) => path.startsWith("/") || !path.split("/").includes(""), "must not contain empty segments (// or a trailing /)"),
    v.check((path) => !path.split("/").some((segment) => segment === "." || segment === ".."), 'must not contain "." or ".." segments'),
    v.check((path) => !path.split("/").includes(".git"), 'must not contain a ".git" component'),
  );
}

/**
 * A relative file path inside a repository, "/"-separated. A leading `./` is stripped; absolute
 * paths, backslashes, control characters (NUL, `\n`, `\r`, `\t`, DEL...), empty, `.` and `..`
 * segments, `.git` components, paths over 4096 bytes and names over 255 bytes are rejected.
 */
export const PathInRepoSchema = /* @__PURE__ */ createPathInRepoSchema();
