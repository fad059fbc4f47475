/// <reference lib="dom" />
/**
 * jsdom lacks what Mantine reads at render: matchMedia (colour scheme, breakpoints) and ResizeObserver.
 * Loaded before each dashboard component test (vitest.config.ts, project "web").
 */
if (!window.matchMedia) {
  window.matchMedia = (query: string) => ({
    matches: false, media: query, onchange: null,
    addListener: () => {}, removeListener: () => {}, addEventListener: () => {}, removeEventListener: () => {}, dispatchEvent: () => false,
  }) as MediaQueryList;
}
if (!('ResizeObserver' in window)) {
  (window as unknown as { ResizeObserver: unknown }).ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
}
