import css from './styles.css?raw';

/** The custom properties of the first `:root { … }` block after {@code from} in the style sheet. */
function palette(from: number): Record<string, string> {
  const start = css.indexOf(':root {', from);
  const body = css.slice(start, css.indexOf('}', start));
  return Object.fromEntries([...body.matchAll(/(--[\w-]+):\s*([^;]+);/g)].map((m) => [m[1], m[2].trim()]));
}
const light = palette(0);
const dark = palette(css.indexOf('@media (prefers-color-scheme: dark)'));

function luminance(hex: string): number {
  const h = hex.replace('#', '');
  const full = h.length === 3 ? [...h].map((c) => c + c).join('') : h;
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};

// text colour on background colour pairs the style sheet uses
const PAIRS: [string, string][] = [
  ['--text', '--bg'],
  ['--text', '--panel'],
  ['--text', '--input-bg'],
  ['--text', '--code-bg'],
  ['--text', '--subtle'],
  ['--text', '--accent-soft'],
  ['--muted', '--panel'],
  ['--muted', '--bg'],
  ['--muted', '--code-bg'],
  ['--accent', '--panel'],
  ['--accent', '--accent-soft'],
  ['--on-accent', '--accent'],
  ['--danger', '--panel'],
  ['--danger', '--danger-bg'],
  ['--ok', '--ok-bg'],
  ['--warn', '--warn-bg'],
  ['--warn', '--panel'],
];

describe('the colour scheme', () => {
  it('has a dark palette for prefers-color-scheme: dark that redefines every colour', () => {
    expect(css).toContain('color-scheme: light dark');
    expect(Object.keys(light).length).toBeGreaterThan(10);
    expect(Object.keys(dark).sort()).toEqual(Object.keys(light).sort());
  });

  it.each([
    ['light', light],
    ['dark', dark],
  ])('keeps text contrast at WCAG AA (4.5:1) in the %s palette', (_, p) => {
    for (const [fg, bg] of PAIRS) expect(contrast(p[fg], p[bg]), `${fg} on ${bg}`).toBeGreaterThanOrEqual(4.5);
  });

  it('uses no literal colours outside the palettes', () => {
    const outside = css
      .split('\n')
      .filter((l) => !/^\s*--[\w-]+:/.test(l))
      .filter((l) => /#[0-9a-f]{3,6}\b|rgba?\(/i.test(l));
    expect(outside).toEqual([]);
  });
});
