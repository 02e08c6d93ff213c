/** Environment variables by name. */
export type EnvironmentVariables = Record<string, string | undefined>;

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

/** Python's `_is_true`: `1`, `ON`, `YES` or `TRUE` in any case. */
export function isTrueValue(value: string | undefined): boolean {
  return value !== undefined && ["1", "ON", "YES", "TRUE"].includes(value.trim().toUpperCase());
}

/** Removes line breaks and surrounding white space; an empty result means no token. */
export function cleanToken(value: string | undefined): string | undefined {
  return nonEmpty(value?.replace(/[\r\n]/g, ""));
}

/**
 * Expands a path as the Python client does (`os.path.expandvars(os.path.expanduser(path))`): a
 * leading `~` becomes the home folder (`HOME`, else `USERPROFILE` of `env`), `$NAME` and `${NAME}`
 * the variable's value; unknown variables are left as written. Pure string work, runs anywhere.
 */
export function expandPath(path: string, env: EnvironmentVariables): string {
  const home =
    path === "~" || path.startsWith("~/") || path.startsWith("~\\") ? (nonEmpty(env.HOME) ?? nonEmpty(env.USERPROFILE)) : undefined;
  const expanded = home === undefined ? path : home + path.slice(1);
  return expanded.replace(
    /\$(\w+)|\$\{([^}]+)\}/g,
    (written, name?: string, braced?: string) => env[(name ?? braced) as string] ?? written,
  );
}

/** `HF_HOME`, else `$XDG_CACHE_HOME/huggingface`, else `~/.cache/huggingface`, expanded as in Python. */
export function huggingFaceHome(env: EnvironmentVariables): string {
  return expandPath(nonEmpty(env.HF_HOME) ?? `${nonEmpty(env.XDG_CACHE_HOME) ?? "~/.cache"}/huggingface`, env);
}
