import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { PullStep } from "../../src/api/deployments.js";
import { repositoryName } from "../../src/engine/git-clone.js";
import { runPullSteps } from "../../src/engine/pull-steps.js";

const scratch = realpathSync(mkdtempSync(join(tmpdir(), "steward-pull-")));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", args, {
    cwd,
    encoding: "utf8",
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: "t",
      GIT_AUTHOR_EMAIL: "t@example.com",
      GIT_COMMITTER_NAME: "t",
      GIT_COMMITTER_EMAIL: "t@example.com",
    },
  }).trim();

/** A bare repository with two commits on `main` (file.txt "one", then "two") and a branch `other`. */
function makeRepository(): { bare: string; first: string } {
  const work = join(scratch, `work-${Math.random().toString(36).slice(2)}`);
  mkdirSync(work);
  git(work, "init", "-q", "-b", "main");
  writeFileSync(join(work, "file.txt"), "one\n");
  git(work, "add", ".");
  git(work, "commit", "-q", "-m", "one");
  const first = git(work, "rev-parse", "HEAD");
  git(work, "checkout", "-q", "-b", "other");
  writeFileSync(join(work, "file.txt"), "other\n");
  git(work, "commit", "-q", "-am", "other");
  git(work, "checkout", "-q", "main");
  writeFileSync(join(work, "file.txt"), "two\n");
  git(work, "commit", "-q", "-am", "two");
  const bare = join(scratch, `repo-${Math.random().toString(36).slice(2)}.git`);
  git(scratch, "clone", "-q", "--bare", work, bare);
  return { bare, first };
}

function run(steps: PullStep[], cwd = scratch, env: NodeJS.ProcessEnv = process.env) {
  const lines: string[] = [];
  return { lines, result: runPullSteps(steps, { cwd, env, log: (line) => lines.push(line) }) };
}

describe("pull steps", () => {
  it("set_working_directory moves to an existing directory, relative to the current one", async () => {
    mkdirSync(join(scratch, "flows"), { recursive: true });
    const { result } = run([{ set_working_directory: { directory: "flows" } }]);
    expect(await result).toBe(join(scratch, "flows"));
  });

  it("fails clearly for a directory that does not exist", async () => {
    const { result } = run([{ set_working_directory: { directory: "/nope/not/here" } }]);
    await expect(result).rejects.toThrow(
      /Pull step 1 of 1 \(set_working_directory\) failed: the directory \/nope\/not\/here does not exist/,
    );
  });

  it("run_shell_script runs in order, streams output, passes outputs on and stays in place", async () => {
    const { result, lines } = run([
      { run_shell_script: { id: "make", script: "mkdir -p built && echo ready", stream_output: true } },
      {
        run_shell_script: {
          script: 'echo "{{ make.stdout }}" > built/flag',
          directory: ".",
          stream_output: false,
        },
      },
    ]);
    expect(await result).toBe(scratch);
    expect(lines).toContain("ready");
    expect(readFileSync(join(scratch, "built/flag"), "utf8")).toBe("ready\n");
  });

  it("a failing script fails the step with its stderr, and later steps do not run", async () => {
    const { result } = run([
      { run_shell_script: { script: "echo broken >&2; exit 3", stream_output: true } },
      { run_shell_script: { script: "touch should-not-exist", stream_output: true } },
    ]);
    await expect(result).rejects.toThrow(
      /Pull step 1 of 2 \(run_shell_script\) failed: the script exited with 3: broken/,
    );
    expect(() => readFileSync(join(scratch, "should-not-exist"))).toThrow();
  });

  it("git_clone clones a branch shallowly and moves into the clone", async () => {
    const { bare } = makeRepository();
    const dest = mkdtempSync(join(scratch, "clone-"));
    const { result } = run([{ git_clone: { repository: bare, branch: "other" } }], dest);
    const directory = await result;
    expect(directory).toBe(join(dest, repositoryName(bare)));
    expect(readFileSync(join(directory, "file.txt"), "utf8")).toBe("other\n");
  });

  it("git_clone checks out a commit, into a named directory", async () => {
    const { bare, first } = makeRepository();
    const dest = mkdtempSync(join(scratch, "clone-"));
    const { result } = run([{ git_clone: { repository: bare, commit_sha: first, directory: "code" } }], dest);
    expect(await result).toBe(join(dest, "code"));
    expect(readFileSync(join(dest, "code/file.txt"), "utf8")).toBe("one\n");
    expect(git(join(dest, "code"), "rev-parse", "HEAD")).toBe(first);
  });

  it("git_clone updates an earlier clone in the same place", async () => {
    const { bare, first } = makeRepository();
    const dest = mkdtempSync(join(scratch, "clone-"));
    await run([{ git_clone: { repository: bare, commit_sha: first } }], dest).result;
    const directory = await run([{ git_clone: { repository: bare, branch: "main" } }], dest).result;
    expect(readFileSync(join(directory, "file.txt"), "utf8")).toBe("two\n");
  });

  it("git_clone fails with git's message for a missing repository", async () => {
    const { result } = run([{ git_clone: { repository: join(scratch, "missing.git") } }]);
    await expect(result).rejects.toThrow(/Pull step 1 of 1 \(git_clone\) failed: `git clone .*` failed/);
  });

  it("git_clone never shows the access token, and needs its variable set", async () => {
    const token = "s3cr3t-t0ken";
    const env = { ...process.env, REPO_TOKEN: token };
    const { result } = run(
      [{ git_clone: { repository: "https://127.0.0.1:9/org/repo.git", access_token_env: "REPO_TOKEN" } }],
      mkdtempSync(join(scratch, "clone-")),
      env,
    );
    const error = await result.then(
      () => new Error("expected a failure"),
      (e: unknown) => e as Error,
    );
    expect(error.message).toMatch(/git_clone\) failed/);
    expect(error.message).not.toContain(token);
    expect(error.message).toContain("***");

    const unset = run([
      { git_clone: { repository: "https://example.com/r.git", access_token_env: "NOT_SET_ANYWHERE" } },
    ]);
    await expect(unset.result).rejects.toThrow(/environment variable NOT_SET_ANYWHERE, which is not set/);
  });

  it("names repositories from URLs and paths", () => {
    expect(repositoryName("https://github.com/org/etl.git")).toBe("etl");
    expect(repositoryName("git@github.com:org/etl")).toBe("etl");
    expect(repositoryName("/srv/git/etl.git/")).toBe("etl");
  });
});
