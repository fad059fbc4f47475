import type { FastifyInstance } from 'fastify';
import { multiValue } from '../../http/list-query.js';
import type { EntityService } from '../catalog/entity-service.js';
import { registerEntityRoutes } from '../catalog/routes.js';
import type { ObjectiveFilter } from './kind.js';
import { objectiveSchema, type Objective } from './schema.js';

export function registerObjectiveRoutes(app: FastifyInstance, service: EntityService<Objective, ObjectiveFilter>): void {
  registerEntityRoutes(app, {
    path: '/objectives', tag: 'objectives', service, schema: objectiveSchema,
    filterQuery: { status: multiValue, owner: multiValue, domain: multiValue }, toFilter: (q) => q as ObjectiveFilter,
  });
}
