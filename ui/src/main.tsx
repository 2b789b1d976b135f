/** @module Entry point of the web UI. */
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { RouterProvider } from "react-router";
import { FALLBACK_REFETCH_MS } from "./api/live.js";
import { router } from "./app/router.js";
import "./styles.css";

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Fresh data comes from the change stream; the interval only covers what it cannot see.
      staleTime: 2_000,
      refetchInterval: FALLBACK_REFETCH_MS,
      retry: 1,
    },
  },
});

createRoot(document.getElementById("root") as HTMLElement).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
