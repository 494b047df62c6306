import { describe, expect, it } from 'vitest';
import { interpolate, pickLang } from './i18n';

describe('language', () => {
  it('defaults to zh-CN and honours English', () => {
    expect(pickLang(undefined)).toBe('zh-CN');
    expect(pickLang('en-US,en;q=0.9')).toBe('en-US');
    expect(pickLang('fr-FR, zh-CN;q=0.8')).toBe('zh-CN');
    expect(pickLang('fr-FR')).toBe('zh-CN');
  });

  it('fills placeholders and leaves unknown ones', () => {
    expect(interpolate('{a} and {b}', { a: 1 })).toBe('1 and {b}');
  });
});
