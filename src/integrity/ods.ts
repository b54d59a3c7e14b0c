/**
 * The spreadsheet export as an OpenDocument spreadsheet (`.ods`, ISO/IEC 26300), written as a
 * stream: LibreOffice, Excel and Google Sheets open it as it is, with no import dialog, no
 * separator to choose and no encoding to guess. Every cell is typed (`string` or `float`), so no
 * text is ever taken for a formula: the CSV's quote prefix is not needed here.
 *
 * The zip container is fflate's (streaming, no dependencies); the three parts a spreadsheet needs
 * (`mimetype` first and stored, the manifest, `content.xml`) are written here.
 */
import { Zip, ZipDeflate, ZipPassThrough, strToU8 } from 'fflate';

export const ODS_MEDIA_TYPE = 'application/vnd.oasis.opendocument.spreadsheet';

const MANIFEST = `<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type="${ODS_MEDIA_TYPE}"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
`;

const CONTENT_HEAD = `<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet>`;
const CONTENT_TAIL = '</table:table></office:spreadsheet></office:body></office:document-content>';

/** XML 1.0 text: markup escaped, the control characters it cannot hold dropped. */
function xmlText(value: string): string {
  return (
    value
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
  );
}

/** A whole number a spreadsheet holds exactly (15 digits), e.g. a revision or a position. */
const EXACT_NUMBER = /^(0|[1-9]\d{0,14})$/;

function cell(value: string, numeric: boolean): string {
  if (value === '') return '<table:table-cell/>';
  if (numeric && EXACT_NUMBER.test(value))
    return `<table:table-cell office:value-type="float" office:value="${value}"><text:p>${value}</text:p></table:table-cell>`;
  // One paragraph per line: a line break inside a cell stays a line break.
  const lines = value
    .split(/\r\n|\r|\n/)
    .map((l) => `<text:p>${xmlText(l)}</text:p>`)
    .join('');
  return `<table:table-cell office:value-type="string">${lines}</table:table-cell>`;
}

/**
 * An .ods being written: `row()` the records, `take()` the bytes made so far (write them, then
 * go on), `end()` and `take()` the last ones.
 */
export class OdsStream {
  private readonly zip: Zip;
  private readonly content: ZipDeflate;
  private chunks: Uint8Array[] = [];
  private pending = '';

  /** `numeric`: the columns whose whole-number cells are numbers (the others are text). */
  constructor(
    sheetName: string,
    private readonly numeric: ReadonlySet<number> = new Set(),
  ) {
    this.zip = new Zip((error, chunk) => {
      if (error) throw error;
      this.chunks.push(chunk);
    });
    const mimetype = new ZipPassThrough('mimetype');
    this.zip.add(mimetype);
    mimetype.push(strToU8(ODS_MEDIA_TYPE), true);
    const manifest = new ZipDeflate('META-INF/manifest.xml', { level: 6 });
    this.zip.add(manifest);
    manifest.push(strToU8(MANIFEST), true);
    this.content = new ZipDeflate('content.xml', { level: 6 });
    this.zip.add(this.content);
    this.pending = `${CONTENT_HEAD}<table:table table:name="${xmlText(sheetName)}">`;
  }

  row(cells: readonly string[]): void {
    this.pending += '<table:table-row>';
    cells.forEach((c, i) => (this.pending += cell(c, this.numeric.has(i))));
    this.pending += '</table:table-row>';
  }

  /** The bytes of the file made so far. */
  take(): Buffer {
    if (this.pending !== '') {
      this.content.push(strToU8(this.pending), false);
      this.pending = '';
    }
    const out = Buffer.concat(this.chunks);
    this.chunks = [];
    return out;
  }

  end(): void {
    this.content.push(strToU8(this.pending + CONTENT_TAIL), true);
    this.pending = '';
    this.zip.end();
  }
}
