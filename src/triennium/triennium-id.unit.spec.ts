import { describe, expect, it } from '@jest/globals';
import { ambitoOfTriennium, parseTrienniumId } from './triennium-id.js';

describe('a triennium id', () => {
  it('names its ambito and its three years', () => {
    expect(parseTrienniumId('varese-2025-2027')).toEqual({
      ambitoId: 'varese',
      startYear: 2025,
      endYear: 2027,
    });
    expect(ambitoOfTriennium('alto-milanese-2024-2026')).toBe('alto-milanese');
  });

  it.each([
    ['years not two apart', 'varese-2025-2030'],
    ['no years', 'varese'],
    ['an ambito id that is not a slug', 'Varese-2025-2027'],
    ['an empty ambito id', '-2025-2027'],
    ['an ambito id longer than 64', `${'a'.repeat(65)}-2025-2027`],
  ])('names no triennium with %s', (_, id) => {
    expect(parseTrienniumId(id)).toBeNull();
    expect(ambitoOfTriennium(id)).toBeNull();
  });

  it('takes an ambito id of exactly 64 characters', () => {
    expect(ambitoOfTriennium(`${'a'.repeat(64)}-2025-2027`)).toBe('a'.repeat(64));
  });
});
