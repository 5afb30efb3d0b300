import {
  AuditorService,
  AuditorServiceEvent,
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  isError,
  NotAllowedError,
  NotFoundError,
  NotImplementedError,
  NotModifiedError,
  AuthenticationError,
  ServiceUnavailableError,
} from '@backstage/errors';
import express, { ErrorRequestHandler, RequestHandler } from 'express';
import { createOpenApiRouter, spec } from '../schema/openapi';
import { ExternalSecretsService } from '../service/types';
import { escapeForLog } from './escapeForLog';

export interface RouterOptions {
  service: ExternalSecretsService;
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  logger: LoggerService;
}

/** Overview and history paging when the query leaves it out (the contract's defaults). */
const OVERVIEW_DEFAULTS = { offset: 0, limit: 50 };
const HISTORY_DEFAULT_LIMIT = 100;
const TIMELINE_DEFAULT_DAYS = 30;

const SYNC_PATH = '/v1/sync';
const SYNC_AUDIT = 'syncAudit';

/** Errors whose message is written for the caller and whose status says what went wrong. */
const CLIENT_ERRORS = new Set([
  InputError.name,
  AuthenticationError.name,
  NotAllowedError.name,
  NotFoundError.name,
  ConflictError.name,
  NotModifiedError.name,
  NotImplementedError.name,
  ServiceUnavailableError.name,
]);

/**
 * The routes of src/schema/openapi.yaml, the one contract: the router generated from it
 * (`backstage-repo-tools package schema openapi generate --server`) validates every request
 * against it (types, patterns, lengths, integer paging, unknown query parameters and body
 * properties: 400), and a method a path does not have answers 405 with `Allow`. Handlers only
 * read credentials and call the service. Every sync request is audited, refused ones included.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { service, httpAuth, auditor, logger } = options;

  const startSyncAudit = (
    req: express.Request,
    res: express.Response,
  ): Promise<AuditorServiceEvent> => {
    const existing = res.locals[SYNC_AUDIT] as
      | Promise<AuditorServiceEvent>
      | undefined;
    if (existing) return existing;
    const event = auditor.createEvent({
      eventId: 'external-secret-sync',
      severityLevel: 'medium',
      request: req,
      meta: syncTarget(req.body),
    });
    res.locals[SYNC_AUDIT] = event;
    return event;
  };

  const router = await createOpenApiRouter({
    // Credentials are checked by Backstage (the plugin's auth policy and httpAuth: 401), not by
    // the validator, which would only look for an Authorization header.
    validatorOptions: { validateSecurity: false },
    // Runs before the OpenAPI validation, so refused sync requests are audited too.
    middleware: [
      jsonBody(),
      methodNotAllowed(),
      decimalIntegers(),
      (req, res, next) => {
        if (isSyncRequest(req)) {
          startSyncAudit(req, res).then(() => next(), next);
        } else {
          next();
        }
      },
    ],
  });

  router.get('/v1/report', async (req, res) => {
    // The pattern checked the shape; this only normalises (case, default namespace).
    const entityRef = stringifyEntityRef(parseEntityRef(req.query.entityRef));
    const credentials = await httpAuth.credentials(req);
    res.json(await service.getReport(entityRef, { credentials }));
  });

  router.get('/v1/overview', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const query = {
      ...req.query,
      offset: req.query.offset ?? OVERVIEW_DEFAULTS.offset,
      limit: req.query.limit ?? OVERVIEW_DEFAULTS.limit,
    };
    res.json(await service.getOverview(query, { credentials }));
  });

  router.get('/v1/history', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const query = {
      ...req.query,
      limit: req.query.limit ?? HISTORY_DEFAULT_LIMIT,
    };
    res.json(await service.getHistory(query, { credentials }));
  });

  router.get('/v1/timeline', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const query = {
      ...req.query,
      days: req.query.days ?? TIMELINE_DEFAULT_DAYS,
    };
    res.json(await service.getTimeline(query, { credentials }));
  });

  router.get('/v1/findings-over-time', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const days = req.query.days ?? TIMELINE_DEFAULT_DAYS;
    res.json(await service.getFindingsOverTime({ days }, { credentials }));
  });

  router.post(SYNC_PATH, async (req, res) => {
    const event = await startSyncAudit(req, res);
    const credentials = await httpAuth.credentials(req);
    const { cluster, namespace, name } = req.body;
    const result = await service.requestSync(
      { cluster, namespace, name },
      { credentials },
    );
    delete res.locals[SYNC_AUDIT];
    await event.success({ meta: { annotated: { ...result.annotated } } });
    logger.info(
      `Sync of ExternalSecret ${escapeForLog(namespace)}/${escapeForLog(
        name,
      )} in cluster ${escapeForLog(cluster)} requested by ${escapeForLog(
        principalOf(credentials),
      )}`,
    );
    res.status(202).json(result);
  });

  const handleErrors: ErrorRequestHandler = (rawError, req, res, next) => {
    const error = toClientError(rawError, logger);
    if (!isSyncRequest(req)) {
      next(error);
      return;
    }
    startSyncAudit(req, res)
      .then(event => event.fail({ error }))
      .catch(auditError =>
        logger.error(
          `Could not audit a refused sync request: ${escapeForLog(auditError)}`,
        ),
      )
      .finally(() => {
        delete res.locals[SYNC_AUDIT];
        next(error);
      });
  };
  router.use(handleErrors);

  return router;
}

function isSyncRequest(req: express.Request): boolean {
  return req.method === 'POST' && req.path === SYNC_PATH;
}

/** The ExternalSecret a sync body names, as far as it is readable, for the audit log. */
function syncTarget(body: unknown): Record<string, string> {
  const target: Record<string, string> = {};
  if (body && typeof body === 'object') {
    for (const key of ['cluster', 'namespace', 'name']) {
      const value = (body as Record<string, unknown>)[key];
      if (value !== undefined) target[key] = escapeForLog(value);
    }
  }
  return target;
}

/**
 * JSON bodies up to 16 kB. A body that is not JSON is a 400 that says so (the parser's own
 * message would otherwise reach the caller through the validator's error handler).
 */
function jsonBody(): RequestHandler {
  const parse = express.json({ limit: '16kb' });
  return (req, res, next) =>
    parse(req, res, error => {
      if (
        (error as { type?: string } | undefined)?.type === 'entity.parse.failed'
      ) {
        next(new InputError('Invalid request body: it is not valid JSON'));
      } else {
        next(error);
      }
    });
}

/**
 * 405 with `Allow` for a path of the contract asked with a method it does not have (the
 * validator lets such requests through to a 404 otherwise).
 */
function methodNotAllowed(): RequestHandler {
  const allowed = new Map<string, string[]>(
    Object.entries(spec.paths).map(([path, item]) => [
      path,
      Object.keys(item).map(method => method.toUpperCase()),
    ]),
  );
  return (req, res, next) => {
    const methods = allowed.get(req.path);
    if (
      !methods ||
      methods.includes(req.method) ||
      (req.method === 'HEAD' && methods.includes('GET'))
    ) {
      next();
      return;
    }
    res
      .status(405)
      .set('Allow', methods.join(', '))
      .json({
        error: {
          name: 'MethodNotAllowedError',
          message: `${req.method} is not allowed on ${
            req.path
          }; allowed: ${methods.join(', ')}`,
        },
        request: { method: req.method, url: req.originalUrl },
        response: { statusCode: 405 },
      });
  };
}

/**
 * Integer query parameters of the contract must be written in decimal digits. The validator
 * turns query strings into numbers with `Number()` before checking `type: integer`, which
 * takes `1e2`, `0x10`, `5.0`, `05` and ` 5`; OpenAPI has no way to forbid that (a `pattern`
 * does not apply to integers), so this one rule is checked here, for exactly the parameters
 * the contract declares as integers.
 */
function decimalIntegers(): RequestHandler {
  const integers = new Map<string, string[]>();
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const names = (
        (operation as { parameters?: readonly unknown[] }).parameters ?? []
      ).flatMap(parameter => {
        const { name, schema } = parameter as {
          name: string;
          in: string;
          schema?: { type?: string };
        };
        return schema?.type === 'integer' ? [name] : [];
      });
      if (names.length) integers.set(`${method.toUpperCase()} ${path}`, names);
    }
  }
  return (req, _res, next) => {
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    for (const name of integers.get(`${method} ${req.path}`) ?? []) {
      const value = req.query[name];
      if (value === undefined) continue;
      if (typeof value !== 'string' || !/^(0|[1-9][0-9]{0,9})$/.test(value)) {
        next(
          new InputError(
            `Invalid query parameter '${name}': it must be a whole number written in decimal digits, such as 20`,
          ),
        );
        return;
      }
    }
    next();
  };
}

/** What each pattern-checked field must look like, from the contract's schema descriptions. */
const FIELD_RULES: Record<string, string | undefined> = {
  entityRef: spec.components.schemas.EntityRef.description,
  owner: spec.components.schemas.OwnerRef.description,
  cluster: spec.components.schemas.ClusterName.description,
  namespace: spec.components.schemas.NamespaceName.description,
  name: spec.components.schemas.ObjectName.description,
};

/** The validator names a refused pattern by the regular expression; say what it means instead. */
function explainPatterns(message: string): string {
  return message.replace(
    /request\/(query|body)\/(\w+) must match pattern "[^"]*"/g,
    (whole, where: string, field: string) => {
      const rule = FIELD_RULES[field]?.trim();
      return rule
        ? `request/${where}/${field} must be ${rule
            .charAt(0)
            .toLowerCase()}${rule.slice(1)}`
        : whole;
    },
  );
}

/**
 * What the caller may see of an error. Errors written for callers pass unchanged; a body the
 * JSON parser refused becomes a 400; anything else (a failing catalog or permission backend,
 * whose messages and causes carry internal URLs and stacks) is logged here and answered
 * with a message that names no internals.
 */
function toClientError(rawError: unknown, logger: LoggerService): Error {
  const error = isError(rawError) ? rawError : new Error(String(rawError));
  if (
    error.name === InputError.name &&
    /must match pattern/.test(error.message)
  ) {
    return new InputError(explainPatterns(error.message));
  }
  if (CLIENT_ERRORS.has(error.name)) return error;
  const status = (error as { status?: unknown }).status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return error; // body-parser refusals (413 too large, 415 charset): no internals
  }
  logger.error(
    `External Secrets request failed: ${escapeForLog(
      `${error.name}: ${error.message}`,
    )}`,
  );
  if (error.name === 'ResponseError' || error.name === 'FetchError') {
    return withoutStack(
      new ServiceUnavailableError(
        'The catalog or permission backend did not answer; try again shortly',
      ),
    );
  }
  return withoutStack(
    new Error('Internal error in the External Secrets backend; see its log'),
  );
}

function withoutStack<E extends Error>(error: E): E {
  delete error.stack;
  return error;
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
