import { randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { HubValidationError } from "@hub/core";
import { type EnvironmentOptions, tokenPath } from "./paths.ts";

// `stored_tokens` is the Python client's list of named tokens (`hf auth list`, `hf auth switch`): an
// INI file, one section per token name with the token under `hf_token`; the active token stays in the
// plain token file. Other keys of a section (refresh tokens...) are kept as they are when we rewrite it.

/** The key of a section that holds the token. */
const TOKEN_KEY = "hf_token";

/** The stored tokens file of the Python client: `stored_tokens` next to the token file (`$HF_HOME/stored_tokens`). */
export function storedTokensPath(env: Record<string, string | undefined> = process.env): string {
  return join(dirname(tokenPath(env)), "stored_tokens");
}

type Sections = Map<string, [key: string, value: string][]>;

function parseIni(text: string): Sections {
  const sections: Sections = new Map();
  let current: [string, string][] | undefined;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      current = [];
      sections.set(header[1]!, current);
      continue;
    }
    const separator = line.search(/[=:]/);
    if (current && separator > 0) current.push([line.slice(0, separator).trim().toLowerCase(), line.slice(separator + 1).trim()]);
  }
  return sections;
}

function formatIni(sections: Sections): string {
  // Sorted by name, in the layout Python's configparser writes (`key = value`, a blank line after each section).
  return [...sections.keys()]
    .sort()
    .map(
      (name) =>
        `[${name}]\n${sections
          .get(name)!
          .map(([key, value]) => `${key} = ${value}\n`)
          .join("")}\n`,
    )
    .join("");
}

async function readSections(path: string): Promise<Sections> {
  try {
    return parseIni(await readFile(path, "utf8"));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return new Map();
    throw error;
  }
}

/** Writes a secret file: mode 0600, parent folders 0700, through a temporary file renamed into place. */
export async function writeSecretFile(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    await writeFile(temporary, text, { mode: 0o600, flag: "wx" });
    await chmod(temporary, 0o600);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

function checkTokenName(name: string): string {
  const trimmed = typeof name === "string" ? name.trim() : "";
  if (trimmed === "" || /[[\]\r\n]/.test(trimmed)) {
    throw new HubValidationError([{ field: "tokenName", rule: 'must be a non-empty name without brackets or line breaks, e.g. "laptop"' }]);
  }
  return trimmed;
}

/**
 * The named tokens of the stored tokens file (`hf auth list` shows the same), name to token; empty
 * when there is no file. Sections without an `hf_token` are left out.
 */
export async function readStoredTokens(options: EnvironmentOptions = {}): Promise<Record<string, string>> {
  const tokens: Record<string, string> = {};
  for (const [name, entries] of await readSections(storedTokensPath(options.env ?? process.env))) {
    const token = entries.find(([key]) => key === TOKEN_KEY)?.[1];
    if (token) tokens[name] = token;
  }
  return tokens;
}

/**
 * Adds (or replaces) the token `name` in the stored tokens file, as `hf auth login` does, so `hf auth
 * list` and `hf auth switch` see it. The file is written with mode 0600. Returns its path.
 * @throws {HubValidationError} when the name is empty or has brackets or line breaks, or the token is empty or has white space.
 */
export async function saveStoredToken(name: string, accessToken: string, options: EnvironmentOptions = {}): Promise<string> {
  const tokenName = checkTokenName(name);
  if (typeof accessToken !== "string" || accessToken.trim() === "" || /\s/.test(accessToken.trim())) {
    throw new HubValidationError([{ field: "accessToken", rule: "must be a non-empty token without white space" }]);
  }
  const path = storedTokensPath(options.env ?? process.env);
  const sections = await readSections(path);
  const kept = (sections.get(tokenName) ?? []).filter(([key]) => key !== TOKEN_KEY);
  sections.set(tokenName, [[TOKEN_KEY, accessToken.trim()], ...kept]);
  await writeSecretFile(path, formatIni(sections));
  return path;
}

/**
 * Removes the token `name` from the stored tokens file; returns the token it held, or `undefined`
 * when there was none (the file is then left untouched).
 * @throws {HubValidationError} when the name is empty or has brackets or line breaks.
 */
export async function deleteStoredToken(name: string, options: EnvironmentOptions = {}): Promise<string | undefined> {
  const tokenName = checkTokenName(name);
  const path = storedTokensPath(options.env ?? process.env);
  const sections = await readSections(path);
  const entries = sections.get(tokenName);
  if (!entries) return undefined;
  sections.delete(tokenName);
  await writeSecretFile(path, formatIni(sections));
  return entries.find(([key]) => key === TOKEN_KEY)?.[1];
}

/** Deletes the whole stored tokens file (Python's `logout()` without a name does the same); a missing file is not an error. */
export async function deleteStoredTokens(options: EnvironmentOptions = {}): Promise<void> {
  await rm(storedTokensPath(options.env ?? process.env), { force: true });
}
