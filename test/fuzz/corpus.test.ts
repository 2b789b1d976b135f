/**
 * Replays the fuzz corpus (corpus.json: every input that once made the server answer 5xx or hang)
 * on SQLite and PostgreSQL: each must get the status it gets since its fix, within 5 s, and the
 * server must be healthy afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { materialize, readCorpus } from "./corpus.js";
import { sendFuzzRequest } from "./fuzz-request.js";
import { type FuzzServer, healthProblems, startFuzzServer } from "./fuzz-server.js";
import { type Seeded, seed } from "./seed.js";

const CORPUS = readCorpus();

describe.each(["sqlite", "postgres"] as const)("fuzz corpus on %s", (backend) => {
  let server: FuzzServer | undefined;
  let seeded: Seeded | undefined;
  beforeAll(async () => {
    server = await startFuzzServer(backend);
    seeded = await seed(server);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it.each(CORPUS.map((entry) => [entry.what, entry] as const))("%s", async (_what, entry) => {
    if (!server || !seeded) throw new Error("the fuzz server did not start");
    const target = { origin: server.origin, keys: seeded.keys };
    const answer = await sendFuzzRequest(target, materialize(entry.request, seeded.known));
    expect(answer.status, answer.excerpt).toBe(entry.status);
  });

  it("is healthy after the corpus", async () => {
    if (!server) throw new Error("the fuzz server did not start");
    expect(await healthProblems(server)).toEqual([]);
  });
});
