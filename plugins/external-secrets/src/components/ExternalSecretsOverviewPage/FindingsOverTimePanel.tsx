import { InfoCard, Progress } from '@backstage/core-components';
import Link from '@material-ui/core/Link';
import Paper from '@material-ui/core/Paper';
import { makeStyles, Theme, useTheme } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import ErrorOutlineIcon from '@material-ui/icons/ErrorOutline';
import {
  Area,
  AreaChart,
  CartesianGrid,
  ReferenceArea,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { FindingsOverTimeResponse } from '@eso-health/plugin-external-secrets-common';
import { useFindingsOverTime } from '../../hooks/useFindingsOverTime';
import { errorMessage } from '../../lib/errorMessage';
import {
  dayTicks,
  formatDay,
  formatDayTime,
  millis,
  windowDays,
} from '../../lib/timeline';
import { SafeBoundary } from '../SafeBoundary';

type Severity = 'error' | 'warning' | 'info';
const SEVERITIES: Severity[] = ['error', 'warning', 'info'];
const LABELS: Record<Severity, [string, string]> = {
  error: ['error', 'errors'],
  warning: ['warning', 'warnings'],
  info: ['info', 'info'],
};
const HEIGHT = 220;

const useStyles = makeStyles((theme: Theme) => ({
  figure: { margin: 0 },
  note: { display: 'block', marginTop: theme.spacing(0.5) },
  tooltip: { padding: theme.spacing(0.75, 1) },
  message: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5),
  },
  warningIcon: { fontSize: 16, color: theme.palette.warning.dark },
}));

function count(n: number, severity: Severity): string {
  const [one, many] = LABELS[severity];
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * "Findings over 30 days, per hour: now 1 error, 2 warnings, 0 info; most errors 3 on
 * 12 Nov, 14:00. No samples before 29 Nov, 00:00."
 */
export function summarizeFindings(data: FindingsOverTimeResponse): string {
  const days = windowDays(data.from, data.to);
  const head = `Findings over ${days} day${days === 1 ? '' : 's'}, per hour`;
  const last = data.points[data.points.length - 1];
  if (!last) return `${head}: no samples recorded yet.`;
  const now = SEVERITIES.map(s => count(last[s], s)).join(', ');
  let peak = data.points[0];
  for (const point of data.points) if (point.error > peak.error) peak = point;
  const peakMs = millis(peak.at);
  const peakText =
    peak.error > 0 && peakMs !== undefined
      ? `; most errors ${peak.error} on ${formatDayTime(peakMs)}`
      : '';
  const sinceMs = millis(data.since);
  const fromMs = millis(data.from);
  const sinceText =
    sinceMs !== undefined && fromMs !== undefined && sinceMs > fromMs
      ? ` No samples before ${formatDayTime(sinceMs)}.`
      : '';
  return `${head}: now ${now}${peakText}.${sinceText}`;
}

function FindingsTooltip(props: { active?: boolean; payload?: any[] }) {
  const classes = useStyles();
  const point = props.active ? props.payload?.[0]?.payload : undefined;
  if (!point) return null;
  return (
    <Paper className={classes.tooltip} elevation={3}>
      <Typography variant="caption" component="div">
        <strong>{formatDayTime(point.x)}</strong>
      </Typography>
      {SEVERITIES.map(severity => (
        <Typography key={severity} variant="caption" component="div">
          {count(point[severity], severity)}
        </Typography>
      ))}
    </Paper>
  );
}

export interface FindingsOverTimeChartProps {
  data: FindingsOverTimeResponse;
  /** Fixed width in px; by default the chart fills the card. */
  width?: number;
}

/** Stacked areas of error, warning and info findings per hour, theme-coloured. */
export function FindingsOverTimeChart(props: FindingsOverTimeChartProps) {
  const { data, width } = props;
  const theme = useTheme<Theme>();
  const classes = useStyles();
  const colors: Record<Severity, string> = {
    error: theme.palette.error.main,
    warning: theme.palette.warning.main,
    info: theme.palette.info.main,
  };
  const fromMs = millis(data.from) ?? 0;
  const toMs = millis(data.to) ?? fromMs;
  const sinceMs = millis(data.since);
  const points = data.points.flatMap(point => {
    const x = millis(point.at);
    return x === undefined ? [] : [{ ...point, x }];
  });
  const unknownUntil =
    sinceMs !== undefined && sinceMs > fromMs ? Math.min(sinceMs, toMs) : null;

  const chart = (
    <AreaChart
      data={points}
      width={width}
      height={width === undefined ? undefined : HEIGHT}
      margin={{ top: 8, right: 12, bottom: 0, left: 0 }}
    >
      <CartesianGrid stroke={theme.palette.divider} vertical={false} />
      <XAxis
        type="number"
        dataKey="x"
        domain={[fromMs, toMs]}
        ticks={dayTicks(fromMs, toMs, 8)}
        tickFormatter={formatDay}
        tick={{ fontSize: 11, fill: theme.palette.text.secondary }}
        stroke={theme.palette.divider}
        allowDataOverflow
      />
      <YAxis
        allowDecimals={false}
        width={40}
        tick={{ fontSize: 11, fill: theme.palette.text.secondary }}
        stroke={theme.palette.divider}
      />
      {unknownUntil !== null && (
        <ReferenceArea
          x1={fromMs}
          x2={unknownUntil}
          fill={theme.palette.action.disabledBackground}
          fillOpacity={0.5}
          ifOverflow="hidden"
          label={{
            value: 'no samples',
            position: 'center',
            fill: theme.palette.text.secondary,
            fontSize: 11,
          }}
        />
      )}
      {SEVERITIES.map(severity => (
        <Area
          key={severity}
          type="stepAfter"
          dataKey={severity}
          name={LABELS[severity][1]}
          stackId="findings"
          stroke={colors[severity]}
          fill={colors[severity]}
          fillOpacity={0.55}
          isAnimationActive={false}
        />
      ))}
      <Tooltip content={<FindingsTooltip />} isAnimationActive={false} />
    </AreaChart>
  );

  return (
    <figure
      className={classes.figure}
      aria-label={summarizeFindings(data)}
      data-testid="findings-over-time-chart"
    >
      {width === undefined ? (
        <ResponsiveContainer width="100%" height={HEIGHT}>
          {chart}
        </ResponsiveContainer>
      ) : (
        chart
      )}
      <Typography variant="caption" color="textSecondary" component="div">
        {SEVERITIES.map(severity => (
          <span key={severity} style={{ marginRight: 12 }}>
            <span
              aria-hidden
              style={{
                display: 'inline-block',
                width: 10,
                height: 10,
                marginRight: 4,
                backgroundColor: colors[severity],
              }}
            />
            {LABELS[severity][1].replace(/^./, c => c.toUpperCase())}
          </span>
        ))}
      </Typography>
      {unknownUntil !== null && sinceMs !== undefined && (
        <Typography
          variant="caption"
          color="textSecondary"
          className={classes.note}
          data-testid="findings-since"
        >
          No samples before {formatDayTime(sinceMs)}: the backend started
          recording then, so earlier hours are unknown, not zero.
        </Typography>
      )}
    </figure>
  );
}

/** The overview's "Findings over time" card; failures stay inside it. */
export function FindingsOverTimePanel(props: {
  days?: number;
  width?: number;
}) {
  const { days = 30, width } = props;
  const classes = useStyles();
  const { value, loading, error, retry } = useFindingsOverTime(days);
  let body: JSX.Element;
  if (error) {
    body = (
      <Typography
        variant="body2"
        color="textSecondary"
        component="div"
        className={classes.message}
        data-testid="findings-over-time-error"
      >
        <ErrorOutlineIcon className={classes.warningIcon} aria-hidden />
        <span>
          Could not load the findings over time: {errorMessage(error)}
        </span>
        <Link component="button" variant="body2" onClick={retry}>
          Retry
        </Link>
      </Typography>
    );
  } else if (!value) {
    body = loading ? (
      <Progress aria-label="Loading findings over time" />
    ) : (
      <></>
    );
  } else if (value.points.length === 0) {
    body = (
      <Typography variant="body2" color="textSecondary">
        No samples recorded yet: the chart fills in as the backend records the
        findings of the ExternalSecrets you may read.
      </Typography>
    );
  } else {
    body = (
      <SafeBoundary
        fallback={
          <Typography variant="body2" color="textSecondary">
            The findings over time could not be drawn.
          </Typography>
        }
      >
        <FindingsOverTimeChart data={value} width={width} />
      </SafeBoundary>
    );
  }
  return (
    <InfoCard
      title="Findings over time"
      subheader={`Error, warning and info findings per hour, last ${days} days`}
    >
      {body}
    </InfoCard>
  );
}
