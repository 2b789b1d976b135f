/**
 * @module The phone-width menu: below the layout's breakpoint the sidebar's links and footer fold
 * behind a Menu button (a disclosure: `aria-expanded`, `aria-controls`). Escape closes it and puts
 * focus back on the button; following a link closes it, so the new page is not hidden behind it.
 */
import { useEffect, useRef, useState } from "react";
import { useLocation } from "react-router";

/** Whether the menu is open, and the button that opens and closes the element `controls`. */
export function useMenu(controls: string) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const { pathname, search } = useLocation();

  useEffect(() => setOpen(false), [pathname, search]);
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [open]);

  const menuButton = (
    <button
      ref={button}
      type="button"
      className="menu-button"
      aria-expanded={open}
      aria-controls={controls}
      onClick={() => setOpen((was) => !was)}
    >
      <span aria-hidden className="menu-icon">
        {open ? "✕" : "☰"}
      </span>
      Menu
    </button>
  );
  return { open, menuButton };
}
