import { environmentHubUrl, type HubOptions, resolveAccessToken, resolveHubUrl } from "@hub/core";
import type { HubApiMethods } from "./hub-api.generated.ts";
import { operations } from "./operations.ts";

/** An operation's params once a client is bound: the token and the endpoint become optional. */
export type BoundParams<P> = P extends object ? Omit<P, "accessToken" | "hubUrl"> & { accessToken?: string; hubUrl?: string } : P;

/** An operation as a method: same params and result; params may be left out when all are optional. */
export type BoundOperation<F> = F extends (params: infer P) => infer R
  ? {} extends BoundParams<P>
    ? (params?: BoundParams<P>) => R
    : (params: BoundParams<P>) => R
  : F;

/** The methods a client gets from an operation record. */
export type BoundOperations<O> = { [K in keyof O]: BoundOperation<O[K]> };

/**
 * Every operation of the SDK as a method of `HubApi`, with the same name, params and docs. The
 * declarations are generated from the operation record (scripts/generate-hub-api.mjs), so editors
 * show each operation's documentation on hover.
 */
export interface HubApi extends HubApiMethods {}

const installed = new WeakSet<object>();

/**
 * Adds one method per operation to `prototype`, once, on first construction (so importing the
 * class has no side effect). Each method calls the operation with the bound options under the
 * call's params.
 */
export function installOperations(prototype: object, operationRecord: Record<string, unknown>): void {
  if (installed.has(prototype)) return;
  for (const [name, operation] of Object.entries(operationRecord) as [string, (params?: object) => unknown][]) {
    Object.defineProperty(prototype, name, {
      value(this: HubApi, params?: object) {
        return operation({ ...this.options, ...params });
      },
      writable: true,
      configurable: true,
    });
  }
  installed.add(prototype);
}

/**
 * A client that binds `HubOptions` (token, endpoint, fetch, retries...) once and exposes every
 * operation as a method; options given to a call override the bound ones.
 * On Node, options left out are resolved like the Python client does (`HF_TOKEN`, the saved token
 * file under `HF_HOME`, `HF_ENDPOINT`); in other runtimes they are explicit.
 * @example
 * const hub = new HubApi({ accessToken: "hf_...", hubUrl: "http://127.0.0.1:7860" });
 * await hub.createRepo({ repoId: "alice/demo" });
 * for await (const model of hub.listModels({ search: "bert", limit: 20 })) console.log(model.id);
 */
export class HubApi {
  readonly #options: HubOptions;

  constructor(options: HubOptions = {}) {
    installOperations(HubApi.prototype, operations);
    // Core resolves the environment on Node, Bun and Deno (nothing elsewhere); bound here so that
    // `options` and `hubUrl` show what the requests will use.
    const fromEnvironment = stripUndefined({ hubUrl: environmentHubUrl(), accessToken: resolveAccessToken({}) });
    this.#options = { ...fromEnvironment, ...stripUndefined(options) };
  }

  /** The bound options (a copy). Holds the token: do not log it. */
  get options(): HubOptions {
    return { ...this.#options };
  }

  /** The Hub endpoint this client talks to. */
  get hubUrl(): string {
    return resolveHubUrl(this.#options);
  }

  /** A new client with these options over the current ones. */
  withOptions(options: HubOptions): this {
    const Client = this.constructor as new (options: HubOptions) => this;
    return new Client({ ...this.#options, ...stripUndefined(options) });
  }

  /** What `JSON.stringify` shows: the endpoint and whether a token is bound, never the token. */
  toJSON(): { hubUrl: string; authenticated: boolean } {
    return { hubUrl: this.hubUrl, authenticated: this.#options.accessToken !== undefined };
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
