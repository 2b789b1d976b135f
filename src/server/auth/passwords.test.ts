import { randomBytes, scryptSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hashPassword, SCRYPT_PARAMS, verifyPassword } from "./passwords.js";

describe("passwords", () => {
  it("hashes into scrypt$N$r$p$salt$hash with a fresh salt each time, and verifies", async () => {
    const password = "correct horse battery staple";
    const [first, second] = await Promise.all([hashPassword(password), hashPassword(password)]);
    expect(first).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(SCRYPT_PARAMS).toEqual({ N: 32768, r: 8, p: 1 });
    expect(first).not.toBe(second);
    expect(first).not.toContain(password);
    expect(await verifyPassword(password, first)).toBe(true);
    expect(await verifyPassword(password, second)).toBe(true);
    expect(await verifyPassword(`${password}!`, first)).toBe(false);
    expect(await verifyPassword("", first)).toBe(false);
  });

  it("treats the NFC and NFD spellings of a password as the same password", async () => {
    const stored = await hashPassword("p\u00e4ssword-long-enough");
    expect(await verifyPassword("pa\u0308ssword-long-enough", stored)).toBe(true);
  });

  it("never matches an unknown user (checked against a dummy hash) or a malformed stored hash", async () => {
    expect(await verifyPassword("anything at all", undefined)).toBe(false);
    const stored = await hashPassword("a password of some length");
    const [, , r, p, salt, hash] = stored.split("$");
    expect(await verifyPassword("a password of some length", "plain text")).toBe(false);
    // A tampered cost (huge, or not a power of two) is refused rather than computed.
    expect(
      await verifyPassword("a password of some length", `scrypt$${2 ** 24}$${r}$${p}$${salt}$${hash}`),
    ).toBe(false);
    expect(await verifyPassword("a password of some length", `scrypt$1000$${r}$${p}$${salt}$${hash}`)).toBe(
      false,
    );
    // A hash made with other (valid) parameters still verifies: the string describes itself.
    const cheaperSalt = randomBytes(16);
    const cheaper = scryptSync("a password of some length", cheaperSalt, 32, { N: 2 ** 14, r: 8, p: 1 });
    const older = `scrypt$16384$8$1$${cheaperSalt.toString("base64url")}$${cheaper.toString("base64url")}`;
    expect(await verifyPassword("a password of some length", older)).toBe(true);
    expect(await verifyPassword("another password of length", older)).toBe(false);
  });

  it("costs about the same for an unknown user as for a wrong password", async () => {
    const stored = await hashPassword("the real password here");
    await verifyPassword("warm up", undefined);
    const time = async (check: () => Promise<boolean>) => {
      const started = performance.now();
      for (let i = 0; i < 3; i++) await check();
      return performance.now() - started;
    };
    const wrong = await time(() => verifyPassword("a wrong password!!", stored));
    const unknown = await time(() => verifyPassword("a wrong password!!", undefined));
    // Both run one full scrypt per check; a skipped hash would be hundreds of times faster.
    expect(unknown).toBeGreaterThan(wrong / 4);
    expect(wrong).toBeGreaterThan(unknown / 4);
  });

  it("never blocks the event loop while hashing", async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    await Promise.all([hashPassword("one password here"), hashPassword("two password here")]);
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(0);
  });
});
