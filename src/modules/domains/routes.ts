import type { FastifyInstance } from 'fastify';
import { multiValue } from '../../http/list-query.js';
import type { EntityService } from '../catalog/entity-service.js';
import { registerEntityRoutes } from '../catalog/routes.js';
import type { DomainFilter } from './kind.js';
import { domainSchema, type Domain } from './schema.js';

export function registerDomainRoutes(app: FastifyInstance, service: EntityService<Domain, DomainFilter>): void {
  registerEntityRoutes(app, {
    path: '/domains', tag: 'domains', service, schema: domainSchema,
    filterQuery: { owner: multiValue }, toFilter: (q) => q as DomainFilter,
  });
}
