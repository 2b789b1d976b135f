/** @module Light and dark themes: saved in localStorage, applied as `<html data-theme>`. */
import { useCallback, useState } from "react";

export type Theme = "light" | "dark";
const STORAGE_KEY = "steward-theme";

function currentTheme(): Theme {
  return document.documentElement.dataset.theme === "dark" ? "dark" : "light";
}

/** The active theme and a toggle that remembers the choice. */
export function useTheme(): [Theme, () => void] {
  const [theme, setTheme] = useState<Theme>(currentTheme);
  const toggle = useCallback(() => {
    const next: Theme = currentTheme() === "dark" ? "light" : "dark";
    document.documentElement.dataset.theme = next;
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Private windows may refuse storage; the theme still applies for this visit.
    }
    setTheme(next);
  }, []);
  return [theme, toggle];
}
