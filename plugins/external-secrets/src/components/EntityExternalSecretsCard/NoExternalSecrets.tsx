import Typography from '@material-ui/core/Typography';
import { EmptyState } from '@backstage/core-components';
import { Entity } from '@backstage/catalog-model';
import {
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
  KUBERNETES_NAMESPACE_ANNOTATION,
} from '@eso-health/plugin-external-secrets-common';

/** The entity is linked to clusters but nothing matched: say how matching works. */
export function NoExternalSecrets(props: {
  entity: Entity;
  action?: JSX.Element;
}) {
  const annotations = props.entity.metadata.annotations ?? {};
  const selector = annotations[KUBERNETES_LABEL_SELECTOR_ANNOTATION]
    ? annotations[KUBERNETES_LABEL_SELECTOR_ANNOTATION]
    : `${KUBERNETES_ID_ANNOTATION}=${annotations[KUBERNETES_ID_ANNOTATION]}`;
  const namespace = annotations[KUBERNETES_NAMESPACE_ANNOTATION];
  return (
    <EmptyState
      missing="data"
      title="No ExternalSecrets found for this service"
      description={
        <>
          <Typography
            variant="body2"
            component="span"
            display="block"
            gutterBottom
          >
            An ExternalSecret belongs to this service when it carries the labels{' '}
            <code>{selector}</code>, or when a Deployment, StatefulSet,
            DaemonSet, Job or Pod with those labels reads its target Secret
            (env, envFrom or a volume) in the same namespace
            {namespace ? (
              <>
                {' '}
                (only namespace <code>{namespace}</code> is searched)
              </>
            ) : (
              ''
            )}
            .
          </Typography>
          <Typography variant="body2" component="span" display="block">
            Label the ExternalSecret or its consuming workload, or create a new
            pipeline from the template.
          </Typography>
        </>
      }
      action={props.action}
    />
  );
}
