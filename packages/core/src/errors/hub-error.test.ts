import { describe, expect, it, vi } from "vitest";
import { HubError, isHubError } from "./hub-error.ts";
import { HubValidationError } from "./hub-validation-error.ts";

describe("isHubError", () => {
  it("recognises errors of this copy and of another copy of @hub/core", async () => {
    expect(isHubError(new HubError("x"))).toBe(true);
    expect(isHubError(new Error("x"))).toBe(false);
    expect(isHubError(null)).toBe(false);
    // A second, separately evaluated copy of the module stands for a duplicated @hub/core install.
    vi.resetModules();
    const copy = await import("./hub-error.ts");
    expect(copy.HubError).not.toBe(HubError);
    const foreign = new copy.HubError("from the other copy");
    expect(foreign).not.toBeInstanceOf(HubError);
    expect(isHubError(foreign)).toBe(true);
    expect(copy.isHubError(new HubValidationError([{ field: "a", rule: "b" }]))).toBe(true);
  });

  it("brands without an enumerable property", () => {
    expect(Object.keys(new HubError("x"))).not.toContain(Symbol.for("@hub/core.HubError"));
    expect(JSON.stringify(new HubError("x"))).toBe('{"name":"HubError"}');
  });
});
