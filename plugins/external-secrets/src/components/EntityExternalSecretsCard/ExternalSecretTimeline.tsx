import { Progress } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Paper from '@material-ui/core/Paper';
import { makeStyles, Theme, useTheme } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import {
  Health,
  HistoryEvent,
  TimelineResponse,
} from '@eso-health/plugin-external-secrets-common';
import { ReactElement } from 'react';
import {
  ReferenceArea,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Symbols,
  Tooltip,
  XAxis,
  YAxis,
  ZAxis,
} from 'recharts';
import { ExternalSecretTimelineState } from '../../hooks/useExternalSecretTimeline';
import {
  dayTicks,
  formatDay,
  formatDayTime,
  isEmptyTimeline,
  laneEvents,
  millis,
  summarizeTimeline,
  TIMELINE_LANES,
  TimelineLane,
} from '../../lib/timeline';
import { formatExact } from '../../lib/time';
import { healthLabel } from '../HealthChip';
import { HistoryLoadError } from './HistoryLoadError';

export const EMPTY_TIMELINE_TEXT =
  'No history recorded yet in this window: the chart fills in as the backend records syncs, changes and restarts.';

export const TRUNCATED_TEXT =
  'This window holds more than 1000 events: the chart shows the newest 1000, the oldest are left out.';

type SymbolType = 'circle' | 'diamond' | 'triangle' | 'star' | 'square';

/** Shape per lane, so the marks read apart without colour vision too. */
const SYMBOLS: Record<Exclude<TimelineLane, 'synced'>, SymbolType> = {
  'provider-changed': 'diamond',
  'secret-changed': 'circle',
  'workload-restarted': 'triangle',
  'sync-requested': 'star',
};

const LANE_HEIGHT = 26;
const AXIS_HEIGHT = 24;
/** Lane rows, top to bottom: the health band, then the event lanes. */
const ROWS = ['Health', ...TIMELINE_LANES.map(lane => lane.label)];
/** y of a row on the numeric lane axis; the top row gets the highest value. */
const rowY = (index: number) => ROWS.length - 1 - index;
const HEALTH_Y = rowY(0);
const laneY = (lane: TimelineLane) =>
  rowY(1 + TIMELINE_LANES.findIndex(l => l.lane === lane));

/** Colours from the theme (dark mode included), health like HealthChip. */
export function timelineColors(theme: Theme) {
  const health: Record<Health, string> = {
    healthy: theme.palette.success.main,
    warning: theme.palette.warning.main,
    error: theme.palette.error.main,
    unknown: theme.palette.grey[500],
  };
  const lanes: Record<TimelineLane, string> = {
    'provider-changed': theme.palette.info.main,
    synced: theme.palette.text.secondary,
    'secret-changed': theme.palette.primary.main,
    'workload-restarted': theme.palette.secondary.main,
    'sync-requested': theme.palette.text.primary,
  };
  return { health, lanes };
}

const useStyles = makeStyles((theme: Theme) => ({
  root: { margin: 0, marginBottom: theme.spacing(1.5) },
  chart: {
    // recharts' focus ring on the whole surface is loud; keep a quiet one.
    '& .recharts-surface:focus': { outline: 'none' },
    '& .recharts-wrapper:focus-within': {
      outline: `1px dashed ${theme.palette.text.secondary}`,
    },
  },
  legend: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5, 1.5),
    listStyle: 'none',
    margin: 0,
    padding: 0,
    paddingLeft: theme.spacing(1),
  },
  legendItem: { display: 'flex', alignItems: 'center', gap: 4 },
  swatch: { width: 14, height: 8, borderRadius: 2, display: 'inline-block' },
  tooltip: { padding: theme.spacing(0.75, 1), maxWidth: 320 },
  note: { display: 'block', marginTop: theme.spacing(0.5) },
  progress: { maxWidth: 240, padding: theme.spacing(0.75, 0) },
}));

type Datum =
  | { kind: 'event'; x: number; y: number; event: HistoryEvent }
  | {
      kind: 'sync';
      x: number;
      y: number;
      count: number;
      bucketSeconds: number;
    };

function TooltipBody(props: { datum?: Datum }) {
  const classes = useStyles();
  const { datum } = props;
  if (!datum) return null;
  if (datum.kind === 'sync') {
    const end = datum.x + datum.bucketSeconds * 1000;
    return (
      <Paper className={classes.tooltip} elevation={3}>
        <Typography variant="caption" component="div">
          <strong>
            {datum.count} ESO sync{datum.count === 1 ? '' : 's'}
          </strong>
        </Typography>
        <Typography variant="caption" color="textSecondary" component="div">
          {formatDayTime(datum.x)} – {formatDayTime(end)}
        </Typography>
      </Paper>
    );
  }
  const { event } = datum;
  const label =
    TIMELINE_LANES.find(lane => lane.lane === event.type)?.label ?? event.type;
  return (
    <Paper className={classes.tooltip} elevation={3}>
      <Typography variant="caption" component="div">
        <strong>{label}</strong> · {formatExact(event.at)}
      </Typography>
      {event.detail && (
        <Typography variant="caption" component="div">
          {event.detail}
        </Typography>
      )}
      {event.actor && (
        <Typography variant="caption" color="textSecondary" component="div">
          Requested by {event.actor}
        </Typography>
      )}
    </Paper>
  );
}

/**
 * One hour (or six) of syncs: a thin bar whose height and opacity grow with the count. Hourly
 * buckets over 30 days are about a pixel apart, so steady syncs read as an even band and a
 * gap or a burst stands out.
 */
function syncMark(maxCount: number, color: string) {
  return (props: any): ReactElement<SVGElement> => {
    const { cx, cy, payload } = props as {
      cx: number;
      cy: number;
      payload: Datum & { kind: 'sync' };
    };
    const share = maxCount > 0 ? payload.count / maxCount : 0;
    const height = 4 + Math.round(share * (LANE_HEIGHT - 10));
    return (
      <rect
        x={cx - 0.5}
        y={cy + (LANE_HEIGHT - 10) / 2 - height}
        width={1}
        height={height}
        fill={color}
        fillOpacity={0.3 + 0.5 * share}
        data-testid="timeline-sync"
      />
    );
  };
}

function Legend(props: { colors: ReturnType<typeof timelineColors> }) {
  const { colors } = props;
  const classes = useStyles();
  const healths: Health[] = ['healthy', 'warning', 'error', 'unknown'];
  return (
    <ul className={classes.legend} aria-label="Legend">
      {healths.map(health => (
        <li key={health} className={classes.legendItem}>
          <span
            className={classes.swatch}
            style={{ backgroundColor: colors.health[health] }}
            aria-hidden
          />
          <Typography variant="caption">{healthLabel(health)}</Typography>
        </li>
      ))}
      {TIMELINE_LANES.map(({ lane, label }) => (
        <li key={lane} className={classes.legendItem}>
          <svg width={14} height={14} aria-hidden>
            {lane === 'synced' ? (
              <rect
                x={6}
                y={2}
                width={2}
                height={10}
                fill={colors.lanes[lane]}
              />
            ) : (
              <Symbols
                type={SYMBOLS[lane]}
                size={50}
                cx={7}
                cy={7}
                fill={colors.lanes[lane]}
              />
            )}
          </svg>
          <Typography variant="caption">{label}</Typography>
        </li>
      ))}
    </ul>
  );
}

export interface TimelineChartProps {
  timeline: TimelineResponse;
  /** Fixed width in px; by default the chart fills its container. */
  width?: number;
}

/**
 * The window of one ExternalSecret at a glance: a health band on top, then one lane per
 * kind of event (ESO syncs as per-bucket bars), a day axis and a legend. Each mark has a
 * tooltip; screen readers get a one-sentence summary, and the list below holds the detail.
 */
export function TimelineChart(props: TimelineChartProps) {
  const { timeline, width } = props;
  const theme = useTheme<Theme>();
  const classes = useStyles();
  const colors = timelineColors(theme);
  const fromMs = millis(timeline.from) ?? 0;
  const toMs = millis(timeline.to) ?? fromMs;
  const summary = summarizeTimeline(timeline);
  const buckets = timeline.syncs?.buckets ?? [];
  const bucketSeconds = timeline.syncs?.bucketSeconds ?? 3600;
  const maxCount = Math.max(0, ...buckets.map(bucket => bucket.count));
  const syncData: Datum[] = buckets.flatMap(bucket => {
    const x = millis(bucket.at);
    return x === undefined || bucket.count <= 0
      ? []
      : [
          {
            kind: 'sync' as const,
            x,
            y: laneY('synced'),
            count: bucket.count,
            bucketSeconds,
          },
        ];
  });
  const height = ROWS.length * LANE_HEIGHT + AXIS_HEIGHT;

  const chart = (
    <ScatterChart
      width={width}
      height={width === undefined ? undefined : height}
      margin={{ top: 4, right: 16, bottom: 0, left: 0 }}
    >
      <XAxis
        type="number"
        dataKey="x"
        domain={[fromMs, toMs]}
        ticks={dayTicks(fromMs, toMs)}
        tickFormatter={formatDay}
        // Room for the marks of the last minutes, drawn at the right edge.
        padding={{ left: 0, right: 8 }}
        tick={{ fontSize: 11, fill: theme.palette.text.secondary }}
        stroke={theme.palette.divider}
        allowDataOverflow
        height={AXIS_HEIGHT}
      />
      <YAxis
        type="number"
        dataKey="y"
        domain={[-0.5, ROWS.length - 0.5]}
        ticks={ROWS.map((_, i) => rowY(i))}
        tickFormatter={(y: number) => ROWS[ROWS.length - 1 - y] ?? ''}
        tick={{ fontSize: 11, fill: theme.palette.text.secondary }}
        tickLine={false}
        stroke={theme.palette.divider}
        width={124}
        interval={0}
      />
      <ZAxis range={[56, 56]} />
      {timeline.health.map((segment, i) => {
        const start = Math.max(fromMs, millis(segment.from) ?? fromMs);
        const end = Math.min(toMs, millis(segment.to) ?? toMs);
        if (end <= start) return null;
        const title = `${healthLabel(segment.health)} from ${formatExact(
          segment.from,
        )}${segment.to ? ` to ${formatExact(segment.to)}` : ' until now'}`;
        return (
          <ReferenceArea
            key={`health-${i}`}
            x1={start}
            x2={end}
            y1={HEALTH_Y - 0.32}
            y2={HEALTH_Y + 0.32}
            ifOverflow="hidden"
            shape={(shape: any) => (
              <rect
                x={shape.x}
                y={shape.y}
                width={shape.width}
                height={shape.height}
                fill={colors.health[segment.health] ?? colors.health.unknown}
                data-testid={`timeline-health-${segment.health}`}
              >
                <title>{title}</title>
              </rect>
            )}
          />
        );
      })}
      <Scatter
        name="ESO sync"
        data={syncData}
        shape={syncMark(maxCount, colors.lanes.synced)}
        isAnimationActive={false}
      />
      {TIMELINE_LANES.filter(({ lane }) => lane !== 'synced').map(
        ({ lane, label }) => (
          <Scatter
            key={lane}
            name={label}
            data={laneEvents(timeline.events, lane).map(
              (event): Datum => ({
                kind: 'event',
                x: event.ms,
                y: laneY(lane),
                event,
              }),
            )}
            shape={SYMBOLS[lane as Exclude<TimelineLane, 'synced'>]}
            fill={colors.lanes[lane]}
            isAnimationActive={false}
          />
        ),
      )}
      <Tooltip
        cursor={false}
        isAnimationActive={false}
        content={({ active, payload }: any) =>
          active ? <TooltipBody datum={payload?.[0]?.payload} /> : null
        }
      />
    </ScatterChart>
  );

  return (
    <figure
      className={classes.root}
      aria-label={summary}
      data-testid="timeline-chart"
    >
      <div className={classes.chart}>
        {width === undefined ? (
          <ResponsiveContainer width="100%" height={height}>
            {chart}
          </ResponsiveContainer>
        ) : (
          chart
        )}
      </div>
      <Legend colors={colors} />
      {timeline.truncated && (
        <Typography
          variant="caption"
          color="textSecondary"
          className={classes.note}
          data-testid="timeline-truncated"
        >
          {TRUNCATED_TEXT}
        </Typography>
      )}
    </figure>
  );
}

export interface ExternalSecretTimelineProps {
  state: ExternalSecretTimelineState;
  width?: number;
  /** Leaves the empty message to a neighbour that says the same (the event list). */
  hideEmpty?: boolean;
}

/** The timeline part of an expanded row: chart, or its loading, empty or error state. */
export function ExternalSecretTimeline(props: ExternalSecretTimelineProps) {
  const { state, width, hideEmpty } = props;
  const classes = useStyles();
  const { timeline, loading, error, retry } = state;
  if (error) {
    return <HistoryLoadError error={error} retry={retry} what="timeline" />;
  }
  if (!timeline) {
    return loading ? (
      <Box className={classes.progress}>
        <Progress aria-label="Loading timeline" />
      </Box>
    ) : null;
  }
  if (isEmptyTimeline(timeline)) {
    return hideEmpty ? null : (
      <Typography
        variant="caption"
        color="textSecondary"
        component="p"
        data-testid="timeline-empty"
      >
        {EMPTY_TIMELINE_TEXT}
      </Typography>
    );
  }
  return <TimelineChart timeline={timeline} width={width} />;
}
