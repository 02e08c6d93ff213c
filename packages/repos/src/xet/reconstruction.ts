import { HubError, HubHttpError, type HubOptions, hubRequest } from "@hub/core";
import { isRecord } from "@hub/core/internal";

/** A file stored in Xet: its hash, where read tokens come from and (when known) its reconstruction URL. */
export interface XetFileSource {
  /** The file's Xet hash (64 hex). */
  hash: string;
  /** The read-token route (`Link rel="xet-auth"`, or the Hub's `xet-read-token` route of the commit). */
  authUrl: string;
  /** `Link rel="xet-reconstruction-info"`; without it, `{casUrl}/v2/reconstructions/{hash}`. */
  reconstructionUrl?: string | undefined;
  /** Tokens shared with other files of the same repo and commit (a snapshot); default: this file's own. */
  tokens?: XetReadTokens | undefined;
}

/**
 * The Xet route of the server cannot serve this file (a token or reconstruction route missing, 404
 * or 501): the caller falls back to the LFS bridge. Thrown only before any byte is written.
 */
export class XetUnavailableError extends HubError {
  override name = "XetUnavailableError";
}

/** A CAS read token. */
export interface XetReadToken {
  accessToken: string;
  casUrl: string;
  /** Expiry, ms since the epoch. */
  expires: number;
}

/** A token is renewed this long before it expires (the Rust client's buffer). */
const TOKEN_SAFETY_MS = 30_000;

/** Statuses of a route that does not exist here: Xet is not served. */
const UNAVAILABLE_STATUSES = new Set([404, 405, 501]);

/** Options for requests that must not carry the Hub token (the CAS, signed data URLs). */
export function withoutHubToken(options: HubOptions): HubOptions {
  return { ...options, accessToken: "" };
}

function isHttpUrl(text: unknown): text is string {
  return typeof text === "string" && /^https?:\/\/[^\s]+$/i.test(text);
}

/**
 * Read tokens of one repo revision, fetched from its `xet-auth` route with the Hub credentials
 * (the route is on the Hub, so the token goes there only), cached, and renewed 30 s before they
 * expire or when the CAS refuses one (401). Concurrent callers share one request.
 */
export class XetReadTokens {
  readonly #options: HubOptions;
  readonly #authUrl: string;
  #token: XetReadToken | undefined;
  #pending: Promise<XetReadToken> | undefined;

  constructor(options: HubOptions, authUrl: string) {
    this.#options = options;
    this.#authUrl = authUrl;
  }

  /** A token valid for at least 30 s more; `stale` (a token the CAS refused) forces a new one. */
  async get(signal?: AbortSignal, stale?: XetReadToken): Promise<XetReadToken> {
    const token = this.#token;
    if (token && token !== stale && token.expires - Date.now() > TOKEN_SAFETY_MS) return token;
    this.#pending ??= this.#fetch(signal).finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  async #fetch(signal: AbortSignal | undefined): Promise<XetReadToken> {
    let response: Response;
    try {
      response = await hubRequest(this.#options, { url: this.#authUrl, responseType: "response", signal });
    } catch (error) {
      if (error instanceof HubHttpError && UNAVAILABLE_STATUSES.has(error.status))
        throw new XetUnavailableError(`The Xet read-token route answered ${error.status}`);
      throw error;
    }
    const text = await response.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : {};
    } catch {
      body = {};
    }
    const fields = isRecord(body) ? body : {};
    const headers = response.headers;
    // The JSON body, else the `X-Xet-*` headers that carry the same values.
    const accessToken = fields.accessToken ?? headers.get("x-xet-access-token");
    const casUrl = fields.casUrl ?? headers.get("x-xet-cas-url");
    const exp = Number(fields.exp ?? headers.get("x-xet-token-expiration"));
    if (typeof accessToken !== "string" || accessToken === "" || !isHttpUrl(casUrl) || !Number.isFinite(exp))
      throw new HubError("The Xet read-token answer lacks accessToken, casUrl or exp");
    this.#token = { accessToken, casUrl: casUrl.replace(/\/+$/, ""), expires: exp * 1000 };
    return this.#token;
  }
}

/** A term of a reconstruction: chunks `[chunkStart, chunkEnd)` of a xorb, `length` raw bytes. */
export interface XetTerm {
  xorb: string;
  chunkStart: number;
  chunkEnd: number;
  length: number;
}

/** A byte range of a xorb to fetch from a signed URL: chunks `[chunkStart, chunkEnd)`, bytes `[byteStart, byteEnd]`. */
export interface XetFetch {
  xorb: string;
  url: string;
  chunkStart: number;
  chunkEnd: number;
  byteStart: number;
  byteEnd: number;
}

/** How to rebuild bytes of a file: its terms in file order, and the xorb ranges that hold them. */
export interface XetReconstruction {
  /** Bytes of the first term before the range asked for. */
  offsetIntoFirstRange: number;
  terms: XetTerm[];
  fetches: XetFetch[];
}

const HASH = /^[0-9a-f]{64}$/;

function count(value: unknown, what: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0)
    throw new HubError(`Invalid Xet reconstruction: ${what} is not a non-negative integer`);
  return value;
}

function range(value: unknown, what: string): { start: number; end: number } {
  const object = isRecord(value) ? value : {};
  return { start: count(object.start, `${what}.start`), end: count(object.end, `${what}.end`) };
}

function xorbHash(value: unknown, what: string): string {
  if (typeof value !== "string" || !HASH.test(value)) throw new HubError(`Invalid Xet reconstruction: ${what} is not a Xet hash`);
  return value;
}

function fetchOf(xorb: string, url: unknown, chunks: { start: number; end: number }, bytes: { start: number; end: number }): XetFetch {
  if (!isHttpUrl(url)) throw new HubError(`Invalid Xet reconstruction: a URL of xorb ${xorb} is not http(s)`);
  if (chunks.end <= chunks.start || bytes.end < bytes.start)
    throw new HubError(`Invalid Xet reconstruction: an empty or reversed range of xorb ${xorb}`);
  return { xorb, url, chunkStart: chunks.start, chunkEnd: chunks.end, byteStart: bytes.start, byteEnd: bytes.end };
}

/** Reads and checks a V2 (`xorbs`) or V1 (`fetch_info`) reconstruction answer. */
export function parseReconstruction(raw: unknown): XetReconstruction {
  if (!isRecord(raw)) throw new HubError("Invalid Xet reconstruction: not a JSON object");
  const offsetIntoFirstRange = count(raw.offset_into_first_range ?? 0, "offset_into_first_range");
  if (!Array.isArray(raw.terms)) throw new HubError("Invalid Xet reconstruction: no terms");
  const terms = raw.terms.map((term: unknown, index): XetTerm => {
    const object = isRecord(term) ? term : {};
    const chunks = range(object.range, `terms[${index}].range`);
    if (chunks.end <= chunks.start) throw new HubError(`Invalid Xet reconstruction: terms[${index}] has no chunks`);
    return {
      xorb: xorbHash(object.hash, `terms[${index}].hash`),
      chunkStart: chunks.start,
      chunkEnd: chunks.end,
      length: count(object.unpacked_length, `terms[${index}].unpacked_length`),
    };
  });
  const fetches: XetFetch[] = [];
  if (isRecord(raw.xorbs)) {
    for (const [key, entries] of Object.entries(raw.xorbs)) {
      const xorb = xorbHash(key, "a key of xorbs");
      for (const entry of Array.isArray(entries) ? entries : []) {
        const object = isRecord(entry) ? entry : {};
        // Several ranges behind one URL are fetched one request each: the URL allows any of its sub-ranges.
        for (const [index, item] of (Array.isArray(object.ranges) ? object.ranges : []).entries()) {
          const part = isRecord(item) ? item : {};
          fetches.push(
            fetchOf(xorb, object.url, range(part.chunks, `ranges[${index}].chunks`), range(part.bytes, `ranges[${index}].bytes`)),
          );
        }
      }
    }
  } else if (isRecord(raw.fetch_info)) {
    for (const [key, entries] of Object.entries(raw.fetch_info)) {
      const xorb = xorbHash(key, "a key of fetch_info");
      for (const entry of Array.isArray(entries) ? entries : []) {
        const object = isRecord(entry) ? entry : {};
        fetches.push(fetchOf(xorb, object.url, range(object.range, "fetch_info range"), range(object.url_range, "fetch_info url_range")));
      }
    }
  } else if (terms.length > 0) throw new HubError("Invalid Xet reconstruction: neither xorbs nor fetch_info");
  return { offsetIntoFirstRange, terms, fetches };
}

/**
 * Asks the CAS how to rebuild bytes of one file: V2 (`/v2/reconstructions/{hash}`) first, V1 when
 * the CAS does not have it (404 or 501, remembered), with a read token that is renewed once when
 * refused (401).
 */
export class XetReconstructor {
  readonly #options: HubOptions;
  readonly #file: XetFileSource;
  readonly tokens: XetReadTokens;
  #version: 1 | 2 = 2;

  constructor(options: HubOptions, file: XetFileSource) {
    this.#options = options;
    this.#file = file;
    this.tokens = file.tokens ?? new XetReadTokens(options, file.authUrl);
  }

  /** The reconstruction of bytes `[start, end]` (inclusive) of the file. */
  async reconstruct(start: number, end: number, signal?: AbortSignal): Promise<XetReconstruction> {
    let token = await this.tokens.get(signal);
    for (let renewed = false; ;) {
      try {
        const raw = await hubRequest(withoutHubToken(this.#options), {
          url: this.#url(token.casUrl),
          headers: { authorization: `Bearer ${token.accessToken}`, range: `bytes=${start}-${end}` },
          signal,
        });
        return parseReconstruction(raw);
      } catch (error) {
        if (!(error instanceof HubHttpError)) throw error;
        if (error.status === 401 && !renewed) {
          renewed = true;
          token = await this.tokens.get(signal, token);
          continue;
        }
        if ((error.status === 404 || error.status === 501) && this.#version === 2) {
          this.#version = 1;
          continue;
        }
        if (UNAVAILABLE_STATUSES.has(error.status))
          throw new XetUnavailableError(`The Xet reconstruction of ${this.#file.hash} answered ${error.status}`);
        throw error;
      }
    }
  }

  #url(casUrl: string): string {
    const given = this.#file.reconstructionUrl;
    const wanted = `/v${this.#version}/reconstructions/`;
    if (given && /\/v[12]\/reconstructions\//.test(given)) return given.replace(/\/v[12]\/reconstructions\//, wanted);
    return `${casUrl}${wanted}${this.#file.hash}`;
  }
}
