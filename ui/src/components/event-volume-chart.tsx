/**
 * @module How many events arrived per time bucket (`POST /events/count`), as plain SVG bars: the
 * volume chart above the Events feed. Clicking a bar narrows the range to that bucket.
 */
import type { EventCountBucket } from "../../../src/api/events.js";
import { formatDateTime } from "./time.js";

/** One bar per bucket; the tallest fills the height. */
export function EventVolumeChart({
  buckets,
  height = 90,
  onSelect,
}: {
  buckets: readonly EventCountBucket[];
  height?: number;
  /** Called with the bucket clicked. */
  onSelect?: (bucket: EventCountBucket) => void;
}) {
  const max = buckets.reduce((most, bucket) => Math.max(most, bucket.count), 0);
  const total = buckets.reduce((sum, bucket) => sum + bucket.count, 0);
  const width = 1000;
  const barWidth = width / Math.max(buckets.length, 1);
  const gap = Math.min(2, barWidth * 0.2);
  return (
    <div data-testid="event-volume" data-total={total}>
      <svg
        className="chart"
        viewBox={`0 0 ${width} ${height}`}
        preserveAspectRatio="none"
        style={{ height }}
        role="img"
        aria-label="Events over time"
      >
        <line x1={0} x2={width} y1={height - 0.5} y2={height - 0.5} stroke="var(--border)" />
        {buckets.map((bucket, index) => {
          const h = max === 0 ? 0 : (bucket.count / max) * (height - 4);
          return (
            <g
              key={bucket.start}
              className={onSelect && bucket.count > 0 ? "event-bar clickable" : "event-bar"}
              onClick={() => bucket.count > 0 && onSelect?.(bucket)}
            >
              <title>{`${formatDateTime(bucket.start)} – ${formatDateTime(bucket.end)}\n${bucket.count} event${bucket.count === 1 ? "" : "s"}`}</title>
              <path d={`M${index * barWidth} 0h${barWidth}v${height}h${-barWidth}z`} fill="transparent" />
              <rect
                x={index * barWidth + gap / 2}
                y={height - h}
                width={Math.max(barWidth - gap, 0.5)}
                height={h}
                fill="var(--accent)"
                data-count={bucket.count}
              />
            </g>
          );
        })}
      </svg>
      <div className="chart-legend">
        {buckets.length > 0 && (
          <span>
            {formatDateTime(buckets[0]?.start)} → {formatDateTime(buckets[buckets.length - 1]?.end)}
          </span>
        )}
        <span>
          {total.toLocaleString()} event{total === 1 ? "" : "s"}
        </span>
      </div>
    </div>
  );
}
