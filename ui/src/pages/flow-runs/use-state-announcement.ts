/**
 * @module What the run page's live region says when the run changes state while the page is open:
 * "The flow run is now Completed." Nothing on first load (the page shows the state already).
 */
import { useEffect, useRef, useState } from "react";

/** The announcement for a run (`noun`) whose state is now `stateName`. */
export function useStateAnnouncement(noun: string, stateName: string | null): string {
  const [message, setMessage] = useState("");
  const previous = useRef(stateName);
  useEffect(() => {
    if (stateName === previous.current) return;
    previous.current = stateName;
    if (stateName) setMessage(`The ${noun} is now ${stateName}.`);
  }, [noun, stateName]);
  return message;
}
