import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { BrokenPipePolicy, isBrokenPipe } from "./broken-pipe.js";

const epipe = () => Object.assign(new Error("write EPIPE"), { code: "EPIPE", syscall: "write" });

function setUp() {
  const exits: number[] = [];
  const policy = new BrokenPipePolicy((code) => exits.push(code));
  const stdout = new EventEmitter();
  const stderr = new EventEmitter();
  policy.watch([stdout, stderr]);
  return { exits, policy, stdout, stderr };
}

describe("BrokenPipePolicy", () => {
  it("exits quietly with code 0 when the reader of stdout or stderr has gone", () => {
    const { exits, stdout, stderr } = setUp();
    stdout.emit("error", epipe());
    stderr.emit("error", epipe());
    expect(exits).toEqual([0, 0]);
  });

  it("rethrows any other output error, as an unhandled one would be", () => {
    const { exits, stdout } = setUp();
    const eio = Object.assign(new Error("read EIO"), { code: "EIO" });
    expect(() => stdout.emit("error", eio)).toThrow(eio);
    expect(exits).toEqual([]);
  });

  it("ignores output errors once told to keep running", () => {
    const { exits, policy, stdout } = setUp();
    policy.keepRunning();
    expect(() => stdout.emit("error", epipe())).not.toThrow();
    expect(() => stdout.emit("error", new Error("anything"))).not.toThrow();
    expect(exits).toEqual([]);
  });
});

describe("isBrokenPipe", () => {
  it("recognises EPIPE only", () => {
    expect(isBrokenPipe(epipe())).toBe(true);
    expect(isBrokenPipe(new Error("EPIPE in a message is not a code"))).toBe(false);
    expect(isBrokenPipe(null)).toBe(false);
    expect(isBrokenPipe({ code: "ECONNRESET" })).toBe(false);
  });
});
