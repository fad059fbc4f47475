import { Center, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** The frame of the signed-out pages (sign-in, first-run setup): a centred card under MDL's name. */
export function AuthLayout({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Center mih="100vh" p="md" bg="gray.0" component="main">
      <Stack w="100%" maw={420} gap="md">
        <Stack gap={0} align="center">
          <Text fw={800} size="xl" c="blue.9">MDL</Text>
          <Text size="sm" c="gray.7">Metrics Definition Library</Text>
        </Stack>
        <Paper withBorder shadow="sm" p="lg" radius="md">
          <Title order={1} size="h3" mb="md">{title}</Title>
          {children}
        </Paper>
      </Stack>
    </Center>
  );
}
