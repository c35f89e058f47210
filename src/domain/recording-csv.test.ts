import { describe, expect, it } from 'vitest';
import { CSV_HEADER, csvRow, toCsv } from './recording-csv';
import { flagsOf } from './recording-chunk';

const time = Date.UTC(2025, 0, 2, 3, 4, 5, 6);

describe('log selection as CSV', () => {
  it('writes text payloads as text and binary ones as base64', () => {
    expect(
      csvRow({
        topic: 'a/b',
        payload: new TextEncoder().encode('{"v": "x"}'),
        flags: flagsOf(1, true),
        timeMs: time,
      }),
    ).toBe('"2025-01-02T03:04:05.006Z","a/b",1,true,text,"{""v"": ""x""}",""');
    expect(csvRow({ topic: 'bin', payload: Uint8Array.of(0xff, 0), flags: 0, timeMs: time })).toBe(
      '"2025-01-02T03:04:05.006Z","bin",0,false,base64,"/wA=",""',
    );
  });

  it('keeps cells that could run as formulas as text', () => {
    const row = csvRow({
      topic: '=cmd|/C calc!A0',
      payload: new TextEncoder().encode('@SUM(1+1)'),
      flags: 0,
      timeMs: time,
      properties: { contentType: '+x' },
    });
    expect(row).toContain(`"'=cmd|/C calc!A0"`);
    expect(row).toContain(`"'@SUM(1+1)"`);
    expect(row).toContain('"{""contentType"":""+x""}"');
  });

  it('writes properties as JSON, correlation data in base64', () => {
    const row = csvRow({
      topic: 't',
      payload: new Uint8Array(),
      flags: 0,
      timeMs: time,
      properties: {
        correlationData: Uint8Array.of(1, 2),
        userProperties: [{ key: 'k', value: 'v' }],
      },
    });
    expect(
      row.endsWith(
        '"{""userProperties"":[{""key"":""k"",""value"":""v""}],""correlationData"":""AQI=""}"',
      ),
    ).toBe(true);
  });

  it('puts a header first and ends lines with CRLF', () => {
    const csv = toCsv([{ topic: 't', payload: new Uint8Array(), flags: 0, timeMs: time }]);
    expect(csv.split('\r\n')).toEqual([
      CSV_HEADER,
      '"2025-01-02T03:04:05.006Z","t",0,false,text,"",""',
      '',
    ]);
  });
});
