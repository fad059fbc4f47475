import { createTheme } from '@mantine/core';

/** MDL's look: the docs' navy as the primary colour; contrast checked by axe in tests/e2e. */
export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: 8,
  defaultRadius: 'md',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
});
