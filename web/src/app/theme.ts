import { Alert, createTheme, NavLink, type CSSVariablesResolver } from '@mantine/core';

/**
 * MDL's look: the docs' navy family as the primary colour. Text on tinted backgrounds uses the body
 * colour (Mantine's light-variant titles are too pale for WCAG AA); axe checks contrast in web/e2e.
 */
export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: 8,
  defaultRadius: 'md',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  components: {
    Alert: Alert.extend({ styles: { title: { color: 'var(--mantine-color-text)' } } }),
    // The active view: white on the primary colour (the light variant's blue on pale blue is under 4.5:1).
    NavLink: NavLink.extend({ defaultProps: { variant: 'filled' } }),
  },
});

/**
 * Mantine's "dimmed" grey (gray.6) is 3.3:1 on white: secondary text uses gray.7 (8:1) instead. Its
 * error red (red.6) is 3.3:1 too: field errors everywhere use red.9 (5.6:1).
 */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)', '--mantine-color-error': 'var(--mantine-color-red-9)' },
  dark: {},
});
