/** Small dependency-free SVG charts (bar and line) for usage and for the agent's chart frames. */
export interface Series {
  name: string;
  values: number[];
}

export interface ChartData {
  kind: 'bar' | 'line';
  title?: string;
  labels: string[];
  series: Series[];
  /** A horizontal limit line (e.g. the plan's daily tokens). */
  limit?: { value: number; label: string };
}

// CSS variables (styles.css) so the series follow the light and dark palettes
const COLORS = ['var(--series-1)', 'var(--series-2)', 'var(--series-3)', 'var(--series-4)'];

function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

export function Chart({ data, height = 220 }: { data: ChartData; height?: number }) {
  const width = 640;
  const pad = { l: 56, r: 12, t: 12, b: 40 };
  const all = data.series.flatMap((s) => s.values);
  const max = niceMax(Math.max(0, ...all, data.limit?.value ?? 0));
  const w = width - pad.l - pad.r;
  const h = height - pad.t - pad.b;
  const n = Math.max(1, data.labels.length);
  const band = w / n;
  const y = (v: number) => pad.t + h - (v / max) * h;
  const every = Math.ceil(n / 8);
  const summary = data.series
    .map((s) => `${s.name}: total ${s.values.reduce((a, b) => a + b, 0)}, max ${Math.max(0, ...s.values)}`)
    .join('; ');
  return (
    <figure className="chart">
      {data.title && <figcaption>{data.title}</figcaption>}
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${data.title ?? 'Chart'}. ${summary}`}>
        {[0, 0.5, 1].map((f) => (
          <g key={f}>
            <line x1={pad.l} x2={width - pad.r} y1={y(max * f)} y2={y(max * f)} className="grid" />
            <text x={pad.l - 6} y={y(max * f) + 4} textAnchor="end" className="axis">
              {(max * f).toLocaleString(undefined, { maximumFractionDigits: 1 })}
            </text>
          </g>
        ))}
        {data.labels.map((l, i) =>
          i % every === 0 ? (
            <text key={i} x={pad.l + band * i + band / 2} y={height - pad.b + 16} textAnchor="middle" className="axis">
              {l}
            </text>
          ) : null,
        )}
        {data.series.map((s, si) => {
          const color = COLORS[si % COLORS.length];
          if (data.kind === 'line') {
            const pts = s.values.map((v, i) => `${pad.l + band * i + band / 2},${y(v)}`).join(' ');
            return <polyline key={s.name} points={pts} fill="none" style={{ stroke: color }} strokeWidth={2} />;
          }
          const bw = (band * 0.8) / data.series.length;
          return s.values.map((v, i) => (
            <rect
              key={s.name + i}
              x={pad.l + band * i + band * 0.1 + bw * si}
              y={y(v)}
              width={Math.max(1, bw)}
              height={Math.max(0, pad.t + h - y(v))}
              style={{ fill: color }}
            >
              <title>{`${data.labels[i]} ${s.name}: ${v}`}</title>
            </rect>
          ));
        })}
        {data.limit && (
          <g>
            <line x1={pad.l} x2={width - pad.r} y1={y(data.limit.value)} y2={y(data.limit.value)} className="limit" />
            <text x={width - pad.r} y={y(data.limit.value) - 4} textAnchor="end" className="axis limit-label">
              {data.limit.label}
            </text>
          </g>
        )}
      </svg>
      {data.series.length > 1 && (
        <ul className="legend">
          {data.series.map((s, i) => (
            <li key={s.name}>
              <span className="swatch" style={{ background: COLORS[i % COLORS.length] }} /> {s.name}
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
}

/**
 * Reads a `chart` frame's spec: either {type, title, labels, series:[{name, data}]} or a Vega-Lite-like
 * {mark, title, data:{values}, encoding:{x:{field}, y:{field}}}; null when it is neither.
 */
export function fromSpec(spec: unknown): ChartData | null {
  if (!spec || typeof spec !== 'object') return null;
  const s = spec as Record<string, any>;
  const kind = (s.type ?? s.mark?.type ?? s.mark) === 'line' ? 'line' : 'bar';
  const title = typeof s.title === 'string' ? s.title : s.title?.text;
  if (Array.isArray(s.labels) && Array.isArray(s.series)) {
    return {
      kind,
      title,
      labels: s.labels.map(String),
      series: s.series.map((x: any, i: number) => ({
        name: String(x.name ?? `series ${i + 1}`),
        values: (x.data ?? x.values ?? []).map(Number),
      })),
    };
  }
  const values = s.data?.values;
  const xf = s.encoding?.x?.field;
  const yf = s.encoding?.y?.field;
  if (Array.isArray(values) && xf && yf) {
    return {
      kind,
      title,
      labels: values.map((v: any) => String(v[xf])),
      series: [{ name: String(yf), values: values.map((v: any) => Number(v[yf]) || 0) }],
    };
  }
  return null;
}

export function SpecChart({ spec }: { spec: unknown }) {
  const data = fromSpec(spec);
  if (!data) {
    return (
      <details className="chart-raw">
        <summary>Chart (unsupported format)</summary>
        <pre>{JSON.stringify(spec, null, 2)}</pre>
      </details>
    );
  }
  return <Chart data={data} />;
}
