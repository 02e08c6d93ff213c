import { describe, expect, it, vi } from "vitest";
import { DisabledRepoError } from "../errors/http-error-classes.ts";
import type { HubWarning } from "../options.ts";
import { mockFetch } from "../testing/mock-fetch.ts";
import { hubRequest } from "./hub-request.ts";

const HUB = "https://hub.test";

describe("what the Hub says besides the answer", () => {
  it("passes each X-HF-Warning to onWarning", async () => {
    const headers = new Headers();
    headers.append("x-hf-warning", "deprecated; The direction parameter is ignored, sorting is descending");
    headers.append("x-hf-warning", "quota; 90% of your storage is used");
    const fetch = mockFetch({ "GET /api/models": () => Response.json([], { headers }) });
    const warnings: HubWarning[] = [];
    await hubRequest({ hubUrl: HUB, fetch, onWarning: (warning) => warnings.push(warning) }, { path: "/api/models" });
    expect(warnings).toEqual([
      { topic: "deprecated", message: "The direction parameter is ignored, sorting is descending", url: `${HUB}/api/models` },
      { topic: "quota", message: "90% of your storage is used", url: `${HUB}/api/models` },
    ]);
  });

  it("writes each topic once with console.warn without onWarning", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const fetch = mockFetch({ "GET /x": () => Response.json({}, { headers: { "x-hf-warning": "once-topic-test; Mind the gap" } }) });
    await hubRequest({ hubUrl: HUB, fetch }, { path: "/x" });
    await hubRequest({ hubUrl: HUB, fetch }, { path: "/x" });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith("Hub warning: Mind the gap");
    warn.mockRestore();
  });

  it("reaches the caller on an error answer too, and a disabled repo is a DisabledRepoError", async () => {
    const fetch = mockFetch({
      "GET /api/models/alice/x": () =>
        Response.json(
          { error: "Access to this resource is disabled." },
          { status: 403, headers: { "x-error-message": "Access to this resource is disabled.", "x-hf-warning": "; careful" } },
        ),
    });
    const warnings: HubWarning[] = [];
    const error = await hubRequest(
      { hubUrl: HUB, fetch, onWarning: (warning) => warnings.push(warning) },
      { path: "/api/models/alice/x" },
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DisabledRepoError);
    expect((error as Error).message).toMatch(/^Repository disabled: alice\/x \(403, GET \/api\/models\/alice\/x\)$/);
    expect(warnings).toEqual([{ topic: "", message: "careful", url: `${HUB}/api/models/alice/x` }]);
  });

  it("says the range sent and the Content-Range of a 416", async () => {
    const fetch = mockFetch({
      "GET /alice/x/resolve/main/a.bin": () => new Response("", { status: 416, headers: { "content-range": "bytes */5" } }),
    });
    const error = await hubRequest(
      { hubUrl: HUB, fetch },
      { path: "/alice/x/resolve/main/a.bin", headers: { range: "bytes=10-20" } },
    ).catch((caught: unknown) => caught);
    expect((error as Error).message).toContain("Requested range: bytes=10-20; Content-Range: bytes */5.");
  });
});
