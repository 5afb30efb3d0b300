import { InfoCard, LinkButton, Progress } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import {
  countHealth,
  ExternalSecretStatus,
  Health,
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
} from '@eso-health/plugin-external-secrets-common';
import Box from '@material-ui/core/Box';
import Snackbar from '@material-ui/core/Snackbar';
import Typography from '@material-ui/core/Typography';
import AddIcon from '@material-ui/icons/Add';
import Alert from '@material-ui/lab/Alert';
import { useMemo } from 'react';
import { useServiceReport } from '../../hooks/useServiceReport';
import { useSyncExternalSecret } from '../../hooks/useSyncExternalSecret';
import {
  isExternalSecretsAvailable,
  PIPELINE_TEMPLATE,
} from '../../lib/annotations';
import { toFullEntityRef } from '../../lib/entityRefs';
import { formatExact, formatRelative } from '../../lib/time';
import { createPipelineRouteRef } from '../../routes';
import { ExternalSecretsErrorPanel } from '../ExternalSecretsErrorPanel';
import { HealthChip } from '../HealthChip';
import { ExternalSecretsTable } from './ExternalSecretsTable';
import { NoExternalSecrets } from './NoExternalSecrets';
import { ProviderFreshness } from './ProviderFreshness';
import { ReportStatusAlerts } from './ReportStatusAlerts';

const TITLE = 'External Secrets';
const KUBERNETES_DOCS =
  'https://backstage.io/docs/features/kubernetes/configuration#surfacing-your-kubernetes-components-as-part-of-an-entity';

/**
 * Props of {@link EntityExternalSecretsCard}.
 *
 * @public
 */
export interface EntityExternalSecretsCardProps {
  /** How often the report is reloaded; 30 s by default. */
  pollIntervalMs?: number;
}

/** Scaffolder link for the pipeline template, pre-filled with this entity and its owner. */
function usePipelineLink(entity: Entity): string {
  const createPipeline = useRouteRef(createPipelineRouteRef);
  const base = createPipeline
    ? createPipeline({
        namespace: PIPELINE_TEMPLATE.namespace,
        templateName: PIPELINE_TEMPLATE.name,
      })
    : // Not bound (legacy app without bindRoutes): the scaffolder's default mount path.
      `/create/templates/${PIPELINE_TEMPLATE.namespace}/${PIPELINE_TEMPLATE.name}`;
  // Catalog YAML often holds a short owner (`team-pay`); the template wants a full ref.
  const owner =
    toFullEntityRef(
      entity.spec?.owner,
      'group',
      entity.metadata.namespace ?? undefined,
    ) ??
    (typeof entity.spec?.owner === 'string' ? entity.spec.owner : undefined);
  const formData = {
    entity: stringifyEntityRef(entity),
    ...(owner ? { owner } : {}),
  };
  return `${base}?formData=${encodeURIComponent(JSON.stringify(formData))}`;
}

function PipelineButton(props: { entity: Entity }) {
  const to = usePipelineLink(props.entity);
  return (
    <LinkButton
      to={to}
      size="small"
      variant="outlined"
      color="primary"
      startIcon={<AddIcon />}
    >
      New secret pipeline
    </LinkButton>
  );
}

const SUMMARY_ORDER: Health[] = ['error', 'warning', 'unknown'];

/** "3 ExternalSecrets · 1 error · 2 warnings", or "· all healthy". */
export function summarize(externalSecrets: ExternalSecretStatus[]): string {
  const total = externalSecrets.length;
  const head = `${total} ExternalSecret${total === 1 ? '' : 's'}`;
  if (total === 0) return head;
  const counts = countHealth(externalSecrets.map(es => es.health));
  const parts = SUMMARY_ORDER.filter(h => counts[h]).map(health => {
    const n = counts[health];
    if (health === 'unknown') return `${n} unknown`;
    return `${n} ${health}${n === 1 ? '' : 's'}`;
  });
  return [head, ...(parts.length ? parts : ['all healthy'])].join(' · ');
}

function CardContent(props: { entity: Entity; pollIntervalMs?: number }) {
  const { entity, pollIntervalMs } = props;
  const entityRef = stringifyEntityRef(entity);
  const { report, error, loading, retry } = useServiceReport(entityRef, {
    pollIntervalMs,
  });
  const { sync, isPending, syncCount, result, clearResult } =
    useSyncExternalSecret(retry);
  // Re-read on every render; polling re-renders the card so relative times stay fresh.
  const now = new Date();

  const title = useMemo(
    () => (
      <Box
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        style={{ gap: 8 }}
      >
        <span>{TITLE}</span>
        {report && <HealthChip health={report.health} />}
      </Box>
    ),
    [report],
  );

  let body: JSX.Element;
  if (loading) {
    body = <Progress />;
  } else if (!report) {
    body = error ? <ExternalSecretsErrorPanel error={error} /> : <Progress />;
  } else {
    body = (
      <>
        <ReportStatusAlerts
          clusters={report.clusters ?? []}
          providers={report.providers ?? []}
          refreshError={error}
          now={now}
        />
        {report.externalSecrets.length === 0 ? (
          <NoExternalSecrets entity={entity} />
        ) : (
          <ExternalSecretsTable
            externalSecrets={report.externalSecrets}
            providers={report.providers ?? []}
            now={now}
            onSync={sync}
            isSyncPending={isPending}
            syncCount={syncCount}
          />
        )}
        <Box mt={1.5} px={1}>
          <ProviderFreshness providers={report.providers ?? []} now={now} />
        </Box>
      </>
    );
  }

  return (
    <InfoCard
      title={title}
      subheader={
        report && (
          <Typography
            variant="body2"
            color="textSecondary"
            component="span"
            data-testid="es-summary"
          >
            {summarize(report.externalSecrets)}
            <span title={formatExact(report.generatedAt)}>
              {' · '}updated {formatRelative(report.generatedAt, now)}
            </span>
          </Typography>
        )
      }
      action={<PipelineButton entity={entity} />}
    >
      {body}
      <Snackbar
        open={Boolean(result)}
        autoHideDuration={result?.severity === 'error' ? null : 6000}
        onClose={clearResult}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}
      >
        {result ? (
          <Alert severity={result.severity} onClose={clearResult} role="alert">
            {result.message}
          </Alert>
        ) : (
          <span />
        )}
      </Snackbar>
    </InfoCard>
  );
}

/**
 * Entity card: the service's ExternalSecrets, their sync state and drift findings, with
 * "Sync now" and "New secret pipeline" actions.
 */
export function EntityExternalSecretsCard(
  props: EntityExternalSecretsCardProps,
) {
  const { entity } = useEntity();
  if (!isExternalSecretsAvailable(entity)) {
    return (
      <InfoCard title={TITLE}>
        <MissingAnnotationEmptyState
          annotation={KUBERNETES_ID_ANNOTATION}
          readMoreUrl={KUBERNETES_DOCS}
        />
        <Typography variant="body2" color="textSecondary" paragraph>
          A <code>{KUBERNETES_LABEL_SELECTOR_ANNOTATION}</code> annotation (for
          example <code>app=payments</code>) works too. ExternalSecrets are
          matched by these labels, or through the workloads with these labels
          that read their Secrets.
        </Typography>
        <Typography variant="body2" color="textSecondary" paragraph>
          No secret pipeline yet? The template creates one and adds the
          annotation in the same pull request.
        </Typography>
        <PipelineButton entity={entity} />
      </InfoCard>
    );
  }
  return <CardContent entity={entity} pollIntervalMs={props.pollIntervalMs} />;
}
