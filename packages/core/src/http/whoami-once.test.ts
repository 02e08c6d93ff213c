import { describe, expect, it } from "vitest";
import { HubValidationError } from "../errors/hub-validation-error.ts";
import { mockFetch } from "../testing/mock-fetch.ts";
import { whoamiOnce } from "./whoami-once.ts";

describe("whoamiOnce", () => {
  it("asks whoami-v2 once per Hub and token, and again after a failure", async () => {
    let answers = 0;
    const fetch = mockFetch({
      "GET /api/whoami-v2": (request) => {
        answers++;
        if (request.headers.get("authorization") === "Bearer hf_bad")
          return Response.json({ error: "Invalid credentials" }, { status: 401 });
        return Response.json({ name: request.headers.get("authorization") === "Bearer hf_alice_once" ? "alice" : "bob" });
      },
    });
    const hubUrl = "https://whoami-once.test";
    const [first, second] = await Promise.all([
      whoamiOnce({ hubUrl, fetch, accessToken: "hf_alice_once" }),
      whoamiOnce({ hubUrl, fetch, accessToken: "hf_alice_once" }),
    ]);
    expect(first).toEqual({ name: "alice" });
    expect(second).toBe(first);
    expect((await whoamiOnce({ hubUrl, fetch, accessToken: "hf_bob_once" })).name).toBe("bob");
    expect(answers).toBe(2);
    await expect(whoamiOnce({ hubUrl, fetch, accessToken: "hf_bad", retry: false })).rejects.toMatchObject({ status: 401 });
    await expect(whoamiOnce({ hubUrl, fetch, accessToken: "hf_bad", retry: false })).rejects.toMatchObject({ status: 401 });
    expect(answers).toBe(4);
  });

  it("needs a token, and says which field could replace it", async () => {
    const fetch = mockFetch({});
    await expect(whoamiOnce({ hubUrl: "https://hub.test", fetch, accessToken: undefined }, "repoId namespace")).rejects.toBeInstanceOf(
      HubValidationError,
    );
    expect(fetch.calls).toHaveLength(0);
  });
});
