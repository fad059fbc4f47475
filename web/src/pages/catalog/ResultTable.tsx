import { Box } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import type { MetricItem } from './api.js';
import { COLUMN_LABELS, type Column } from './url-state.js';

const ROW = 40;
/** Rows are plain elements (no Mantine components per cell): a page of results renders in one cheap pass. */
const BADGE = { border: '1px solid var(--mantine-color-gray-7)', borderRadius: 4, padding: '1px 6px', fontSize: 12 } as const;
const LINK = { color: 'var(--mantine-color-blue-8)', textDecoration: 'underline' } as const;

/** A cell's text (or text badge): every value rendered as text, never as markup. */
export function cellOf(m: MetricItem, c: Column): ReactNode {
  const g = m.governance ?? {};
  switch (c) {
    case 'name': return m.name;
    case 'tier': return m.tier ?? '';
    case 'business_domain': return m.business_domain ?? '';
    case 'metric_type': return m.metric_type ?? '';
    case 'status': return g.status ? <span style={BADGE}>{g.status}</span> : '';
    case 'owner_team': return g.owner_team ?? '';
    case 'data_classification': return g.data_classification ? <span style={BADGE}>{g.data_classification}</span> : '';
    case 'tags': return (m.tags ?? []).join(', ');
    case 'unit': return m.definition?.unit ?? '';
    case 'updated_at': return g.updated_at ? new Date(g.updated_at).toLocaleString() : '';
  }
}

/**
 * The result rows, virtualised: only the rows in view are in the DOM, so a 100-row page stays cheap.
 * ARIA table roles carry the structure (rowcount/rowindex say where each rendered row sits); the id cell
 * is a real link (Tab + Enter), and a click or Enter anywhere on a focused row opens the metric too.
 */
export const ResultTable = memo(function ResultTable({ items, columns }: { items: MetricItem[]; columns: Column[] }) {
  const scroller = useRef<HTMLDivElement>(null);
  const navigate = useNavigate();
  const virtual = useVirtualizer({ count: items.length, getScrollElement: () => scroller.current, estimateSize: () => ROW, overscan: 5, initialRect: { width: 1000, height: 600 } });
  // Columns share the width (text ellipsised), so header and rows never scroll apart sideways.
  const template = `minmax(0, 1.2fr) ${columns.map((c) => (c === 'name' ? 'minmax(0, 2fr)' : 'minmax(0, 1fr)')).join(' ')}`;
  const open = (m: MetricItem) => navigate(`/metrics/${encodeURIComponent(m.metric_id)}`);
  const onKey = (e: KeyboardEvent<HTMLDivElement>, m: MetricItem) => {
    if (e.key === 'Enter' && e.target === e.currentTarget) open(m);
  };
  const cell = { padding: '0 8px', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' } as const;

  return (
    <Box role="table" aria-label="Metrics" aria-rowcount={items.length + 1} style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8 }}>
      <div role="rowgroup">
        <div role="row" aria-rowindex={1} style={{ display: 'grid', gridTemplateColumns: template, alignItems: 'center', height: ROW, background: 'var(--mantine-color-gray-1)', fontWeight: 600, fontSize: 14 }}>
          <div role="columnheader" style={cell}>Id</div>
          {columns.map((c) => <div role="columnheader" key={c} style={cell}>{COLUMN_LABELS[c]}</div>)}
        </div>
      </div>
      <div ref={scroller} role="rowgroup" data-testid="catalog-rows" style={{ height: 'min(60vh, 640px)', overflow: 'auto' }}>
        <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
          {virtual.getVirtualItems().map((v) => {
            const m = items[v.index]!;
            return (
              <div key={m.metric_id} role="row" aria-rowindex={v.index + 2} tabIndex={-1} data-metric-id={m.metric_id}
                onClick={(e) => { if (!(e.target as HTMLElement).closest('a')) open(m); }} onKeyDown={(e) => onKey(e, m)}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW, transform: `translateY(${v.start}px)`, display: 'grid', gridTemplateColumns: template, alignItems: 'center', cursor: 'pointer', borderTop: '1px solid var(--mantine-color-gray-2)', fontSize: 14 }}>
                <div role="cell" style={cell}>
                  <Link to={`/metrics/${encodeURIComponent(m.metric_id)}`} style={LINK}>{m.metric_id}</Link>
                </div>
                {columns.map((c) => {
                  const v = cellOf(m, c);
                  return <div role="cell" key={c} style={cell} title={typeof v === 'string' && v !== '' ? v : undefined}>{v}</div>;
                })}
              </div>
            );
          })}
        </div>
      </div>
    </Box>
  );
});
