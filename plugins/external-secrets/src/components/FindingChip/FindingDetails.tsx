import Box from '@material-ui/core/Box';
import { makeStyles, Theme } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import { Finding } from '@eso-health/plugin-external-secrets-common';
import { readModeLabel, ruleLabel, workloadLabel } from '../../lib/ruleLabels';
import { formatExact, formatRelative } from '../../lib/time';

const useStyles = makeStyles((theme: Theme) => ({
  finding: {
    borderLeft: `4px solid ${theme.palette.divider}`,
    paddingLeft: theme.spacing(1.5),
    marginBottom: theme.spacing(1.5),
  },
  error: { borderLeftColor: theme.palette.error.main },
  warning: { borderLeftColor: theme.palette.warning.main },
  info: { borderLeftColor: theme.palette.info.main },
  code: {
    fontFamily: 'monospace',
    backgroundColor: theme.palette.action.hover,
    padding: theme.spacing(0.25, 0.5),
    borderRadius: theme.shape.borderRadius,
    wordBreak: 'break-all',
  },
  list: { margin: theme.spacing(0.5, 0), paddingLeft: theme.spacing(2.5) },
}));

/**
 * Everything a finding says: message, remedy and, per affected workload, its pods, how
 * each container reads the Secret, and the command that fixes it.
 */
export function FindingDetails(props: { finding: Finding; now: Date }) {
  const { finding, now } = props;
  const classes = useStyles();
  return (
    <Box className={`${classes.finding} ${classes[finding.severity]}`}>
      <Typography variant="subtitle2">
        {ruleLabel(finding.rule)} ({finding.severity})
      </Typography>
      <Typography variant="body2">{finding.message}</Typography>
      {finding.remedy && (
        <Typography variant="body2">
          <strong>What to do: </strong>
          {finding.remedy}
        </Typography>
      )}
      {finding.workloads?.map(workload => (
        <Box
          key={`${workload.kind}/${workload.namespace}/${workload.name}`}
          mt={1}
        >
          <Typography variant="body2">
            <strong>{workloadLabel(workload.kind, workload.name)}</strong> in{' '}
            {workload.namespace}
            {workload.reloader ? ' (managed by Reloader)' : ''}
          </Typography>
          <ul className={classes.list}>
            {workload.pods.map(pod => (
              <li key={`${pod.pod}/${pod.container}`}>
                <Typography variant="body2">
                  pod {pod.pod}, container {pod.container}: reads it as{' '}
                  {pod.readsVia.map(readModeLabel).join(', ')}
                  {pod.startedAt && (
                    <span title={formatExact(pod.startedAt)}>
                      , started {formatRelative(pod.startedAt, now)}
                    </span>
                  )}
                </Typography>
              </li>
            ))}
          </ul>
          {workload.remedy && (
            <Typography variant="body2">
              Fix: <code className={classes.code}>{workload.remedy}</code>
            </Typography>
          )}
        </Box>
      ))}
    </Box>
  );
}
