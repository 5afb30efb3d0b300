import {
  AuditorService,
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import { ExternalSecretsService } from '../service/types';
import { parseHistoryRequest } from './request/parseHistoryRequest';
import { parseOverviewRequest } from './request/parseOverviewRequest';
import { parseReportRequest } from './request/parseReportRequest';
import { parseSyncRequest } from './request/parseSyncRequest';

export interface RouterOptions {
  service: ExternalSecretsService;
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  logger: LoggerService;
}

/**
 * Thin routes (contract: src/schema/openapi.yaml): parse, read credentials, call the service.
 * Errors from @backstage/errors become JSON responses through the plugin's error handler.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { service, httpAuth, auditor, logger } = options;
  const router = Router();
  router.use(express.json({ limit: '16kb' }));

  router.get('/v1/report', async (req, res) => {
    const { entityRef } = parseReportRequest(req.query);
    const credentials = await httpAuth.credentials(req);
    res.json(await service.getReport(entityRef, { credentials }));
  });

  router.get('/v1/overview', async (req, res) => {
    const query = parseOverviewRequest(req.query);
    const credentials = await httpAuth.credentials(req);
    res.json(await service.getOverview(query, { credentials }));
  });

  router.get('/v1/history', async (req, res) => {
    const query = parseHistoryRequest(req.query);
    const credentials = await httpAuth.credentials(req);
    res.json(await service.getHistory(query, { credentials }));
  });

  router.post('/v1/sync', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const request = parseSyncRequest(req.body);
    const event = await auditor.createEvent({
      eventId: 'external-secret-sync',
      severityLevel: 'medium',
      request: req,
      meta: { ...request },
    });
    try {
      const result = await service.requestSync(request, { credentials });
      await event.success({ meta: { annotated: { ...result.annotated } } });
      logger.info(
        `Sync of ExternalSecret ${request.namespace}/${
          request.name
        } in cluster ${request.cluster} requested by ${principalOf(
          credentials,
        )}`,
      );
      res.status(202).json(result);
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  });

  return router;
}

function principalOf(credentials: { principal: unknown }): string {
  const principal = credentials.principal as {
    type?: string;
    userEntityRef?: string;
    subject?: string;
  };
  return (
    principal.userEntityRef ?? principal.subject ?? principal.type ?? 'unknown'
  );
}
