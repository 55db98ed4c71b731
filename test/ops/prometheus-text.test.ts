import { describe, expect, it } from 'vitest';
import { parsePrometheusText } from '../support/prometheus-text';

// The checker the /metrics test relies on must itself refuse what Prometheus would.
describe('parsePrometheusText', () => {
  it('reads families, labels (escaped quotes included) and values', () => {
    const families = parsePrometheusText(
      ['# HELP x_total Things.', '# TYPE x_total counter', 'x_total{crm="amocrm",status="200"} 3', 'x_total{note="a \\"b\\""} 1', '# TYPE lag gauge', 'lag Nan', ''].join('\n'),
    );
    expect(families.get('x_total')).toEqual({
      type: 'counter',
      help: 'Things.',
      samples: [
        { name: 'x_total', labels: { crm: 'amocrm', status: '200' }, value: 3 },
        { name: 'x_total', labels: { note: 'a \\"b\\"' }, value: 1 },
      ],
    });
    expect(families.get('lag')!.samples[0]!.value).toBeNaN();
  });

  it.each([
    ['a sample of an undeclared family', 'y 1'],
    ['a value that is not a number', '# TYPE y gauge\ny one'],
    ['labels without quotes', '# TYPE y gauge\ny{a=b} 1'],
    ['an unknown type', '# TYPE y meter'],
  ])('refuses %s', (_, text) => {
    expect(() => parsePrometheusText(text)).toThrow();
  });
});
