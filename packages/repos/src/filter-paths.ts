/** Translates a Python `fnmatch` pattern into a RegExp: `*` matches any characters including `/`. */
export function fnmatchToRegExp(pattern: string): RegExp {
  let source = "";
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index]!;
    if (char === "*") source += ".*";
    else if (char === "?") source += ".";
    else if (char === "[") {
      let end = index + 1;
      if (pattern[end] === "!") end++;
      if (pattern[end] === "]") end++;
      while (end < pattern.length && pattern[end] !== "]") end++;
      if (end >= pattern.length) {
        source += "\\[";
      } else {
        let set = pattern.slice(index + 1, end).replace(/\\/g, "\\\\");
        if (set.startsWith("!")) set = `^${set.slice(1)}`;
        else if (set.startsWith("^")) set = `\\${set}`;
        source += `[${set}]`;
        index = end;
      }
    } else source += char.replace(/[.+^${}()|\\/\]]/g, "\\$&");
  }
  return new RegExp(`^(?:${source})$`, "s");
}

function toMatchers(patterns: string | readonly string[] | undefined): RegExp[] | undefined {
  if (patterns === undefined) return undefined;
  // Like the Python client, a pattern ending with "/" means everything inside that folder.
  return (typeof patterns === "string" ? [patterns] : patterns).map((pattern) =>
    fnmatchToRegExp(pattern.endsWith("/") ? `${pattern}*` : pattern),
  );
}

/** Whether `path` passes `allowPatterns` (any must match, when given) and no `ignorePatterns` matches. */
export function createPathFilter(
  allowPatterns?: string | readonly string[],
  ignorePatterns?: string | readonly string[],
): (path: string) => boolean {
  const allow = toMatchers(allowPatterns);
  const ignore = toMatchers(ignorePatterns) ?? [];
  return (path) => (allow === undefined || allow.some((pattern) => pattern.test(path))) && !ignore.some((pattern) => pattern.test(path));
}
