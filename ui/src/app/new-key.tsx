/**
 * @module A newly created API key, shown once. It lives here, above the router and outside React
 * Query, only while its dialog is open: when the first key turns auth on, the app's next request
 * answers 401 and the login page replaces every page, but the key stays on screen so that the
 * person can copy it and sign in with it. Nothing stores it anywhere else.
 */
import { createContext, type ReactNode, useContext, useState } from "react";
import { type NewKey, NewKeyDialog } from "./new-key-dialog.js";

export type { NewKey };

const ShowNewKey = createContext<((key: NewKey) => void) | null>(null);

/** Holds the key being shown and renders its dialog over whatever page is open. */
export function NewKeyProvider({ children }: { children: ReactNode }) {
  const [shown, setShown] = useState<NewKey | null>(null);
  return (
    <ShowNewKey.Provider value={setShown}>
      {children}
      {shown && <NewKeyDialog newKey={shown} onClose={() => setShown(null)} />}
    </ShowNewKey.Provider>
  );
}

/** Shows a new key in the one-time dialog (inside {@link NewKeyProvider}). */
export function useShowNewKey(): (key: NewKey) => void {
  const show = useContext(ShowNewKey);
  if (!show) throw new Error("useShowNewKey needs a <NewKeyProvider> above it");
  return show;
}
