import Chip from '@material-ui/core/Chip';
import { makeStyles, Theme } from '@material-ui/core/styles';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { Finding, Severity } from '@eso-health/plugin-external-secrets-common';
import { ruleLabel } from '../../lib/ruleLabels';
import { SeverityIcon } from './SeverityIcon';

const useStyles = makeStyles((theme: Theme) => {
  const outlined = (color: string) => ({
    borderColor: color,
    color,
    '& $icon': { color },
    '&:focus, &:hover': { borderColor: color },
  });
  return {
    chip: { maxWidth: '100%' },
    icon: { fontSize: 16, marginLeft: theme.spacing(0.5) },
    label: { whiteSpace: 'nowrap' },
    error: outlined(theme.palette.error.main),
    warning: outlined(theme.palette.warning.dark),
    info: outlined(theme.palette.info.main),
  };
});

export interface FindingChipProps {
  finding: Finding;
  /** Whether the details below the row are open; the chip toggles them. */
  expanded?: boolean;
  onToggle?: () => void;
}

/** One finding: its rule as a label, coloured by severity, the message on hover. */
export function FindingChip(props: FindingChipProps) {
  const { finding, expanded, onToggle } = props;
  const classes = useStyles();
  const severityClass = classes[finding.severity as Severity] ?? classes.info;
  return (
    <Tooltip
      title={
        <>
          <Typography variant="body2">{finding.message}</Typography>
          {onToggle && (
            <Typography variant="caption" component="p">
              {expanded ? 'Click to hide details' : 'Click for what to do'}
            </Typography>
          )}
        </>
      }
    >
      <Chip
        size="small"
        variant="outlined"
        icon={
          <SeverityIcon severity={finding.severity} className={classes.icon} />
        }
        label={ruleLabel(finding.rule)}
        classes={{ label: classes.label }}
        className={`${classes.chip} ${severityClass}`}
        clickable={Boolean(onToggle)}
        onClick={onToggle}
        aria-expanded={onToggle ? Boolean(expanded) : undefined}
        data-severity={finding.severity}
      />
    </Tooltip>
  );
}
