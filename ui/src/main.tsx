/** @module Entry point of the web UI. */
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { RouterProvider } from "react-router";
import { isApiError } from "./api/client.js";
import { FALLBACK_REFETCH_MS } from "./api/live.js";
import { NewKeyProvider } from "./app/new-key.js";
import { router } from "./app/router.js";
import { SessionProvider } from "./app/session.js";
import "./styles.css";

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Fresh data comes from the change stream; the interval only covers what it cannot see.
      staleTime: 2_000,
      refetchInterval: FALLBACK_REFETCH_MS,
      // Once, except when asking again cannot help: signed out (401) or not allowed (403).
      retry: (failures, error) => failures < 1 && !isApiError(error, 401) && !isApiError(error, 403),
    },
  },
});

createRoot(document.getElementById("root") as HTMLElement).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <SessionProvider>
        <NewKeyProvider>
          <RouterProvider router={router} />
        </NewKeyProvider>
      </SessionProvider>
    </QueryClientProvider>
  </StrictMode>,
);
