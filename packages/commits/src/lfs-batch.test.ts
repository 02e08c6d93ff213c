import { mockFetch } from "@hub/core/testing";
import { describe, expect, it } from "vitest";
import { lfsBatch, onEndpoint } from "./lfs-batch.ts";

const OID = "a".repeat(64);

describe("LFS action URLs behind a mirror or proxy", () => {
  it("moves https://huggingface.co URLs of the batch answer to the configured endpoint, as fix_hf_endpoint_in_url", async () => {
    const fetch = mockFetch({
      "POST /alice/x.git/info/lfs/objects/batch": () =>
        Response.json({
          transfer: "multipart",
          objects: [
            {
              oid: OID,
              size: 10,
              actions: {
                upload: {
                  href: "https://huggingface.co/api/complete_multipart?id=1",
                  header: { chunk_size: "5", "1": "https://huggingface.co/part/1", "2": "https://storage.test/part/2" },
                },
                verify: { href: "https://huggingface.co/alice/x.git/info/lfs/objects/verify", header: { authorization: "Basic abc" } },
              },
            },
          ],
        }),
    });
    const result = await lfsBatch(
      { hubUrl: "https://mirror.test", fetch },
      { repoType: "model", repoId: "alice/x", revision: "main", createPr: false },
      [{ oid: OID, size: 10 }],
    );
    expect(result.transfer).toBe("basic");
    expect(result.objects.get(OID)?.actions).toEqual({
      upload: {
        href: "https://mirror.test/api/complete_multipart?id=1",
        header: { chunk_size: "5", "1": "https://mirror.test/part/1", "2": "https://storage.test/part/2" },
      },
      verify: { href: "https://mirror.test/alice/x.git/info/lfs/objects/verify", header: { authorization: "Basic abc" } },
    });
  });

  it("leaves the URLs alone on huggingface.co itself and other hosts", () => {
    const actions = { upload: { href: "https://huggingface.co/x" }, verify: { href: "https://huggingface.community/y" } };
    expect(onEndpoint(actions, "https://huggingface.co")).toBe(actions);
    expect(onEndpoint(actions, "https://mirror.test")).toEqual({
      upload: { href: "https://mirror.test/x" },
      verify: { href: "https://huggingface.community/y" },
    });
  });
});

describe("the xet transfer", () => {
  const target = { repoType: "model", repoId: "alice/x", revision: "main", createPr: false } as const;
  const answering = (transfer: string, seen: unknown[]) =>
    mockFetch({
      "POST /alice/x.git/info/lfs/objects/batch": async (request: Request) => {
        seen.push(await request.json());
        return Response.json({ transfer, objects: [{ oid: OID, size: 10, actions: { upload: { href: "https://hub.test/token" } } }] });
      },
    });

  it("is offered when asked for, and chosen when the server answers it", async () => {
    const seen: Array<{ transfers: string[] }> = [];
    const result = await lfsBatch({ hubUrl: "https://hub.test", fetch: answering("xet", seen) }, target, [{ oid: OID, size: 10 }], {
      xet: true,
    });
    expect(seen[0]?.transfers).toEqual(["basic", "multipart", "xet"]);
    expect(result.transfer).toBe("xet");
  });

  it("is not offered by default, and an answer naming it anyway is refused", async () => {
    const seen: Array<{ transfers: string[] }> = [];
    await expect(lfsBatch({ hubUrl: "https://hub.test", fetch: answering("xet", seen) }, target, [{ oid: OID, size: 10 }])).rejects.toThrow(
      "unsupported transfer: xet",
    );
    expect(seen[0]?.transfers).toEqual(["basic", "multipart"]);
  });
});
