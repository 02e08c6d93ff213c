import { HubError, type HubOptions, hubRequest } from "@hub/core";

/** A Xet CAS access token: where the CAS is, the bearer token for it, and when it expires (unix seconds). */
export interface XetAccess {
  casUrl: string;
  accessToken: string;
  expires: number;
}

/** A token is renewed when it has less than this left (as the official JS client: a minute). */
const SAFETY_MARGIN_MS = 60_000;

/** Thrown when the Hub hands out no usable Xet token: the message says how to upload without Xet. */
export class XetTokenError extends HubError {
  override name = "XetTokenError";
}

/**
 * The write token of a Xet upload: the one the LFS batch answer carries (its `X-Xet-*` headers), renewed
 * through the refresh route (`actions.upload.href`, the Hub's `xet-write-token` route) when it is about
 * to expire or the CAS refuses it; one renewal at a time.
 */
export class XetWriteToken {
  readonly #hubOptions: HubOptions;
  readonly #refreshUrl: string;
  #current: XetAccess | undefined;
  #renewing: Promise<XetAccess> | undefined;

  constructor(hubOptions: HubOptions, refreshUrl: string, header: Record<string, string> | undefined) {
    this.#hubOptions = hubOptions;
    this.#refreshUrl = refreshUrl;
    this.#current = fromHeaders(header);
  }

  /** A token valid for at least a minute more. */
  async get(): Promise<XetAccess> {
    const current = this.#current;
    if (current && current.expires * 1000 - SAFETY_MARGIN_MS > Date.now()) return current;
    return this.renew(current);
  }

  /** A new token, unless another caller already replaced `stale`. */
  renew(stale: XetAccess | undefined): Promise<XetAccess> {
    if (this.#current !== stale && this.#current) return Promise.resolve(this.#current);
    this.#renewing ??= this.#fetch().finally(() => {
      this.#renewing = undefined;
    });
    return this.#renewing;
  }

  async #fetch(): Promise<XetAccess> {
    const answer = await hubRequest<Record<string, unknown>>(this.#hubOptions, { url: this.#refreshUrl });
    const access = {
      casUrl: answer?.casUrl,
      accessToken: answer?.accessToken,
      expires: answer?.exp,
    };
    if (typeof access.casUrl !== "string" || typeof access.accessToken !== "string" || typeof access.expires !== "number")
      throw new XetTokenError(
        "The Hub's Xet token route answered without casUrl, accessToken and exp; upload with `useXet: false` to use LFS instead",
      );
    this.#current = { casUrl: checkedCasUrl(access.casUrl), accessToken: access.accessToken, expires: access.expires };
    return this.#current;
  }
}

/** The token carried by the batch answer's headers (any case), if complete. */
function fromHeaders(header: Record<string, string> | undefined): XetAccess | undefined {
  if (!header) return undefined;
  const lower = new Map(Object.entries(header).map(([key, value]) => [key.toLowerCase(), value]));
  const casUrl = lower.get("x-xet-cas-url");
  const accessToken = lower.get("x-xet-access-token");
  const expires = Number(lower.get("x-xet-token-expiration"));
  if (!casUrl || !accessToken || !Number.isFinite(expires)) return undefined;
  return { casUrl: checkedCasUrl(casUrl), accessToken, expires };
}

function checkedCasUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new XetTokenError(`The Hub named an invalid Xet CAS URL; upload with \`useXet: false\` to use LFS instead`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new XetTokenError(`The Hub named a Xet CAS URL that is not HTTP(S); upload with \`useXet: false\` to use LFS instead`);
  return url.href.replace(/\/+$/, "");
}
