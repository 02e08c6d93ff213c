import type { HubOptions } from "../options.ts";

/** Environment variables by name. */
export type EnvironmentVariables = Record<string, string | undefined>;

interface RuntimeProcess {
  env?: EnvironmentVariables;
  getBuiltinModule?: (name: string) => unknown;
}

// Feature detection only: this file imports nothing from Node, so edge bundles stay free of it.
function runtimeProcess(): RuntimeProcess | undefined {
  const candidate = (globalThis as { process?: unknown }).process;
  return typeof candidate === "object" && candidate !== null ? (candidate as RuntimeProcess) : undefined;
}

/**
 * `process.env` on runtimes that have one (Node, Bun, Deno), `undefined` elsewhere (browsers,
 * workers) or when reading it is not allowed (Deno without `--allow-env`).
 */
export function runtimeEnvironment(): EnvironmentVariables | undefined {
  try {
    const env = runtimeProcess()?.env;
    return typeof env === "object" && env !== null ? env : undefined;
  } catch {
    return undefined;
  }
}

/** A built-in module (`node:fs`...) through `process.getBuiltinModule` (Node >= 20.16, Bun, Deno), never a static import. */
function builtinModule<T>(name: string): T | undefined {
  try {
    return runtimeProcess()?.getBuiltinModule?.(name) as T | undefined;
  } catch {
    return undefined;
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

/** Python's `_is_true`: `1`, `ON`, `YES` or `TRUE` in any case. */
export function isTrueValue(value: string | undefined): boolean {
  return value !== undefined && ["1", "ON", "YES", "TRUE"].includes(value.trim().toUpperCase());
}

/** The user's home folder: `HOME` (or `USERPROFILE`), else the OS's answer, else `undefined`. */
export function homeFolder(env: EnvironmentVariables = runtimeEnvironment() ?? {}): string | undefined {
  return nonEmpty(env.HOME) ?? nonEmpty(env.USERPROFILE) ?? builtinModule<{ homedir(): string }>("node:os")?.homedir();
}

/**
 * Expands a path as the Python client does (`os.path.expandvars(os.path.expanduser(path))`): a
 * leading `~` becomes the home folder, `$NAME` and `${NAME}` the variable's value; unknown
 * variables are left as written.
 */
export function expandPath(path: string, env: EnvironmentVariables = runtimeEnvironment() ?? {}): string {
  const home = path === "~" || path.startsWith("~/") || path.startsWith("~\\") ? homeFolder(env) : undefined;
  const expanded = home === undefined ? path : home + path.slice(1);
  return expanded.replace(/\$(\w+)|\$\{([^}]+)\}/g, (written, name?: string, braced?: string) => env[(name ?? braced) as string] ?? written);
}

function joinPath(...parts: string[]): string {
  const path = builtinModule<{ join(...parts: string[]): string }>("node:path");
  return path ? path.join(...parts) : parts.join("/");
}

/** `HF_HOME`, else `$XDG_CACHE_HOME/huggingface`, else `~/.cache/huggingface`, expanded as in Python. */
export function huggingFaceHome(env: EnvironmentVariables = runtimeEnvironment() ?? {}): string {
  return expandPath(nonEmpty(env.HF_HOME) ?? joinPath(nonEmpty(env.XDG_CACHE_HOME) ?? joinPath("~", ".cache"), "huggingface"), env);
}

/** Removes line breaks and surrounding white space; an empty result means no token. */
export function cleanToken(value: string | undefined): string | undefined {
  return nonEmpty(value?.replace(/[\r\n]/g, ""));
}

/** The token file shared with the Python client (`HF_TOKEN_PATH`, else `$HF_HOME/token`), read now; `undefined` when absent or unreadable. */
function readTokenFile(env: EnvironmentVariables): string | undefined {
  const fs = builtinModule<{ readFileSync(path: string, encoding: "utf8"): string }>("node:fs");
  if (!fs) return undefined;
  const explicit = nonEmpty(env.HF_TOKEN_PATH);
  try {
    return cleanToken(fs.readFileSync(explicit ? expandPath(explicit, env) : joinPath(huggingFaceHome(env), "token"), "utf8"));
  } catch {
    return undefined;
  }
}

/**
 * The token a request uses: `accessToken` when given; otherwise, where the runtime has an
 * environment, `HF_TOKEN`, `HUGGING_FACE_HUB_TOKEN`, then the token file, as the Python client
 * (none when `HF_HUB_DISABLE_IMPLICIT_TOKEN` is true). Read at each call, so a login takes effect at once.
 */
export function resolveAccessToken(options: Pick<HubOptions, "accessToken">): string | undefined {
  if (options.accessToken !== undefined) return options.accessToken;
  const env = runtimeEnvironment();
  if (!env || isTrueValue(env.HF_HUB_DISABLE_IMPLICIT_TOKEN)) return undefined;
  return cleanToken(env.HF_TOKEN) ?? cleanToken(env.HUGGING_FACE_HUB_TOKEN) ?? readTokenFile(env);
}

/** The endpoint from `HF_ENDPOINT`, where the runtime has an environment. */
export function environmentHubUrl(): string | undefined {
  return nonEmpty(runtimeEnvironment()?.HF_ENDPOINT);
}

/** Offline mode: `HF_HUB_OFFLINE` (or `TRANSFORMERS_OFFLINE`) is true in the environment. */
export function isOfflineMode(): boolean {
  const env = runtimeEnvironment();
  return env !== undefined && isTrueValue(env.HF_HUB_OFFLINE || env.TRANSFORMERS_OFFLINE);
}
