import { Severity } from '@eso-health/plugin-external-secrets-common';
import ErrorOutlineIcon from '@material-ui/icons/ErrorOutline';
import InfoOutlinedIcon from '@material-ui/icons/InfoOutlined';
import ReportProblemOutlinedIcon from '@material-ui/icons/ReportProblemOutlined';

const ICONS: Record<Severity, typeof ErrorOutlineIcon> = {
  error: ErrorOutlineIcon,
  warning: ReportProblemOutlinedIcon,
  info: InfoOutlinedIcon,
};

/** Severity as a shape as well as a colour, so it reads without colour vision. */
export function SeverityIcon(props: {
  severity: Severity;
  className?: string;
}) {
  const Icon = ICONS[props.severity] ?? InfoOutlinedIcon;
  return <Icon className={props.className} fontSize="inherit" aria-hidden />;
}
