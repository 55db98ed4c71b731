/**
 * A strict reader of Prometheus' text exposition format (version 0.0.4), for
 * checking what GET /metrics serves: every line is a `# HELP`, a `# TYPE`, or
 * a sample `name{label="value",…} number`; a sample's family must have been
 * typed before it. Throws on the first line that is none of those.
 */
export interface MetricFamily {
  type: string;
  help: string;
  samples: { name: string; labels: Record<string, string>; value: number }[];
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
// Values as Prometheus reads them (Go's ParseFloat): NaN and Inf in any case — prom-client writes an unset mean as `Nan`.
const SAMPLE = new RegExp(`^(${NAME})(?:\\{(.*)\\})? (-?(?:[0-9.]+(?:e[+-]?[0-9]+)?|[nN][aA][nN]|[+-]?[iI][nN][fF]))(?: -?[0-9]+)?$`);
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;
const SUFFIXES = ['_bucket', '_sum', '_count', '_total', '_created'];

export function parsePrometheusText(text: string): Map<string, MetricFamily> {
  const families = new Map<string, MetricFamily>();
  const familyOf = (name: string): MetricFamily | undefined => {
    if (families.has(name)) return families.get(name);
    const suffix = SUFFIXES.find((s) => name.endsWith(s));
    return suffix ? families.get(name.slice(0, -suffix.length)) : undefined;
  };
  text.split('\n').forEach((line, i) => {
    const where = `line ${i + 1}: ${line}`;
    if (line === '') return;
    const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
    if (meta) {
      const [, kind, name, rest] = meta as unknown as [string, string, string, string];
      if (!new RegExp(`^${NAME}$`).test(name)) throw new Error(`bad metric name, ${where}`);
      const family = families.get(name) ?? { type: 'untyped', help: '', samples: [] };
      if (kind === 'TYPE') {
        if (!['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(rest)) throw new Error(`bad type, ${where}`);
        family.type = rest;
      } else family.help = rest;
      families.set(name, family);
      return;
    }
    if (line.startsWith('#')) return;
    const sample = SAMPLE.exec(line);
    if (!sample) throw new Error(`not a sample, ${where}`);
    const [, name, labelText = '', value] = sample as unknown as [string, string, string | undefined, string];
    const family = familyOf(name);
    if (!family) throw new Error(`sample of an undeclared metric, ${where}`);
    const labels: Record<string, string> = {};
    const rest = labelText.replace(LABEL, (_, key: string, v: string) => {
      labels[key] = v;
      return '';
    });
    if (rest.replace(/,/g, '').trim() !== '') throw new Error(`bad labels, ${where}`);
    family.samples.push({ name, labels, value: /^nan$/i.test(value) ? Number.NaN : /inf$/i.test(value) ? (value.startsWith('-') ? -Infinity : Infinity) : Number(value) });
  });
  return families;
}
