import ELK from 'elkjs/lib/elk-api.js';
// The worker file as it ships (no eval, no blob: URL): Vite emits it under /assets, same origin, so
// the dashboard's CSP (script-src 'self', which worker-src falls back to) allows it.
import elkWorkerUrl from 'elkjs/lib/elk-worker.min.js?url';
import type { Lineage } from './api.js';
import { fromElkLayout, toElkGraph, type Positioned } from './graph.js';

let elk: InstanceType<typeof ELK> | undefined;

/** One ELK worker for the tab, started on the first layout (the layout runs off the main thread). */
function instance(): InstanceType<typeof ELK> {
  elk ??= new ELK({ workerUrl: elkWorkerUrl });
  return elk;
}

export interface Layout {
  positions: Positioned[];
  /** Milliseconds ELK took, as measured here (shown to the e2e test, not to users). */
  ms: number;
}

/** Lays a lineage out left to right (upstream on the left), in ELK's worker. */
export async function layoutLineage(g: Pick<Lineage, 'nodes' | 'edges'>): Promise<Layout> {
  const started = performance.now();
  const laid = await instance().layout(toElkGraph(g));
  return { positions: fromElkLayout(g, laid), ms: Math.round(performance.now() - started) };
}
