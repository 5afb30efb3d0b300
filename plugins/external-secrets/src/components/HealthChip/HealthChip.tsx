import Chip from '@material-ui/core/Chip';
import { emphasize, makeStyles, Theme } from '@material-ui/core/styles';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import ErrorIcon from '@material-ui/icons/Error';
import HelpIcon from '@material-ui/icons/Help';
import WarningIcon from '@material-ui/icons/Warning';
import { Health } from '@eso-health/plugin-external-secrets-common';

const LABELS: Record<Health, string> = {
  healthy: 'Healthy',
  warning: 'Warning',
  error: 'Error',
  unknown: 'Unknown',
};

const ICONS: Record<Health, typeof ErrorIcon> = {
  healthy: CheckCircleIcon,
  warning: WarningIcon,
  error: ErrorIcon,
  unknown: HelpIcon,
};

const useStyles = makeStyles((theme: Theme) => {
  const chip = (main: string, contrast: string) => ({
    backgroundColor: main,
    color: contrast,
    '& $icon': { color: contrast },
    // Keep the colour when a clickable chip is hovered or focused.
    '&:hover, &:focus': { backgroundColor: emphasize(main, 0.12) },
  });
  return {
    icon: {},
    selected: {
      boxShadow: `0 0 0 2px ${theme.palette.background.paper}, 0 0 0 4px ${theme.palette.text.primary}`,
    },
    healthy: chip(
      theme.palette.success.main,
      theme.palette.success.contrastText,
    ),
    warning: chip(
      theme.palette.warning.main,
      theme.palette.warning.contrastText,
    ),
    error: chip(theme.palette.error.main, theme.palette.error.contrastText),
    unknown: chip(
      theme.palette.grey[500],
      theme.palette.getContrastText(theme.palette.grey[500]),
    ),
  };
});

export interface HealthChipProps {
  health: Health;
  /** Replaces the default label, e.g. "3 healthy". */
  label?: string;
  size?: 'small' | 'medium';
  /** Makes the chip a button, e.g. to filter by this health. */
  onClick?: () => void;
  /** Marks a clickable chip as the active filter. */
  selected?: boolean;
}

/** Health of an ExternalSecret or a service; colour and icon so it reads without colour vision. */
export function HealthChip(props: HealthChipProps) {
  const { health, label, size = 'small', onClick, selected } = props;
  const classes = useStyles();
  const Icon = ICONS[health] ?? HelpIcon;
  return (
    <Chip
      size={size}
      icon={<Icon className={classes.icon} />}
      label={label ?? LABELS[health] ?? health}
      className={`${classes[health] ?? classes.unknown} ${
        selected ? classes.selected : ''
      }`}
      clickable={Boolean(onClick)}
      onClick={onClick}
      aria-pressed={onClick ? Boolean(selected) : undefined}
      data-testid={`health-${health}`}
    />
  );
}

export function healthLabel(health: Health): string {
  return LABELS[health] ?? health;
}
