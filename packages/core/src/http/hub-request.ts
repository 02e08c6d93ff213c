import { abortReason, isAbortError } from "../errors/abort.ts";
import { createHubHttpError } from "../errors/create-http-error.ts";
import { HubError } from "../errors/hub-error.ts";
import { HubNetworkError } from "../errors/hub-network-error.ts";
import { HubTimeoutError } from "../errors/hub-timeout-error.ts";
import { redactUrl } from "../errors/redact.ts";
import { DEFAULT_TIMEOUT, type HubOptions, type HubRetry, resolveHubUrl } from "../options.ts";
import { buildRequestUrl } from "./build-url.ts";
import { resolveDispatcher } from "./dispatcher.ts";
import type { HubRequest, ResponseType } from "./hub-request-types.ts";
import { buildHeaders } from "./request-headers.ts";
import { prepareBody } from "./request-body.ts";
import { serverRetryDelay } from "./retry-delay-headers.ts";
import { backoffDelay, isIdempotentMethod, retrySettings } from "./retry-policy.ts";
import { reportServerWarnings } from "./server-warnings.ts";
import { sleep } from "./sleep.ts";
import type { KyInstance } from "ky";
import { assertOnline, loadKy, resolveAccessToken } from "#runtime";

/**
 * Sends one API request to the Hub with retries, timeout and typed errors.
 * Returns the parsed JSON (default), the text, nothing, or the raw `Response` for streaming.
 * @throws {HubHttpError} (or a subclass such as `RepositoryNotFoundError`) for any non-2xx answer.
 * @throws {HubNetworkError} when no answer came back, {HubTimeoutError} when an attempt timed out.
 * @throws the signal's reason (or a `DOMException` named `AbortError`) when aborted.
 */
export function hubRequest<T = unknown>(options: HubOptions, request: HubRequest & { responseType?: "json" }): Promise<T>;
export function hubRequest(options: HubOptions, request: HubRequest & { responseType: "text" }): Promise<string>;
export function hubRequest(options: HubOptions, request: HubRequest & { responseType: "response" }): Promise<Response>;
export function hubRequest(options: HubOptions, request: HubRequest & { responseType: "void" }): Promise<void>;
export function hubRequest(options: HubOptions, request: HubRequest): Promise<unknown>;
export async function hubRequest(givenOptions: HubOptions, request: HubRequest): Promise<unknown> {
  // Explicit options first; then, where the runtime has an environment, HF_TOKEN and the token file.
  const options = { ...givenOptions, accessToken: resolveAccessToken(givenOptions) };
  const method = (request.method ?? "GET").toUpperCase();
  const hubUrl = resolveHubUrl(options);
  const url = buildRequestUrl(hubUrl, request);
  const settings = retrySettings(options.retry);
  const idempotent = request.idempotent ?? isIdempotentMethod(method);
  const timeout = options.timeout ?? DEFAULT_TIMEOUT;
  const parents = [options.signal, request.signal].filter((parent) => parent !== undefined);
  const signal = parents.length > 1 ? AbortSignal.any(parents) : parents[0];
  let manualRedirect = request.redirect === "manual";
  assertOnline(method, () => redactUrl(url));
  // One pool for every request: the caller's, else (with the runtime's fetch) the environment's proxy on Node.
  const dispatcher = await resolveDispatcher(options);
  const ky = await loadKy();
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw abortReason(signal);
    const { body, contentType, streamed } = await prepareBody(request);
    // A stream can be read once only: such requests are never retried.
    const mayRetry = attempt < settings.attempts && !streamed;
    // One timer per attempt; it also covers reading a JSON or text body. None with `timeout: false`
    // (transfers, which have a stall timeout instead): no controller or combined signal per request.
    const timer = timeout === false ? undefined : new AbortController();
    const timerId = timer && setTimeout(() => timer.abort(), timeout as number);
    const attemptSignal = timer ? (signal ? AbortSignal.any([signal, timer.signal]) : timer.signal) : signal;
    let delay: number | undefined;
    let retried: Pick<HubRetry, "status" | "error"> = {};
    try {
      // An HTTP error status is an answer here, and only our own errors (which never hold the
      // request's headers, so never the token) leave this function.
      const init: RequestInit & { duplex?: "half" } = {
        method,
        headers: buildHeaders(options, request, { url, hubUrl, contentType }),
        body: body ?? null,
        signal: attemptSignal,
        redirect: manualRedirect ? "manual" : "follow",
      };
      // A stream body is sent as it is read (required by fetch for a stream body).
      if (streamed) init.duplex = "half";
      const response = await send(ky, url, init, options.fetch, dispatcher);
      const { status } = response;
      reportServerWarnings(response.headers, () => redactUrl(url), options.onWarning);
      if (response.ok || (manualRedirect && status >= 300 && status <= 399)) return await readResponse(response, request.responseType);
      if (response.type === "opaqueredirect") {
        // A browser hides the redirect: the same attempt is made again, following it.
        manualRedirect = false;
        attempt--;
        continue;
      }
      // A non-idempotent request is repeated on 429 only: the server did not act on it.
      let refusedWait: { asked: number; allowed: number } | undefined;
      if (mayRetry && settings.statuses.includes(status) && (idempotent || status === 429)) {
        // The server's ask (rate-limit reset, Retry-After) is waited in full, plus a second against
        // rounding, as the Python client does; an ask beyond `maxServerDelay` is not waited for.
        const asked = serverRetryDelay(response.headers);
        if (asked === undefined) delay = backoffDelay(attempt, settings);
        else if (asked <= settings.maxServerDelay) delay = asked + 1_000;
        else refusedWait = { asked, allowed: settings.maxServerDelay };
      }
      if (delay === undefined) {
        throw await createHubHttpError(response, method, url.href, options.accessToken, {
          range: new Headers(request.headers).get("range"),
          refusedWait,
        });
      }
      retried = { status };
      await discard(response);
    } catch (error) {
      if (signal?.aborted) throw abortReason(signal);
      let failure: HubNetworkError | HubTimeoutError;
      if (timer?.signal.aborted)
        failure = new HubTimeoutError(`Request timed out after ${timeout} ms (${method} ${redactUrl(url)})`, timeout as number);
      else if (error instanceof HubError || isAbortError(error)) throw error;
      else failure = new HubNetworkError(method, redactUrl(url), error);
      // Without an answer, a non-idempotent request is repeated only if the connection was refused.
      if (!mayRetry || !(idempotent || (failure as HubNetworkError).code === "ECONNREFUSED")) throw failure;
      delay = backoffDelay(attempt, settings);
      retried = { error: failure };
    } finally {
      clearTimeout(timerId);
    }
    notifyRetry(options.onRetry, {
      attempt: attempt + 1,
      attempts: settings.attempts,
      delay: delay as number,
      method,
      url: redactUrl(url),
      ...retried,
    });
    await sleep(delay as number, signal);
  }
}

/**
 * Sends one attempt through ky. Retries, timeouts, redirects and errors are this function's own
 * (ky runs with `retry: 0`, `timeout: false`, `throwHttpErrors: false`); ky's `beforeRequest` hook
 * sends the attempt with `fetch(url, init)` and hands ky the answer. ky's own `Request` carries no
 * body and no headers (so never the token), and the body is not copied into a `Request` and its
 * clone for every attempt: on 2,000 small LFS uploads that copy was most of the per-request CPU.
 * A caller's `fetch` gets a `Request` (held until its answer: an undici copy's signal follows the
 * original's only while it lives), and the dispatcher in a second argument.
 */
async function send(
  ky: KyInstance,
  url: URL,
  init: RequestInit,
  customFetch: HubOptions["fetch"],
  dispatcher: object | undefined,
): Promise<Response> {
  let answer: Response | undefined;
  const attempt = async (): Promise<Response> => {
    if (customFetch) {
      const request = new Request(url, init);
      answer = await customFetch(request, dispatcher ? ({ dispatcher } as RequestInit) : undefined).finally(() => request.signal);
    } else answer = await fetch(url, dispatcher ? ({ ...init, dispatcher } as RequestInit) : init);
    // ky takes the hook's answer only if it is a Response of this realm; another one (a caller's
    // fetch from a library) is returned below as it is.
    return answer instanceof Response ? answer : new Response(null);
  };
  await ky(url, { method: init.method, retry: 0, timeout: false, throwHttpErrors: false, hooks: { beforeRequest: [attempt] } });
  return answer as Response;
}

/** Tells the caller's `onRetry` (an observer: what it throws must not change the request's fate). */
function notifyRetry(onRetry: HubOptions["onRetry"], retry: HubRetry): void {
  try {
    onRetry?.(retry);
  } catch {
    // Ignored on purpose, see `HubOptions.onRetry`.
  }
}

function discard(response: Response): Promise<void> | undefined {
  return response.body?.cancel().catch(() => undefined);
}

async function readResponse(response: Response, responseType: ResponseType = "json"): Promise<unknown> {
  if (responseType === "response") return response;
  if (responseType === "void") return discard(response);
  const text = await response.text();
  if (responseType === "text") return text;
  if (text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HubError(`Invalid JSON in the response of ${response.status === 200 ? "" : `${response.status} `}${redactUrl(response.url)}`);
  }
}
