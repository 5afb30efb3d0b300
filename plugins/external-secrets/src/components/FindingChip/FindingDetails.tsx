import Box from '@material-ui/core/Box';
import { makeStyles, Theme } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import {
  Finding,
  FindingWorkload,
} from '@eso-health/plugin-external-secrets-common';
import { readModeLabel, ruleLabel, workloadLabel } from '../../lib/ruleLabels';
import { formatExact, formatRelative } from '../../lib/time';
import { CommandBlock, splitRemedy } from './CommandBlock';
import { SeverityIcon } from './SeverityIcon';

const useStyles = makeStyles((theme: Theme) => ({
  finding: {
    borderLeft: `3px solid ${theme.palette.divider}`,
    paddingLeft: theme.spacing(1.5),
    overflowWrap: 'break-word',
    '& + &': { marginTop: theme.spacing(2) },
  },
  error: {
    borderLeftColor: theme.palette.error.main,
    '& $icon': { color: theme.palette.error.main },
  },
  warning: {
    borderLeftColor: theme.palette.warning.main,
    '& $icon': { color: theme.palette.warning.dark },
  },
  info: {
    borderLeftColor: theme.palette.info.main,
    '& $icon': { color: theme.palette.info.main },
  },
  icon: { fontSize: 18 },
  heading: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(0.75),
    marginBottom: theme.spacing(0.25),
  },
  label: {
    textTransform: 'uppercase',
    letterSpacing: 0.5,
    fontWeight: theme.typography.fontWeightBold as number,
    color: theme.palette.text.secondary,
    display: 'block',
    marginTop: theme.spacing(1),
  },
  workload: { marginTop: theme.spacing(0.5) },
  list: {
    margin: theme.spacing(0.25, 0, 0.5),
    paddingLeft: theme.spacing(2.5),
    color: theme.palette.text.secondary,
  },
}));

function Remedy(props: { text: string }) {
  const { prose, command } = splitRemedy(props.text);
  return (
    <>
      {prose && <Typography variant="body2">{prose}</Typography>}
      {command && <CommandBlock command={command} />}
    </>
  );
}

function Workload(props: {
  workload: FindingWorkload;
  now: Date;
  /** The finding's own remedy; a workload remedy that repeats it is not shown again. */
  findingRemedy?: string;
}) {
  const { workload, now, findingRemedy } = props;
  const classes = useStyles();
  return (
    <Box className={classes.workload}>
      <Typography variant="body2">
        <strong>{workloadLabel(workload.kind, workload.name)}</strong> in{' '}
        {workload.namespace}
        {workload.reloader ? ' (managed by Reloader)' : ''}
      </Typography>
      <ul className={classes.list}>
        {(workload.pods ?? []).map(pod => (
          <li key={`${pod.pod}/${pod.container}`}>
            <Typography variant="body2" color="textSecondary">
              pod {pod.pod}, container {pod.container}: reads it as{' '}
              {(pod.readsVia ?? []).map(readModeLabel).join(', ')}
              {pod.startedAt && (
                <span title={formatExact(pod.startedAt)}>
                  , started {formatRelative(pod.startedAt, now)}
                </span>
              )}
            </Typography>
          </li>
        ))}
      </ul>
      {workload.remedy && workload.remedy !== findingRemedy && (
        <Remedy text={workload.remedy} />
      )}
    </Box>
  );
}

/**
 * Everything a finding says: message, remedy and, per affected workload, its pods, how
 * each container reads the Secret, and the command that fixes it.
 */
export function FindingDetails(props: { finding: Finding; now: Date }) {
  const { finding, now } = props;
  const classes = useStyles();
  const workloads = finding.workloads ?? [];
  return (
    <Box
      className={`${classes.finding} ${classes[finding.severity] ?? ''}`}
      data-testid={`finding-${finding.rule}`}
    >
      <Box className={classes.heading}>
        <SeverityIcon severity={finding.severity} className={classes.icon} />
        <Typography variant="subtitle2" component="h4">
          {ruleLabel(finding.rule)}
        </Typography>
        <Typography variant="caption" color="textSecondary">
          {finding.severity}
        </Typography>
      </Box>
      <Typography variant="body2">{finding.message}</Typography>
      {finding.remedy && (
        <>
          <Typography variant="caption" className={classes.label}>
            What to do
          </Typography>
          <Remedy text={finding.remedy} />
        </>
      )}
      {workloads.length > 0 && (
        <>
          <Typography variant="caption" className={classes.label}>
            Affected workloads
          </Typography>
          {workloads.map(workload => (
            <Workload
              key={`${workload.kind}/${workload.namespace}/${workload.name}`}
              workload={workload}
              now={now}
              findingRemedy={finding.remedy}
            />
          ))}
        </>
      )}
    </Box>
  );
}
