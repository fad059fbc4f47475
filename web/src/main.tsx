import '@mantine/core/styles.css';
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { setSessionEndedHandler } from './api/client.js';
import { signInPath } from './app/next.js';
import { createRouter } from './app/router.js';
import { cssVariablesResolver, theme } from './app/theme.js';

/**
 * The server puts a fresh nonce in this meta per response (src/http/dashboard.ts); Mantine gives it to
 * the <style> elements it creates, which the CSP admits by that nonce only. Browsers hide a nonce
 * attribute's value from getAttribute; the `nonce` property still holds it.
 */
const nonce = document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.nonce ?? '';

const queryClient = new QueryClient({
  defaultOptions: { queries: { staleTime: 30_000, refetchOnWindowFocus: false, retry: 1 } },
});
const router = createRouter();

// A session that ends mid-way (expired, revoked elsewhere) goes to sign-in, then back to this page.
setSessionEndedHandler(() => {
  const here = window.location.pathname + window.location.search;
  if (window.location.pathname === '/sign-in' || window.location.pathname === '/setup') return;
  queryClient.clear();
  void router.navigate(signInPath(here), { replace: true });
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light" getStyleNonce={() => nonce}>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
