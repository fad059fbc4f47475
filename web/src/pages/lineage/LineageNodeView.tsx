import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import type { LineageNode } from './api.js';
import { KIND_LABEL } from './graph.js';

export type LineageFlowNode = Node<{ node: LineageNode; isRoot: boolean; href: string | null }, 'lineage'>;

/**
 * One box of the graph. Its kind is written in it (and has its own shape: a metric is a card, a
 * domain a pill, an objective square-cornered with a bar, a key result dotted); an unresolved
 * reference says so in words; the root says "This metric". Every string is text.
 */
export function LineageNodeView({ data }: NodeProps<LineageFlowNode>) {
  const { node, isRoot } = data;
  const classes = ['mdl-lineage-node', `mdl-lineage-${node.type}`, node.unresolved ? 'is-unresolved' : '', isRoot ? 'is-root' : ''].filter(Boolean).join(' ');
  const facts = node.type === 'metric' && !node.unresolved ? [node.status, node.tier].filter(Boolean).join(' · ') : node.type === 'key_result' ? `of ${node.objective_id ?? ''}` : '';
  return (
    <div className={classes} data-testid="lineage-node" data-key={node.key}>
      <Handle type="target" position={Position.Left} isConnectable={false} className="mdl-lineage-handle" />
      <div className="mdl-lineage-kind">{isRoot ? 'This metric' : KIND_LABEL[node.type]}{node.unresolved ? ' · unresolved' : ''}</div>
      <div className="mdl-lineage-name" title={node.name ?? node.id}>{node.unresolved ? node.id : node.name ?? node.id}</div>
      <div className="mdl-lineage-facts">{node.unresolved ? 'names nothing in this workspace' : [node.id, facts].filter(Boolean).join(' · ')}</div>
      <Handle type="source" position={Position.Right} isConnectable={false} className="mdl-lineage-handle" />
    </div>
  );
}
