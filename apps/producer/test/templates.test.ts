/** The shipped templates: each file equals its constant, and renders records the handlers' METRICS can read. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileTemplate, TEMPLATES, WEB_EVENT_TEMPLATE } from '../src/index.js';

describe('shipped templates', () => {
  it('keeps each file under templates/ equal to its constant', () => {
    for (const { template, file } of Object.values(TEMPLATES)) {
      const text = readFileSync(fileURLToPath(new URL(`../${file}`, import.meta.url)), 'utf8');
      expect(text.trim()).toBe(template);
    }
  });

  it('renders the web event as one-line JSON with the fields the README maps', () => {
    const compiled = compileTemplate(WEB_EVENT_TEMPLATE, { seed: 1 });
    const routes = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const line = compiled.render();
      expect(line).not.toContain('\n');
      const event = JSON.parse(line);
      expect(Object.keys(event)).toEqual(['service', 'route', 'status', 'latencyMs', 'bytes', 'requestId']);
      expect([200, 201, 404, 500]).toContain(event.status);
      expect(event.latencyMs).toBeGreaterThanOrEqual(1);
      expect(event.latencyMs).toBeLessThanOrEqual(1500);
      expect(Number.isInteger(event.bytes)).toBe(true);
      routes.add(event.route);
    }
    expect([...routes].sort()).toEqual(['/browse', '/buy', '/cart', '/checkout', '/search']);
  });
});
