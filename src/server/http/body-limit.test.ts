import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createAdaptorServer } from "@hono/node-server";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bodyLimit } from "./body-limit.js";

const LIMIT = 1024;

describe("bodyLimit over real HTTP", () => {
  let server: Server;
  let url: string;

  beforeAll(async () => {
    const app = new Hono();
    const limit = bodyLimit(LIMIT, (c) => c.text("too large", 413));
    app.on(["GET", "POST", "DELETE"], "/echo", limit, async (c) =>
      c.text(`read ${(await c.req.text()).length}`),
    );
    server = createAdaptorServer({ fetch: app.fetch }) as Server;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/echo`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const post = (body: string | ReadableStream<Uint8Array>, method = "POST") =>
    fetch(url, { method, body, duplex: "half" } as RequestInit).then(async (r) => [r.status, await r.text()]);

  it("takes a body of up to the limit, told by Content-Length", async () => {
    expect(await post("x".repeat(LIMIT))).toEqual([200, `read ${LIMIT}`]);
    expect(await post("")).toEqual([200, "read 0"]);
  });

  it("refuses a body over the limit from its Content-Length", async () => {
    expect(await post("x".repeat(LIMIT + 1))).toEqual([413, "too large"]);
    expect(await post("x".repeat(LIMIT + 1), "DELETE")).toEqual([413, "too large"]);
  });

  it("counts a chunked body (no Content-Length) as it arrives", async () => {
    const chunked = (n: number) =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < n; i++) controller.enqueue(new TextEncoder().encode("y".repeat(512)));
          controller.close();
        },
      });
    expect(await post(chunked(2))).toEqual([200, "read 1024"]);
    expect(await post(chunked(3))).toEqual([413, "too large"]);
  });

  it("lets GET through untouched", async () => {
    const response = await fetch(url);
    expect([response.status, await response.text()]).toEqual([200, "read 0"]);
  });
});
