/** One pattern or several. */
export type Patterns = string | readonly string[] | undefined;

/**
 * A Python `fnmatch` pattern as a RegExp: `*` matches anything including `/`, `?` one character,
 * `[abc]` / `[!abc]` a set; a pattern ending with `/` matches everything under that folder.
 */
export function patternToRegExp(pattern: string): RegExp {
  const source = pattern.endsWith("/") ? `${pattern}*` : pattern;
  let result = "";
  for (let index = 0; index < source.length; index++) {
    const character = source[index] as string;
    if (character === "*") result += ".*";
    else if (character === "?") result += ".";
    else if (character === "[") {
      const close = source.indexOf("]", index + 2);
      if (close === -1) result += "\\[";
      else {
        let set = source.slice(index + 1, close);
        set = set.startsWith("!") ? `^${set.slice(1).replace(/\\/g, "\\\\")}` : set.replace(/\\/g, "\\\\");
        result += `[${set}]`;
        index = close;
      }
    } else result += character.replace(/[.+^${}()|\\/]/g, "\\$&");
  }
  return new RegExp(`^${result}$`, "s");
}

function asList(patterns: Patterns): string[] {
  if (patterns === undefined) return [];
  return typeof patterns === "string" ? [patterns] : [...patterns];
}

/** A path filter: kept if it matches one allow pattern (when any) and no ignore pattern. */
export function pathFilter(allowPatterns: Patterns, ignorePatterns: Patterns): (path: string) => boolean {
  const allow = asList(allowPatterns).map(patternToRegExp);
  const ignore = asList(ignorePatterns).map(patternToRegExp);
  return (path) => (allow.length === 0 || allow.some((pattern) => pattern.test(path))) && !ignore.some((pattern) => pattern.test(path));
}

/** A matcher for a list of patterns; matches nothing when there are none. */
export function anyPattern(patterns: Patterns): (path: string) => boolean {
  const compiled = asList(patterns).map(patternToRegExp);
  return (path) => compiled.some((pattern) => pattern.test(path));
}
