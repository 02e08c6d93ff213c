import { DEFAULT_HUB_URL, HubValidationError, type RepoType } from "@hub/core";
import { RepoIdSchema } from "@hub/core/internal";
import * as v from "@hub/core/internal/valibot";

/** A repository URL taken apart (seed `RepoUrl`); `toString()` gives `url`. */
export interface RepoUrl {
  /** The URL as given (`https://huggingface.co/datasets/alice/data`, `hf://...`, or an id). */
  url: string;
  /** The Hub endpoint, e.g. `https://huggingface.co`. */
  endpoint: string;
  /** The namespace (user or organization), `undefined` for a canonical repo like `gpt2`. */
  namespace: string | undefined;
  /** `"namespace/name"` or `"name"`. */
  repoId: string;
  /** `"model"`, `"dataset"` or `"space"`. */
  repoType: RepoType;
  /** Returns `url`. */
  toString(): string;
}

/** Options of `parseRepoUrl`. */
export interface ParseRepoUrlOptions {
  /** The Hub endpoint to recognise in URLs and to report for `hf://` and bare ids (default `https://huggingface.co`). */
  hubUrl?: string;
}

const TYPE_SEGMENTS: Record<string, RepoType> = { models: "model", datasets: "dataset", spaces: "space" };

function invalid(rule: string): HubValidationError {
  return new HubValidationError([{ field: "url", rule }]);
}

/**
 * Parses a repository URL or id (protocol 3.2): `https://<hub>/[<type>/]<ns>/<name>`, `https://<hub>/<name>`,
 * `hf://[<type>/]<ns>/<name>`, `<type>/<ns>/<name>`, `<ns>/<name>` or `<name>`, where `<type>` is
 * `models`, `datasets` or `spaces`; `datasets/<name>` designates a canonical dataset.
 * @throws {HubValidationError} for anything else (unknown type, too many segments, invalid repo id).
 */
export function parseRepoUrl(url: string, options: ParseRepoUrlOptions = {}): RepoUrl {
  if (typeof url !== "string" || url.trim() === "") throw invalid("must be a non-empty string");
  const hubUrl = (options.hubUrl ?? DEFAULT_HUB_URL).replace(/\/+$/, "");
  let endpoint = hubUrl;
  let rest = url.trim();
  if (/^https?:\/\//i.test(rest)) {
    if (rest.includes("@")) throw invalid("must not contain credentials");
    if (rest.toLowerCase().startsWith(`${hubUrl.toLowerCase()}/`)) {
      rest = rest.slice(hubUrl.length + 1);
    } else {
      const parsed = new URL(rest);
      endpoint = parsed.origin;
      rest = parsed.pathname.slice(1);
    }
  } else if (rest.startsWith("hf://")) {
    rest = rest.slice("hf://".length);
  }
  const segments = rest.replace(/\/+$/, "").split("/");
  let repoType: RepoType = "model";
  if (segments.length === 3 || (segments.length === 2 && segments[0]! in TYPE_SEGMENTS)) {
    const type = TYPE_SEGMENTS[segments[0]!];
    if (!type) throw invalid(`has an unknown repo type "${segments[0]}" (expected models, datasets or spaces)`);
    repoType = type;
    segments.shift();
  }
  if (segments.length > 2) throw invalid("has too many segments for a repository URL");
  const repoId = segments.join("/");
  if (!v.is(RepoIdSchema, repoId)) throw invalid(`does not hold a valid repo id ("${repoId}")`);
  const namespace = segments.length === 2 ? segments[0] : undefined;
  return { url, endpoint, namespace, repoId, repoType, toString: () => url };
}
