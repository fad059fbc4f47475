import { Anchor, Button, Center, Stack, Text, Title } from '@mantine/core';
import { isRouteErrorResponse, Link, useRouteError } from 'react-router';

/**
 * A route that failed to render or to load its chunk (offline, or a new release replaced the files):
 * says so and offers a reload, instead of a blank screen. An address no route matches at all (the
 * router's patterns do not cross a newline, so `/%0A/x` escapes even the catch-all) is a 404, where a
 * reload cannot help: it says "Page not found", as the catch-all route would.
 */
export function RouteError() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) {
    return (
      <Center mih="60vh" component="main">
        <Stack align="center" maw={480} ta="center">
          <Title order={1} size="h3">Page not found</Title>
          <Text c="gray.7">There is no page at this address. <Anchor component={Link} to="/" underline="always">Go to the overview</Anchor>.</Text>
        </Stack>
      </Center>
    );
  }
  const chunk = error instanceof TypeError || (error instanceof Error && /dynamically imported module|Failed to fetch/i.test(error.message));
  return (
    <Center mih="60vh" component="main">
      <Stack align="center" maw={480} ta="center" role="alert">
        <Title order={1} size="h3">{chunk ? 'This page could not be loaded' : 'Something went wrong'}</Title>
        <Text c="gray.7">{chunk ? 'The server could not be reached, or MDL was updated. Reload to try again.' : 'The page failed to show. Reload to try again.'}</Text>
        <Button onClick={() => window.location.reload()}>Reload</Button>
      </Stack>
    </Center>
  );
}
