import { describe, expect, it } from 'vitest';
import { checkCustomValues, type FieldDefinition } from './custom-values';

const defs: FieldDefinition[] = [
  { key: 'skin', label: '肤质', type: 'single', options: ['干性', '油性'], required: true },
  { key: 'hobbies', label: '爱好', type: 'multi', options: ['游泳', '跑步'], required: false },
  { key: 'height', label: '身高', type: 'number', options: [], required: false },
  { key: 'wedding', label: '纪念日', type: 'date', options: [], required: false },
  { key: 'note', label: '备注', type: 'text', options: [], required: false },
];

describe('custom field values', () => {
  it('keeps valid values, drops empty optional ones and de-duplicates choices', () => {
    const { values, problem } = checkCustomValues(defs, { skin: '干性', hobbies: ['游泳', '游泳'], height: 172, wedding: '2020-05-20', note: ' 喜欢安静 ' });
    expect(problem).toBeNull();
    expect(values).toEqual({ skin: '干性', hobbies: ['游泳'], height: 172, wedding: '2020-05-20', note: '喜欢安静' });
    expect(checkCustomValues(defs, { skin: '油性', note: '' }).values).toEqual({ skin: '油性' });
  });

  it('names the field and the rule that fails', () => {
    expect(checkCustomValues(defs, {}).problem).toEqual({ key: 'skin', rule: 'required' });
    expect(checkCustomValues(defs, { skin: '中性' }).problem).toEqual({ key: 'skin', rule: 'option' });
    expect(checkCustomValues(defs, { skin: '干性', hobbies: ['下棋'] }).problem).toEqual({ key: 'hobbies', rule: 'option' });
    expect(checkCustomValues(defs, { skin: '干性', height: '172' }).problem).toEqual({ key: 'height', rule: 'type' });
    expect(checkCustomValues(defs, { skin: '干性', wedding: '2020-13-45' }).problem).toEqual({ key: 'wedding', rule: 'type' });
    expect(checkCustomValues(defs, { skin: '干性', wedding: '2021-02-30' }).problem).toEqual({ key: 'wedding', rule: 'type' });
    expect(checkCustomValues(defs, { skin: '干性', shoe: 42 }).problem).toEqual({ key: 'shoe', rule: 'unknown' });
    expect(checkCustomValues(defs, { skin: '干性', note: 'x'.repeat(501) }).problem).toEqual({ key: 'note', rule: 'length' });
  });
});
