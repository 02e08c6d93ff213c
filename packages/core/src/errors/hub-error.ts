const HUB_ERROR_BRAND = Symbol.for("@hub/core.HubError");

/** Base class of every error thrown by the SDK; test with `isHubError()` rather than `instanceof`. */
export class HubError extends Error {
  override name = "HubError";

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    Object.defineProperty(this, HUB_ERROR_BRAND, { value: true });
  }
}

/** True for any `HubError`, even one created by another copy of `@hub/core`. */
export function isHubError(value: unknown): value is HubError {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[HUB_ERROR_BRAND] === true;
}
