import { abortReason, isAbortError } from "../errors/abort.ts";
import { createHubHttpError } from "../errors/create-http-error.ts";
import { HubError } from "../errors/hub-error.ts";
import { HubNetworkError } from "../errors/hub-network-error.ts";
import { HubTimeoutError } from "../errors/hub-timeout-error.ts";
import { redactUrl } from "../errors/redact.ts";
import { DEFAULT_TIMEOUT, type HubOptions, resolveHubUrl } from "../options.ts";
import { createAttemptSignal } from "./attempt-signal.ts";
import { buildRequestUrl } from "./build-url.ts";
import type { HubRequest } from "./hub-request-types.ts";
import { buildHeaders } from "./request-headers.ts";
import { prepareBody } from "./request-body.ts";
import { serverRetryDelay } from "./retry-delay-headers.ts";
import { backoffDelay, canRetryFailure, canRetryStatus, isIdempotentMethod, type RetryContext, retrySettings } from "./retry-policy.ts";
import { send } from "./send.ts";
import { sleep } from "./sleep.ts";

/** Answer of one attempt: a value to return, or a wait before the next attempt. */
type Outcome<T> = { done: true; value: T } | { done: false; delay: number };

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
export async function hubRequest(options: HubOptions, request: HubRequest): Promise<unknown> {
  const method = (request.method ?? "GET").toUpperCase();
  const hubUrl = resolveHubUrl(options);
  const url = buildRequestUrl(hubUrl, request);
  const settings = retrySettings(options.retry);
  const idempotent = request.idempotent ?? isIdempotentMethod(method);
  const parents = [options.signal, request.signal];
  for (let attempt = 1; ; attempt++) {
    for (const parent of parents) if (parent?.aborted) throw abortReason(parent);
    const body = await prepareBody(request);
    const headers = buildHeaders(options, request, { url, hubUrl, contentType: body.contentType });
    const context: RetryContext = { attempt, idempotent, streamed: body.streamed };
    const attemptSignal = createAttemptSignal(parents, options.timeout ?? DEFAULT_TIMEOUT);
    let outcome: Outcome<unknown>;
    try {
      const response = await send(url, { method, headers, body: body.body, signal: attemptSignal.signal, streamed: body.streamed }, options.fetch);
      if (response.ok) {
        outcome = { done: true, value: await readResponse(response, request.responseType ?? "json", attemptSignal.stopTimer) };
      } else {
        const delay = canRetryStatus(response.status, context, settings) ? retryDelay(response, attempt, settings) : undefined;
        if (delay === undefined) throw await createHubHttpError(response, method, url.href, options.accessToken);
        await response.body?.cancel().catch(() => undefined);
        outcome = { done: false, delay };
      }
    } catch (error) {
      const failure = translateFailure(error, { method, url, parents, timedOut: attemptSignal.timedOut, timeout: options.timeout });
      if (!(failure instanceof HubNetworkError || failure instanceof HubTimeoutError)) throw failure;
      const code = failure instanceof HubNetworkError ? failure.code : undefined;
      if (!canRetryFailure(code, context, settings)) throw failure;
      outcome = { done: false, delay: backoffDelay(attempt, settings) };
    } finally {
      if (request.responseType === "response") attemptSignal.stopTimer();
      else attemptSignal.dispose();
    }
    if (outcome.done) return outcome.value;
    await sleep(outcome.delay, mergedSignal(parents));
  }
}

function retryDelay(response: Response, attempt: number, settings: ReturnType<typeof retrySettings>): number | undefined {
  const requested = serverRetryDelay(response.headers);
  if (requested === undefined) return backoffDelay(attempt, settings);
  return requested <= settings.maxDelay ? requested : undefined;
}

async function readResponse(response: Response, responseType: NonNullable<HubRequest["responseType"]>, stopTimer: () => void): Promise<unknown> {
  switch (responseType) {
    case "response":
      stopTimer();
      return response;
    case "void":
      await response.body?.cancel().catch(() => undefined);
      return undefined;
    case "text":
      return response.text();
    default: {
      const text = await response.text();
      if (text === "") return undefined;
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new HubError(`Invalid JSON in the response of ${response.status === 200 ? "" : `${response.status} `}${redactUrl(response.url)}`);
      }
    }
  }
}

function translateFailure(
  error: unknown,
  context: { method: string; url: URL; parents: readonly (AbortSignal | undefined)[]; timedOut: boolean; timeout: number | false | undefined },
): unknown {
  for (const parent of context.parents) if (parent?.aborted) return abortReason(parent);
  if (context.timedOut) {
    const timeout = context.timeout || DEFAULT_TIMEOUT;
    return new HubTimeoutError(`Request timed out after ${timeout} ms (${context.method} ${redactUrl(context.url)})`, timeout);
  }
  if (error instanceof HubError || isAbortError(error)) return error;
  return new HubNetworkError(context.method, redactUrl(context.url), error);
}

function mergedSignal(parents: readonly (AbortSignal | undefined)[]): AbortSignal | undefined {
  const signals = parents.filter((parent): parent is AbortSignal => parent !== undefined);
  return signals.length <= 1 ? signals[0] : AbortSignal.any(signals);
}
