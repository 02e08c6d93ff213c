import { homedir } from "node:os";
import { join } from "node:path";
import { expandPath, huggingFaceHome } from "@hub/core";

/** Environment variables, `process.env` by default. */
export type Environment = Record<string, string | undefined>;

/** Options of the Node helpers that read the environment. */
export interface EnvironmentOptions {
  /** Environment to read instead of `process.env` (useful in tests). */
  env?: Environment;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value;
}

/** The user's home folder: `HOME` of the given environment, else the OS's. */
export function homeDir(env: Environment = process.env): string {
  return nonEmpty(env.HOME) ?? homedir();
}

/** `HF_HOME`, else `$XDG_CACHE_HOME/huggingface`, else `~/.cache/huggingface`, with `~` and `$VAR` expanded (like the Python client). */
export function hfHome(env: Environment = process.env): string {
  return huggingFaceHome({ ...env, HOME: homeDir(env) });
}

/** The token file shared with the Python client: `HF_TOKEN_PATH`, else `$HF_HOME/token`. */
export function tokenPath(env: Environment = process.env): string {
  const explicit = nonEmpty(env.HF_TOKEN_PATH);
  return explicit ? expandHome(explicit, env) : join(hfHome(env), "token");
}

/** The seed-era token file `~/.huggingface/token`, removed by `deleteToken`. */
export function legacyTokenPath(env: Environment = process.env): string {
  return join(homeDir(env), ".huggingface", "token");
}

/** `~` and `$VAR` / `${VAR}` expanded as Python's `expandvars(expanduser(path))`, so both clients use one folder. */
function expandHome(path: string, env: Environment): string {
  return expandPath(path, { ...env, HOME: homeDir(env) });
}
