/** `emitEvent()`: batched through the configured API, flushed at the end of a run, a no-op without an API. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emitEvent, flow, flushEvents } from "../../src/index.js";
import { configureForTest, makeHome, waitFor } from "./helpers.js";
import { startTestServer, type TestServer } from "./server.js";

let api: TestServer;

beforeAll(async () => {
  api = await startTestServer();
});
afterAll(async () => {
  await api?.stop();
});

const eventsAbout = async (resourceId: string) =>
  (
    await api.client.call("filterEvents", {
      body: { filter: { resource: { id: [resourceId] } }, order: "ASC" },
    })
  ).events;

describe("emitEvent", () => {
  it("sends events in order through the configured API", async () => {
    configureForTest({ STEWARD_API_URL: api.apiUrl }, api.home);
    const id = `order.${Date.now()}`;
    for (let i = 0; i < 3; i++) {
      emitEvent({ event: `order.step-${i}`, resource: { "steward.resource.id": id }, payload: { i } });
    }
    expect(await flushEvents()).toBe(true);
    const events = await waitFor(async () => {
      const found = await eventsAbout(id);
      return found.length === 3 ? found : undefined;
    }, "three events");
    expect(events.map((e) => e.event)).toEqual(["order.step-0", "order.step-1", "order.step-2"]);
    expect(events[2]?.payload).toEqual({ i: 2 });
  });

  it("relates events emitted in a flow run to the run, and delivers them when the run ends", async () => {
    configureForTest({ STEWARD_API_URL: api.apiUrl }, api.home);
    const id = `shipment.${Date.now()}`;
    const ship = flow({ name: "emit-in-flow" }, async () => {
      emitEvent({ event: "shipment.sent", resource: { "steward.resource.id": id } });
    });
    await ship();
    // No flush here: the end of the run delivered it.
    const [event] = await eventsAbout(id);
    expect(event?.related).toEqual([
      expect.objectContaining({
        "steward.resource.role": "flow-run",
        "steward.resource.id": expect.stringMatching(/^steward\.flow-run\./),
      }),
    ]);
  });

  it("does nothing without an API, warning once", async () => {
    const { home, cleanup } = makeHome();
    const { console } = configureForTest({}, home);
    emitEvent({ event: "x.one", resource: { "steward.resource.id": "x" } });
    emitEvent({ event: "x.two", resource: { "steward.resource.id": "x" } });
    expect(console.matching("No API is configured")).toHaveLength(1);
    cleanup();
  });
});
