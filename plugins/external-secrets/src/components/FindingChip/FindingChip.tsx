import Chip from '@material-ui/core/Chip';
import { makeStyles, Theme } from '@material-ui/core/styles';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { Finding, Severity } from '@eso-health/plugin-external-secrets-common';
import { ruleLabel } from '../../lib/ruleLabels';

const useStyles = makeStyles((theme: Theme) => {
  const outlined = (color: string) => ({
    borderColor: color,
    color,
    '&:focus, &:hover': { borderColor: color },
  });
  return {
    chip: { margin: theme.spacing(0.25) },
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
          {finding.remedy && (
            <Typography variant="caption" component="p">
              {finding.remedy}
            </Typography>
          )}
        </>
      }
    >
      <Chip
        size="small"
        variant="outlined"
        label={ruleLabel(finding.rule)}
        className={`${classes.chip} ${severityClass}`}
        clickable={Boolean(onToggle)}
        onClick={onToggle}
        aria-expanded={onToggle ? Boolean(expanded) : undefined}
        data-severity={finding.severity}
      />
    </Tooltip>
  );
}
