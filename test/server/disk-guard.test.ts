/**
 * The disk guard (issue 15, item 4): with the free-space probe reporting a nearly full volume,
 * writes answer 507 INSUFFICIENT_STORAGE naming the setting, while reads, the read-only POST
 * filters, /api/health, /api/ready and the UI keep answering 200; when space returns, writes
 * work again. Also the size cap, and a database "disk full" error answering 507.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StewardError } from "../../src/core/errors.js";
import { createApp } from "../../src/server/app.js";
import { classify } from "../../src/server/http/errors.js";
import { DiskGuard } from "../../src/server/services/disk-guard.js";
import { BACKENDS, type TestStore } from "./backends.js";
import { errorOf, send, uniqueName } from "./harness.js";

const MB = 1024 * 1024;

describe.each(BACKENDS)("disk guard on $name", (backend) => {
  let opened: TestStore;
  const root = mkdtempSync(join(tmpdir(), "steward-disk-guard-"));
  const probe = { free: 10 * 1024 * MB, size: 5 * MB };
  const logged: string[] = [];
  const guard = new DiskGuard({
    freeBytes: async () => probe.free,
    databaseBytes: async () => probe.size,
    minFreeMb: 1024,
    maxDatabaseMb: 100,
    log: (line) => logged.push(line),
  });
  beforeAll(async () => {
    opened = await backend.open();
    writeFileSync(join(root, "index.html"), "<!doctype html><div id=root></div>");
  });
  afterAll(async () => {
    await opened.cleanup();
    rmSync(root, { recursive: true, force: true });
  });
  const app = () =>
    createApp({ store: opened.store, version: "0.0.0-test", uiDir: root, writeGate: guard, log: () => {} });

  it("low free space: writes 507 with the message, reads, health, ready and the UI 200; space back: writes work", async () => {
    const server = app();
    await guard.tick();
    expect((await send(server, "POST", "/api/flows/", { name: uniqueName("before") })).status).toBe(201);

    probe.free = 200 * MB;
    await guard.tick();
    const refused = await send(server, "POST", "/api/flows/", { name: uniqueName("refused") });
    expect(refused.status).toBe(507);
    expect(errorOf(refused).code).toBe("INSUFFICIENT_STORAGE");
    expect(errorOf(refused).message).toContain("STEWARD_SERVER_MIN_FREE_DISK_MB");
    expect(errorOf(refused).message).toMatch(/reads still work/);
    expect((await send(server, "PATCH", `/api/flows/${crypto.randomUUID()}`, {})).status).toBe(507);
    expect((await send(server, "POST", "/api/flows/filter", {})).status).toBe(200);
    expect((await send(server, "GET", "/api/health")).status).toBe(200);
    expect((await send(server, "GET", "/api/ready")).status).toBe(200);
    const ui = await server.request("/");
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain("root");
    expect(logged.filter((line) => line.includes("STEWARD_SERVER_MIN_FREE_DISK_MB"))).toHaveLength(1);
    await guard.tick();
    expect(logged.filter((line) => line.includes("STEWARD_SERVER_MIN_FREE_DISK_MB"))).toHaveLength(1);

    probe.free = 10 * 1024 * MB;
    await guard.tick();
    expect((await send(server, "POST", "/api/flows/", { name: uniqueName("after") })).status).toBe(201);
    expect(logged.at(-1)).toMatch(/writes are accepted again/);
  });

  it("database at its size cap: writes 507 naming STEWARD_SERVER_MAX_DATABASE_MB", async () => {
    const server = app();
    probe.size = 100 * MB;
    await guard.tick();
    const refused = await send(server, "POST", "/api/flows/", { name: uniqueName("big") });
    expect(refused.status).toBe(507);
    expect(errorOf(refused).message).toContain("STEWARD_SERVER_MAX_DATABASE_MB");
    probe.size = 5 * MB;
    await guard.tick();
    expect((await send(server, "POST", "/api/flows/", { name: uniqueName("small") })).status).toBe(201);
  });

  it("the store reports its size", async () => {
    expect(await opened.store.sizeBytes()).toBeGreaterThan(0);
  });
});

describe("a full disk met by a write", () => {
  it("INSUFFICIENT_STORAGE (what SQLITE_FULL and disk_full translate to) answers 507", () => {
    const answer = classify(
      new StewardError("INSUFFICIENT_STORAGE", "The database could not write: its disk is full."),
    );
    expect(answer).toMatchObject({ status: 507, code: "INSUFFICIENT_STORAGE" });
  });
});
