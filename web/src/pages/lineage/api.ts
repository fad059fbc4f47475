import { api, unwrap } from '../../api/client.js';
import type { paths } from '../../api/schema.js';

type LineagePath = paths['/api/v1/metrics/{id}/lineage']['get'];
export type Lineage = LineagePath['responses'][200]['content']['application/json'];
export type LineageNode = Lineage['nodes'][number];
export type LineageEdge = Lineage['edges'][number];
export type Direction = Lineage['direction'];

export const fetchLineage = (id: string, depth: number, direction: Direction) =>
  unwrap(api.GET('/api/v1/metrics/{id}/lineage', { params: { path: { id }, query: { depth, direction } } }));
