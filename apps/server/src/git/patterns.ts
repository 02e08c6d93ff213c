/** A compiled gitattributes / gitignore pattern. */
export interface PathPattern {
  regex: RegExp;
  /** The pattern contained a `/` (other than a trailing one): matched against the full path. */
  anchored: boolean;
  directoryOnly: boolean;
}

/** Compiles one git wildmatch pattern (`*`, `?`, `**`, `[...]`, `[[:space:]]`, `\` escapes). */
export function compilePattern(raw: string): PathPattern {
  let pattern = raw;
  const directoryOnly = pattern.endsWith("/");
  if (directoryOnly) pattern = pattern.slice(0, -1);
  const anchored = pattern.includes("/");
  if (pattern.startsWith("/")) pattern = pattern.slice(1);
  let source = "";
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index]!;
    if (char === "\\" && index + 1 < pattern.length) {
      source += escapeRegex(pattern[++index]!);
    } else if (char === "*") {
      if (pattern[index + 1] === "*") {
        const atStart = index === 0 || pattern[index - 1] === "/";
        const next = pattern[index + 2];
        if (atStart && next === "/") {
          source += "(?:.*/)?";
          index += 2;
        } else if (atStart && next === undefined) {
          source += ".*";
          index += 1;
        } else {
          source += "[^/]*";
          index += 1;
        }
      } else {
        source += "[^/]*";
      }
    } else if (char === "?") {
      source += "[^/]";
    } else if (char === "[") {
      const close = findClassEnd(pattern, index);
      if (close < 0) {
        source += "\\[";
      } else {
        let body = pattern.slice(index + 1, close);
        body = body
          .replace(/\[:space:\]/g, "\\s")
          .replace(/\[:alnum:\]/g, "A-Za-z0-9")
          .replace(/\[:alpha:\]/g, "A-Za-z")
          .replace(/\[:digit:\]/g, "0-9");
        if (body.startsWith("!")) body = `^${body.slice(1)}`;
        source += `[${body.replace(/\\(?![sdw])/g, "\\\\")}]`;
        index = close;
      }
    } else {
      source += escapeRegex(char);
    }
  }
  return { regex: new RegExp(`^${source}$`), anchored, directoryOnly };
}

function findClassEnd(pattern: string, open: number): number {
  let index = open + 1;
  if (pattern[index] === "!" || pattern[index] === "^") index++;
  if (pattern[index] === "]") index++;
  while (index < pattern.length) {
    if (pattern.startsWith("[:", index)) {
      const end = pattern.indexOf(":]", index + 2);
      if (end < 0) return -1;
      index = end + 2;
      continue;
    }
    if (pattern[index] === "]") return index;
    index++;
  }
  return -1;
}

function escapeRegex(char: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(char) ? `\\${char}` : char;
}

/** Whether a pattern matches a path (a file, or a directory when `isDirectory`). */
export function patternMatches(pattern: PathPattern, path: string, isDirectory = false): boolean {
  if (pattern.directoryOnly && !isDirectory) return false;
  if (pattern.anchored) return pattern.regex.test(path);
  const basename = path.slice(path.lastIndexOf("/") + 1);
  return pattern.regex.test(basename);
}

/** Splits a git config-like line into pattern and the rest, honouring a quoted pattern. */
function splitPatternLine(line: string): [string, string] {
  if (line.startsWith('"')) {
    const end = line.indexOf('"', 1);
    if (end > 0) return [line.slice(1, end), line.slice(end + 1).trim()];
  }
  const match = /^((?:\\.|[^\s])+)\s*(.*)$/.exec(line);
  return match ? [match[1]!, match[2]!] : [line, ""];
}

/** The LFS rules of a `.gitattributes` file: which patterns set or unset `filter=lfs`. */
export class GitAttributes {
  readonly #rules: Array<{ pattern: PathPattern; lfs: boolean }> = [];

  constructor(text: string) {
    for (const rawLine of text.split(/\r?\n/)) {
      const line = rawLine.trim();
      if (!line || line.startsWith("#")) continue;
      const [pattern, rest] = splitPatternLine(line);
      const attributes = rest.split(/\s+/);
      if (attributes.includes("filter=lfs")) this.#rules.push({ pattern: compilePattern(pattern), lfs: true });
      else if (
        attributes.some(
          (attribute) =>
            attribute === "-filter" || attribute === "!filter" || (attribute.startsWith("filter=") && attribute !== "filter=lfs"),
        )
      ) {
        this.#rules.push({ pattern: compilePattern(pattern), lfs: false });
      }
    }
  }

  /** Whether the last matching rule tracks `path` with LFS. */
  isLfs(path: string): boolean {
    let lfs = false;
    for (const rule of this.#rules) if (patternMatches(rule.pattern, path)) lfs = rule.lfs;
    return lfs;
  }
}

/** A `.gitignore` file: last matching rule wins; `!` re-includes. */
export class GitIgnore {
  readonly #rules: Array<{ pattern: PathPattern; negated: boolean }> = [];

  constructor(text: string) {
    for (const rawLine of text.split(/\r?\n/)) {
      const line = rawLine.replace(/(?<!\\)\s+$/, "");
      if (!line || line.startsWith("#")) continue;
      const negated = line.startsWith("!");
      this.#rules.push({ pattern: compilePattern(negated ? line.slice(1) : line), negated });
    }
  }

  /** Whether `path` (a file) is ignored, directly or through an ignored parent directory. */
  ignores(path: string): boolean {
    const segments = path.split("/");
    for (let depth = 1; depth < segments.length; depth++) {
      if (this.#decide(segments.slice(0, depth).join("/"), true)) return true;
    }
    return this.#decide(path, false);
  }

  #decide(path: string, isDirectory: boolean): boolean {
    let ignored = false;
    for (const rule of this.#rules) if (patternMatches(rule.pattern, path, isDirectory)) ignored = !rule.negated;
    return ignored;
  }
}

/** Escapes a literal path so it can be written as a `.gitattributes` pattern. */
export function escapeAttributesPath(path: string): string {
  return path.replace(/[\\*?[\]!#]/g, (char) => `\\${char}`).replace(/ /g, "[[:space:]]");
}
