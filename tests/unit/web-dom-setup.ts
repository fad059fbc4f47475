/// <reference lib="dom" />
/**
 * jsdom lacks what Mantine reads at render: matchMedia (colour scheme, breakpoints) and ResizeObserver.
 * A setup file of every test file (vitest.config.ts); it acts only in the jsdom ones (the component tests).
 */
if (typeof window !== 'undefined' && !window.matchMedia) {
  window.matchMedia = (query: string) => ({
    matches: false, media: query, onchange: null,
    addListener: () => {}, removeListener: () => {}, addEventListener: () => {}, removeEventListener: () => {}, dispatchEvent: () => false,
  }) as MediaQueryList;
}
if (typeof window !== 'undefined' && !('ResizeObserver' in window)) {
  (window as unknown as { ResizeObserver: unknown }).ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
}
