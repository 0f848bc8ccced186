import { describe, expect, it } from 'vitest';
import { markdownTable } from '../src/markdown-table.js';

describe('markdownTable', () => {
  it('pads every column to its widest cell, as Biome formats a table, so RESULTS.md passes lint as written', () => {
    const lines = markdownTable(
      ['records/s', 'calls'],
      [
        ['100', '10,000'],
        ['5,000', '25'],
      ],
    ).split('\n');
    expect(lines).toEqual([
      '| records/s | calls  |',
      '| --------- | ------ |',
      '| 100       | 10,000 |',
      '| 5,000     | 25     |',
    ]);
  });

  it('gives a column at least three dashes, and an empty cell where a row is short', () => {
    expect(markdownTable(['a', 'b'], [['x']]).split('\n')).toEqual([
      '| a   | b   |',
      '| --- | --- |',
      '| x   |     |',
    ]);
  });
});
