import { QueryClient } from '@tanstack/react-query';

/**
 * Query defaults for data that arrives by MQTT request/response and pushes: pushed data is
 * never stale on its own, requests are not retried blindly, and focus does not refetch.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: Infinity, retry: false, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
}
