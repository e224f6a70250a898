import { afterEach, describe, expect, it, vi } from 'vitest';
import { csvField, dataUrlToBlob, download, reportToCsv, reportToJson } from './report-export';
import { threeClassReport } from './report-fixture';

/** RFC 4180 reader, enough to read our own output back: quoted fields, doubled quotes, CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

const num = (s: string | undefined) => (s === '' || s === undefined ? undefined : Number(s));

describe('reportToCsv', () => {
  const report = threeClassReport();
  const rows = parseCsv(reportToCsv(report));

  it('reads back to core’s exact per-class figures', () => {
    expect(rows[0]).toEqual(['label', 'precision', 'recall', 'f1', 'support']);
    for (const [i, label] of ['angry', 'happy', 'sad'].entries()) {
      const s = report.perClass[label]!;
      const [name, ...values] = rows[1 + i]!;
      expect(name).toBe(label);
      expect(values.map(num)).toEqual([s.precision, s.recall, s.f1, s.support]);
    }
  });

  it('adds accuracy, macro, weighted and UAR rows with sklearn’s blanks', () => {
    const byLabel = new Map(rows.slice(4, 8).map(([l, ...v]) => [l, v.map(num)]));
    expect(byLabel.get('accuracy')).toEqual([undefined, undefined, report.accuracy, report.total]);
    const m = report.macroAvg;
    const w = report.weightedAvg;
    expect(byLabel.get('macro avg')).toEqual([m.precision, m.recall, m.f1, m.support]);
    expect(byLabel.get('weighted avg')).toEqual([w.precision, w.recall, w.f1, w.support]);
    expect(byLabel.get('UAR')).toEqual([undefined, report.uar, undefined, report.total]);
  });

  it('appends the confusion matrix in counts, labelled both ways', () => {
    const header = rows.findIndex((r) => r[0] === 'true \\ predicted');
    expect(rows[header - 2]).toEqual(['']);
    expect(rows[header]!.slice(1)).toEqual(report.labels);
    const block = rows.slice(header + 1, header + 1 + report.labels.length);
    expect(block.map((r) => r[0])).toEqual(report.labels);
    expect(block.map((r) => r.slice(1).map(Number))).toEqual(report.confusionMatrix);
    expect(rows.at(-1)).toEqual(['clips evaluated', '10']);
  });

  it('counts excluded and failed clips when the report has them', () => {
    const more = parseCsv(reportToCsv({ ...report, excluded: 3, failed: [{ path: '/x.wav', reason: 'empty' }] }));
    expect(more.slice(-3)).toEqual([
      ['clips evaluated', '10'],
      ['clips excluded', '3'],
      ['clips failed', '1'],
    ]);
  });

  it('keeps a label with a comma and quotes intact', () => {
    const odd = { ...report, labels: ['a,"b"', 'happy', 'neutral', 'sad'], perClass: { ...report.perClass, 'a,"b"': report.perClass.angry! } };
    const back = parseCsv(reportToCsv(odd));
    expect(back[1]![0]).toBe('a,"b"');
    expect(back.find((r) => r[0] === 'true \\ predicted')![1]).toBe('a,"b"');
  });
});

describe('csvField', () => {
  it('quotes only what needs it and writes numbers in full', () => {
    expect(csvField('happy')).toBe('happy');
    expect(csvField('macro avg')).toBe('macro avg');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField(' padded')).toBe('" padded"');
    expect(csvField(2 / 3)).toBe('0.6666666666666666');
    expect(csvField(-0.5)).toBe('-0.5');
    expect(csvField(undefined)).toBe('');
    expect(csvField(Number.NaN)).toBe('');
  });

  it('defuses text a spreadsheet would run as a formula', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-sad')).toBe("'-sad");
    expect(csvField('@sum')).toBe("'@sum");
  });
});

describe('reportToJson', () => {
  it('round-trips the whole report, extras included', () => {
    const report = { ...threeClassReport(), excluded: 2, misclassified: [{ path: '/s.wav', label: 'sad', predicted: 'angry', confidence: 0.81 }] };
    const text = reportToJson(report);
    expect(JSON.parse(text)).toEqual(report);
    expect(text).toContain('\n  "labels": [');
  });
});

describe('dataUrlToBlob', () => {
  it('decodes base64 bytes and keeps the type', async () => {
    const blob = dataUrlToBlob('data:image/png;base64,iVBORw0KGgo=');
    expect(blob.type).toBe('image/png');
    expect([...new Uint8Array(await blob.arrayBuffer())]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });
  it('decodes percent-encoded text and refuses other strings', async () => {
    expect(await dataUrlToBlob('data:text/csv,a%2Cb').text()).toBe('a,b');
    expect(() => dataUrlToBlob('https://example.org/x.png')).toThrow('not a data: URL');
  });
});

describe('download', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
    vi.useRealTimers();
  });

  it('clicks a hidden <a download> on an object URL, then removes it and revokes the URL', async () => {
    vi.useFakeTimers();
    const anchor = { href: '', download: '', style: { display: '' }, click: vi.fn(), remove: vi.fn() };
    const append = vi.fn();
    vi.stubGlobal('document', { createElement: vi.fn(() => anchor), body: { append } });
    let saved: Blob | undefined;
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      saved = b as Blob;
      return 'blob:report-1';
    });
    const revoke = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);

    download('report.csv', 'label,f1\r\n', 'text/csv');

    expect(anchor).toMatchObject({ href: 'blob:report-1', download: 'report.csv', style: { display: 'none' } });
    expect(append).toHaveBeenCalledWith(anchor);
    expect(anchor.click).toHaveBeenCalledOnce();
    expect(anchor.remove).toHaveBeenCalledOnce();
    expect(saved?.type).toBe('text/csv');
    expect(await saved?.text()).toBe('label,f1\r\n');
    expect(revoke).not.toHaveBeenCalled();
    vi.runAllTimers();
    expect(revoke).toHaveBeenCalledWith('blob:report-1');
  });

  it('saves a Blob as it is', () => {
    const anchor = { href: '', download: '', style: { display: '' }, click: vi.fn(), remove: vi.fn() };
    vi.stubGlobal('document', { createElement: () => anchor, body: { append: () => undefined } });
    const png = new Blob([new Uint8Array([0x89])], { type: 'image/png' });
    const create = vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:png');
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    download('matrix.png', png);
    expect(create).toHaveBeenCalledWith(png);
    expect(anchor.download).toBe('matrix.png');
  });
});
