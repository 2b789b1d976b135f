import { describe, expect, it } from "vitest";
import type { Store } from "../storage/store.js";
import { Authenticator } from "./authenticator.js";

function storeWithKeys(counts: { keys: number }): Store {
  return {
    apiKeys: { count: async () => counts.keys },
    users: { count: async () => 0 },
  } as unknown as Store;
}

describe("Authenticator.knownOff", () => {
  it("says auth is off only from a fresh answer of the store, never while auth is on", async () => {
    let now = 1_000_000;
    const counts = { keys: 0 };
    const auth = new Authenticator({ store: storeWithKeys(counts), now: () => now });
    expect(auth.knownOff()).toBe(false); // never asked yet
    expect(await auth.enabled()).toBe(false);
    expect(auth.knownOff()).toBe(true);
    now += 5_001; // stale: the next request asks the store again
    expect(auth.knownOff()).toBe(false);
    counts.keys = 1;
    auth.keysChanged();
    expect(auth.knownOff()).toBe(false);
    expect(await auth.enabled()).toBe(true);
    expect(auth.knownOff()).toBe(false);
  });

  it("is never true with a bootstrap key", async () => {
    const auth = new Authenticator({ store: storeWithKeys({ keys: 0 }), bootstrapKey: "k".repeat(32) });
    expect(await auth.enabled()).toBe(true);
    expect(auth.knownOff()).toBe(false);
  });
});
