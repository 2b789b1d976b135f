import { describe, expect, it } from "vitest";
import { RUN_NAME_WORDS, randomRunName } from "./names.js";

/** A `random` that returns `values` in turn. */
const sequence = (...values: number[]) => {
  let index = 0;
  return () => values[index++ % values.length] ?? 0;
};

describe("randomRunName", () => {
  it("joins an adjective and an animal", () => {
    expect(randomRunName(sequence(0, 0))).toBe(
      `${RUN_NAME_WORDS.adjectives[0]}-${RUN_NAME_WORDS.animals[0]}`,
    );
    expect(randomRunName(sequence(0.999, 0.999))).toBe(
      `${RUN_NAME_WORDS.adjectives.at(-1)}-${RUN_NAME_WORDS.animals.at(-1)}`,
    );
  });

  it.each([1, -0.5, Number.NaN])("still picks words when random returns %d", (value) => {
    expect(randomRunName(() => value)).toMatch(/^[a-z]+-[a-z]+$/);
  });

  it("is a lowercase two-word slug with Math.random", () => {
    for (let i = 0; i < 50; i += 1) expect(randomRunName()).toMatch(/^[a-z]+-[a-z]+$/);
  });

  it("has about a hundred distinct, lowercase words in each list", () => {
    for (const words of [RUN_NAME_WORDS.adjectives, RUN_NAME_WORDS.animals]) {
      expect(words.length).toBeGreaterThanOrEqual(100);
      expect(new Set(words).size).toBe(words.length);
      for (const word of words) expect(word).toMatch(/^[a-z]+$/);
    }
  });
});
