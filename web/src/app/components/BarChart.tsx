import { Flex, Typography } from 'antd';

/** One series of a bar chart (e.g. 发放, 使用); `color` is the default fill of its bars. */
export interface BarSeries {
  key: string;
  label: string;
  color: string;
}

/** One row: a label on the left and one value per series. */
export interface BarRow {
  key: string;
  label: string;
  values: number[];
  /** per-value fill, overriding the series colour */
  colors?: (string | undefined)[];
  /** data-testid of the row's <g> */
  testId?: string;
}

const NEGATIVE = '#ff4d4f';

function shorten(text: string, max: number): string {
  return [...text].length > max ? `${[...text].slice(0, max - 1).join('')}…` : text;
}

/**
 * Horizontal bars from one zero line, a row per item and a bar per series (a negative value
 * points left, in red). Plain SVG: prints as it shows, no chart library.
 */
export function BarChart({
  rows,
  series,
  format,
  ariaLabel,
  className,
  testId,
  labelWidth = 110,
  valueWidth = 110,
  barWidth = 360,
  labelChars = 12,
  valueAt = 'end',
}: {
  rows: BarRow[];
  series: BarSeries[];
  format: (n: number) => string;
  ariaLabel: string;
  className?: string;
  testId?: string;
  labelWidth?: number;
  valueWidth?: number;
  barWidth?: number;
  /** longer labels are cut (the full text shows on hover) */
  labelChars?: number;
  /** values in a column at the right ('end') or just past each bar ('bar') */
  valueAt?: 'end' | 'bar';
}) {
  const n = Math.max(1, series.length);
  const barH = n === 1 ? 16 : 12;
  const gap = 2;
  const rowH = n === 1 ? 28 : n * barH + (n - 1) * gap + 14;
  const all = rows.flatMap((r) => r.values);
  const max = Math.max(1, ...all.map((v) => Math.abs(v)));
  const hasNegative = all.some((v) => v < 0);
  const zero = labelWidth + (hasNegative ? barWidth / 2 : 0);
  const scale = (hasNegative ? barWidth / 2 : barWidth) / max;
  const width = labelWidth + barWidth + valueWidth;
  const height = rows.length * rowH + 4;
  const svg = (
    <svg className={className} data-testid={testId} role="img" aria-label={ariaLabel} viewBox={`0 0 ${width} ${height}`} width="100%" style={{ maxWidth: width, fontVariantNumeric: 'tabular-nums' }}>
      <line x1={zero} x2={zero} y1={0} y2={height} stroke="#bfbfbf" />
      {rows.map((r, i) => {
        const top = i * rowH + 6;
        const label = shorten(r.label, labelChars);
        const groupH = n * barH + (n - 1) * gap;
        return (
          <g key={r.key} data-testid={r.testId}>
            {label !== r.label ? <title>{r.label}</title> : null}
            <text x={labelWidth - 8} y={top + groupH / 2 + 4} textAnchor="end" fontSize="12" fill="currentColor">
              {label}
            </text>
            {series.map((s, j) => {
              const v = r.values[j] ?? 0;
              const w = Math.abs(v) * scale;
              const y = top + j * (barH + gap);
              return (
                <g key={s.key}>
                  <rect x={v < 0 ? zero - w : zero} y={y} width={Math.max(w, v === 0 ? 0 : 1)} height={barH} rx={2} fill={v < 0 ? NEGATIVE : (r.colors?.[j] ?? s.color)}>
                    {n > 1 ? <title>{`${r.label} · ${s.label}: ${format(v)}`}</title> : null}
                  </rect>
                  <text
                    x={valueAt === 'bar' ? (v < 0 ? zero - w - 4 : zero + w + 4) : width - 4}
                    y={y + barH - (n === 1 ? 4 : 2)}
                    textAnchor={valueAt === 'bar' && v >= 0 ? 'start' : 'end'}
                    fontSize={n === 1 ? 12 : 11}
                    fill="currentColor"
                  >
                    {format(v)}
                  </text>
                </g>
              );
            })}
          </g>
        );
      })}
    </svg>
  );
  if (series.length < 2) return svg;
  return (
    <div>
      <Flex gap={16} wrap style={{ marginBottom: 8 }} aria-hidden>
        {series.map((s) => (
          <Flex key={s.key} gap={6} align="center">
            <span style={{ display: 'inline-block', width: 12, height: 12, borderRadius: 2, background: s.color }} />
            <Typography.Text type="secondary">{s.label}</Typography.Text>
          </Flex>
        ))}
      </Flex>
      {svg}
    </div>
  );
}
