import { Anchor, Box, Code, List, Text } from '@mantine/core';

/**
 * An http(s) URL as given, else null: a definition's links (dashboards, playbooks) become anchors only
 * then. `javascript:`, `data:` and anything unparsable stay plain text.
 */
export function safeHref(url: unknown): string | null {
  if (typeof url !== 'string' || url.length === 0) return null;
  try {
    const parsed = new URL(url.trim());
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** A link from a definition: an anchor for http(s), the text itself otherwise (never a script URL). */
export function ExternalLink({ url, label }: { url: string | null | undefined; label?: string | null }) {
  const href = safeHref(url);
  const text = label || url || '';
  if (!href) {
    return <Text span>{text}{label && url ? <Text span c="gray.7"> ({url}, not a web link)</Text> : null}</Text>;
  }
  return <Anchor href={href} target="_blank" rel="noopener noreferrer nofollow">{text}</Anchor>;
}

const MAX_DEPTH = 64;

/**
 * Free data (extensions, example calculations, filters) as a readable tree of text: keys in bold,
 * scalars as JSON literals. React escapes every string; nothing is parsed as markup.
 */
export function JsonTree({ value, label }: { value: unknown; label?: string }) {
  return <Box aria-label={label} role={label ? 'group' : undefined}><Node value={value} depth={0} /></Box>;
}

function Node({ value, depth }: { value: unknown; depth: number }) {
  if (value === null || typeof value !== 'object') return <Code>{JSON.stringify(value) ?? String(value)}</Code>;
  if (depth >= MAX_DEPTH) return <Code>…</Code>;
  const entries: Array<[string, unknown]> = Array.isArray(value) ? value.map((v, i) => [`[${i}]`, v]) : Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return <Code>{Array.isArray(value) ? '[]' : '{}'}</Code>;
  return (
    <List size="sm" listStyleType="none" withPadding={depth > 0} spacing={2}>
      {entries.map(([k, v]) => (
        <List.Item key={k}>
          <Text span fw={600}>{k}</Text><Text span>: </Text>
          <Node value={v} depth={depth + 1} />
        </List.Item>
      ))}
    </List>
  );
}
