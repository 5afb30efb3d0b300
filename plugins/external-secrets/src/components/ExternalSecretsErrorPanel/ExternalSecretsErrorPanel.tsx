import { ResponseErrorPanel, WarningPanel } from '@backstage/core-components';
import { ExternalSecretsBackendMissingError } from '../../api';
import { errorMessage, remoteErrorName } from '../../lib/errorMessage';
import {
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
} from '@eso-health/plugin-external-secrets-common';

/**
 * Turns a failed request into a panel that says what to do next: install the backend,
 * fix the entity's annotation, or ask for access; anything else shows the full error.
 */
export function ExternalSecretsErrorPanel(props: { error: Error }) {
  const { error } = props;
  if (
    error instanceof ExternalSecretsBackendMissingError ||
    error.name === 'ExternalSecretsBackendMissingError'
  ) {
    return (
      <WarningPanel
        severity="error"
        title="External Secrets backend not installed"
        message={error.message}
      />
    );
  }
  switch (remoteErrorName(error)) {
    case 'NotFoundError':
      return (
        <WarningPanel
          severity="info"
          title="No External Secrets report for this entity"
          message={`${errorMessage(error).replace(
            /\.?$/,
            '.',
          )} Check the entity's ${KUBERNETES_ID_ANNOTATION} or ${KUBERNETES_LABEL_SELECTOR_ANNOTATION} annotation.`}
        />
      );
    case 'NotAllowedError':
      return (
        <WarningPanel
          severity="warning"
          title="Not allowed"
          message={`You are not allowed to read this External Secrets data (${errorMessage(
            error,
          )}). Ask an owner of the entity or the platform team for the external-secrets.report.read permission.`}
        />
      );
    default:
      return <ResponseErrorPanel error={error} />;
  }
}
