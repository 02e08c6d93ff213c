import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliFixture, commitFile, startCliFixture } from "./helpers.ts";

let fixture: CliFixture;
let asAlice: { env: NodeJS.ProcessEnv };
let asBob: { env: NodeJS.ProcessEnv };
beforeAll(async () => {
  fixture = await startCliFixture();
  asAlice = { env: { HF_TOKEN: fixture.server.tokens.alice } };
  asBob = { env: { HF_TOKEN: fixture.server.tokens.bob } };
  await fixture.hub(["repo", "create", "alice/talk"], asAlice);
  await commitFile(fixture, fixture.server.tokens.alice, "alice/talk", "README.md", "# Talk\n");
});
afterAll(async () => fixture?.close());

describe("hub discussions", () => {
  it("create, comment (argument and stdin), show, list, close and reopen a discussion", async () => {
    const created = await fixture.json(
      ["discussions", "create", "alice/talk", "--title", "Which license?", "--description", "Please add one."],
      asBob,
    );
    expect(created).toMatchObject({
      num: 1,
      title: "Which license?",
      status: "open",
      isPullRequest: false,
      author: "bob",
      repoId: "alice/talk",
    });
    expect(created).not.toHaveProperty("raw");

    expect(await fixture.hub(["discussions", "comment", "alice/talk", "1", "MIT, done."], asAlice)).toMatchObject({
      code: 0,
      stdout: "Commented on #1 of alice/talk.\n",
    });
    const fromStdin = await fixture.hub(["discussions", "comment", "alice/talk", "1", "--json"], {
      ...asBob,
      input: "Thanks!\nSecond line.",
    });
    expect(JSON.parse(fromStdin.stdout)).toMatchObject({ type: "comment", content: "Thanks!\nSecond line.", author: "bob" });

    const details = await fixture.json(["discussions", "show", "alice/talk", "1"]);
    const comments = details.events
      .filter((event: { type: string }) => event.type === "comment")
      .map((event: { content: string }) => event.content);
    expect(comments).toEqual(["Please add one.", "MIT, done.", "Thanks!\nSecond line."]);
    expect(new Date(details.createdAt).toISOString()).toBe(details.createdAt);

    const text = await fixture.hub(["discussions", "show", "alice/talk", "1"]);
    expect(text.stdout).toMatch(/^title:\s+#1 Which license\?$/m);
    expect(text.stdout).toContain("alice commented:\n  MIT, done.");

    expect((await fixture.json(["discussions", "close", "alice/talk", "1", "--comment", "Solved."], asAlice)).newStatus).toBe("closed");
    expect(
      (await fixture.json(["discussions", "list", "alice/talk", "--status", "closed"])).map((item: { num: number }) => item.num),
    ).toEqual([1]);
    expect(await fixture.json(["discussions", "list", "alice/talk", "--status", "open"])).toEqual([]);
    expect((await fixture.hub(["discussions", "reopen", "alice/talk", "1"], asBob)).stdout).toBe("Reopened #1 of alice/talk.\n");
  });

  it("a pull request: create, push a commit to its ref, merge, then main has the change", async () => {
    const pr = await fixture.json(["discussions", "create", "alice/talk", "--title", "Better card", "--pull-request"], asAlice);
    expect(pr).toMatchObject({ isPullRequest: true, gitReference: `refs/pr/${pr.num}` });
    await commitFile(fixture, fixture.server.tokens.alice, "alice/talk", "README.md", "# Talk\n\nNow better.\n", pr.gitReference);

    const listed = await fixture.json(["discussions", "list", "alice/talk", "--type", "pull_request"]);
    expect(listed.map((item: { num: number }) => item.num)).toEqual([pr.num]);
    const table = await fixture.hub(["discussions", "list", "alice/talk"]);
    expect(table.stdout).toMatch(
      new RegExp(
        `^#\\s+KIND\\s+STATUS\\s+AUTHOR\\s+TITLE\\n${pr.num}\\s+PR\\s+\\w+\\s+alice\\s+Better card\\n1\\s+discussion\\s+open\\s+bob\\s+Which license\\?\\n$`,
      ),
    );

    const diff = await fixture.hub(["discussions", "show", "alice/talk", String(pr.num), "--diff"]);
    expect(diff.stdout).toContain("+Now better.");

    const draft = await fixture.hub(["discussions", "merge", "alice/talk", String(pr.num)], asAlice);
    expect(draft.code).toBe(2);
    expect(draft.stderr).toMatch(/^Error: Conflict: .*draft.*\(409/m);
    expect((await fixture.json(["discussions", "reopen", "alice/talk", String(pr.num)], asAlice)).newStatus).toBe("open");
    expect((await fixture.hub(["discussions", "merge", "alice/talk", String(pr.num)], asBob)).code).toBe(2);
    const mergeRun = await fixture.hub(["discussions", "merge", "alice/talk", String(pr.num)], asAlice);
    expect(mergeRun.stderr).toBe("");
    expect(mergeRun).toMatchObject({ code: 0, stdout: `Merged pull request #${pr.num} of alice/talk.\n` });
    const merged = await fixture.json(["discussions", "show", "alice/talk", String(pr.num)]);
    expect(merged.status).toBe("merged");
    expect(merged.mergeCommitOid).toMatch(/^[0-9a-f]{40}$/);
    const readme = await fetch(`${fixture.server.url}/alice/talk/resolve/main/README.md`);
    expect(await readme.text()).toBe("# Talk\n\nNow better.\n");
  });

  it("errors: bad number and short title are usage errors; a missing discussion is a Hub error", async () => {
    const badNumber = await fixture.hub(["discussions", "show", "alice/talk", "zero"]);
    expect(badNumber.code).toBe(1);
    expect(badNumber.stderr).toContain("discussion number must be a positive integer");
    const shortTitle = await fixture.hub(["discussions", "create", "alice/talk", "--title", "ab"], asAlice);
    expect(shortTitle.code).toBe(1);
    expect(shortTitle.stderr).toMatch(/^Error: Invalid title/m);
    expect((await fixture.hub(["discussions", "create", "alice/talk"], asAlice)).code).toBe(1);
    expect((await fixture.hub(["discussions", "show", "alice/talk", "999"])).code).toBe(2);
    expect((await fixture.hub(["discussions", "comment", "alice/talk", "1", "hi"])).code).toBe(1);
  });
});
