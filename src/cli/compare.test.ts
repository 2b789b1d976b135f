import { describe, expect, it } from "vitest";
import { byNumber, byText, byTime, sortedBy, thenBy } from "./compare.js";

interface Item {
  id: string;
  name: string;
  at: string | null;
  n: number | null;
}

const items: Item[] = [
  { id: "1", name: "b", at: "2025-01-02T00:00:00.000Z", n: 2 },
  { id: "2", name: "a", at: null, n: null },
  { id: "3", name: "c", at: "2025-01-01T00:00:00.000Z", n: 1 },
  { id: "4", name: "a", at: "2025-01-03T00:00:00.000Z", n: 3 },
];
const ids = (list: Item[]) => list.map((item) => item.id);

describe("comparators", () => {
  it("sort texts both ways", () => {
    expect(
      ids(
        sortedBy(
          items,
          thenBy(
            byText((i) => i.name),
            byText((i) => i.id),
          ),
        ),
      ),
    ).toEqual(["2", "4", "1", "3"]);
    expect(
      ids(
        sortedBy(
          items,
          thenBy(
            byText((i) => i.name, "desc"),
            byText((i) => i.id, "desc"),
          ),
        ),
      ),
    ).toEqual(["3", "1", "4", "2"]);
  });

  it("sort times and numbers with missing values last in either direction", () => {
    expect(
      ids(
        sortedBy(
          items,
          byTime((i) => i.at),
        ),
      ),
    ).toEqual(["3", "1", "4", "2"]);
    expect(
      ids(
        sortedBy(
          items,
          byTime((i) => i.at, "desc"),
        ),
      ),
    ).toEqual(["4", "1", "3", "2"]);
    expect(
      ids(
        sortedBy(
          items,
          byNumber((i) => i.n, "desc"),
        ),
      ),
    ).toEqual(["4", "1", "3", "2"]);
    expect(
      ids(
        sortedBy(
          items,
          byNumber((i) => i.n),
        ),
      ),
    ).toEqual(["3", "1", "4", "2"]);
  });

  it("leave the input as it was", () => {
    const copy = [...items];
    sortedBy(
      items,
      byText((i) => i.name),
    );
    expect(items).toEqual(copy);
  });
});
