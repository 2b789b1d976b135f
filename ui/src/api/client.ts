/**
 * @module The UI's one connection to the API: the typed client shared with the CLI and SDK, and
 * React Query hooks over it. Query keys are `[routeName, input]`, so a live change can refetch
 * everything on screen and two components asking for the same thing share one request.
 */
import {
  type QueryKey,
  useMutation,
  type UseMutationOptions,
  useQuery,
  type UseQueryOptions,
  useQueryClient,
} from "@tanstack/react-query";
import type { RouteName } from "../../../src/api/routes.js";
import { type CallInput, type ResponseOf, StewardClient } from "../../../src/client/client.js";
import { withSession } from "./session-fetch.js";

export { ApiError, isApiError } from "../../../src/client/errors.js";
export type { CallInput, ResponseOf };

/** The API of the server that served this page. */
export const apiUrl = `${window.location.origin}/api`;

/**
 * One quick retry: a person is waiting, and errors should show rather than spin. Requests carry
 * the session cookie and, on writes, its CSRF token (see session-fetch.ts).
 */
export const client = new StewardClient({
  apiUrl,
  fetch: withSession((input, init) => fetch(input, init)),
  retries: 1,
  timeoutMs: 30_000,
  unreachableHint: "Is `steward server start` still running?",
});

/** Calls a route (for event handlers; components read data with {@link useApi}). */
export function callApi<N extends RouteName>(name: N, input: CallInput<N> = {}): Promise<ResponseOf<N>> {
  return client.call(name, input);
}

/** The query key of one call. */
export function apiKey<N extends RouteName>(name: N, input: CallInput<N> = {}): QueryKey {
  return [name, input];
}

type ApiQueryOptions<N extends RouteName> = Omit<
  UseQueryOptions<ResponseOf<N>, Error, ResponseOf<N>, QueryKey>,
  "queryKey" | "queryFn"
>;

/**
 * Reads one route and keeps it fresh: refetched when the server reports a change (see live.ts).
 *
 * @example
 * const pools = useApi("filterWorkPools", { body: {} });
 * if (pools.data) …
 */
export function useApi<N extends RouteName>(
  name: N,
  input: CallInput<N> = {},
  options: ApiQueryOptions<N> = {},
) {
  return useQuery({
    queryKey: apiKey(name, input),
    queryFn: () => client.call(name, input),
    ...options,
  });
}

/**
 * A change through the API (create, pause, cancel, …). Everything on screen is refetched after it
 * succeeds; `mutation.error` holds the API's message when it fails.
 *
 * @example
 * const pause = useApiMutation("updateWorkPool");
 * pause.mutate({ params: { name }, body: { is_paused: true } });
 */
export function useApiMutation<N extends RouteName>(
  name: N,
  options: Omit<UseMutationOptions<ResponseOf<N>, Error, CallInput<N>>, "mutationFn"> = {},
) {
  const queryClient = useQueryClient();
  return useMutation({
    ...options,
    mutationFn: (input: CallInput<N>) => client.call(name, input),
    onSettled: async (...args) => {
      await queryClient.invalidateQueries();
      await options.onSettled?.(...args);
    },
  });
}
