/**
 * The PDF rendition, written by hand so its bytes are a function of the sintesi alone: PDF 1.4,
 * A4, the standard Helvetica and Helvetica-Bold (WinAnsiEncoding; every reader has them, so no
 * font file is read from the machine and none is embedded), uncompressed content streams,
 * /CreationDate and /ModDate the time of the last event covered, /ID from the sintesi's SHA-256.
 * No library: nothing in it depends on a version, a clock or a random id. Text is wrapped with
 * Helvetica's own character widths (AFM), so lines stay within the margins.
 */
import type { Sintesi } from './sintesi.build.js';
import { asOfText, dataIt, esitoText, KIND_IT, titleOf } from './sintesi.render.js';

// Helvetica widths (1/1000 em) of ASCII 32..126, from its AFM.
const HELVETICA = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
  556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667,
  611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
  667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500,
  222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];
// Helvetica-Bold of ASCII 32..126.
const HELVETICA_BOLD = [
  278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
  556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667,
  611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
  667, 611, 333, 278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556,
  278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
];

/** WinAnsi (cp1252) bytes of the characters outside Latin-1 that Italian text uses. */
const WIN_ANSI: Record<string, number> = {
  '€': 0x80,
  '‚': 0x82,
  '„': 0x84,
  '…': 0x85,
  '‘': 0x91,
  '’': 0x92,
  '“': 0x93,
  '”': 0x94,
  '•': 0x95,
  '–': 0x96,
  '—': 0x97,
  Œ: 0x8c,
  œ: 0x9c,
};

function winAnsi(text: string): number[] {
  const out: number[] = [];
  for (const ch of text.normalize('NFC')) {
    const c = ch.codePointAt(0)!;
    if (c >= 0x20 && c <= 0x7e) out.push(c);
    else if (c >= 0xa0 && c <= 0xff) out.push(c);
    else if (WIN_ANSI[ch] !== undefined) out.push(WIN_ANSI[ch]);
    else if (c === 0x09 || c === 0x0a || c === 0x0d) out.push(0x20);
    else out.push(0x3f); // '?': a character Helvetica's encoding lacks
  }
  return out;
}

/** Base letters of Latin-1's accented ones, for their widths (same as the letter's). */
const BASE = 'AAAAAAACEEEEIIIIDNOOOOO*OUUUUYPsaaaaaaaceeeeiiiidnooooo/ouuuuypy';
function widthOf(bytes: number[], bold: boolean): number {
  const table = bold ? HELVETICA_BOLD : HELVETICA;
  let w = 0;
  for (const b of bytes) {
    let c = b;
    if (c >= 0xc0) c = BASE.charCodeAt(c - 0xc0);
    w += c >= 32 && c <= 126 ? table[c - 32]! : 556;
  }
  return w / 1000;
}

interface Line {
  bytes: number[];
  size: number;
  bold: boolean;
  indent: number;
  /** Space before this line, in points, beyond its own leading. */
  gap: number;
}

const PAGE_W = 595;
const PAGE_H = 842;
const MARGIN = 50;
const BOTTOM = 60;
const USABLE = PAGE_W - 2 * MARGIN;

class Layout {
  readonly lines: Line[] = [];
  text(text: string, o: { size?: number; bold?: boolean; indent?: number; gap?: number } = {}) {
    const size = o.size ?? 9.5;
    const bold = o.bold ?? false;
    const indent = o.indent ?? 0;
    const max = USABLE - indent;
    let gap = o.gap ?? 0;
    let current: number[] = [];
    const push = () => {
      this.lines.push({ bytes: current, size, bold, indent, gap });
      gap = 0;
      current = [];
    };
    for (const word of text.split(/\s+/).filter((x) => x !== '')) {
      let bytes = winAnsi(word);
      const candidate = current.length === 0 ? bytes : [...current, 0x20, ...bytes];
      if (widthOf(candidate, bold) * size <= max) {
        current = candidate;
        continue;
      }
      if (current.length > 0) push();
      // A word longer than a line (a hash): cut it.
      while (widthOf(bytes, bold) * size > max) {
        let n = bytes.length;
        while (n > 1 && widthOf(bytes.slice(0, n), bold) * size > max) n--;
        current = bytes.slice(0, n);
        push();
        bytes = bytes.slice(n);
      }
      current = bytes;
    }
    if (current.length > 0 || this.lines.length === 0) push();
  }
}

function layoutOf(s: Sintesi, sha256: string): Layout {
  const l = new Layout();
  const h2 = (t: string) => l.text(t, { size: 13, bold: true, gap: 12 });
  const h3 = (t: string) => l.text(t, { size: 10.5, bold: true, gap: 6 });
  l.text(titleOf(s), { size: 16, bold: true });
  l.text(
    `${s.ambito.name} (${s.ambito.region}), capofila ${s.ambito.capofila} — Piano di Zona ${s.triennio.startYear}-${s.triennio.endYear} (${s.triennio.id})`,
    { gap: 4 },
  );
  l.text(asOfText(s));
  l.text(`SHA-256 del documento: ${sha256}`);
  const t = s.totali;
  h2('Sintesi');
  l.text(`Enti partecipanti ammessi: ${t.partecipanti}. Sedute dei tavoli: ${t.sedute}.`);
  l.text(
    `Contributi: ${t.contributi} (con esito ${t.contributiConEsito}, senza esito ${t.contributiSenzaEsito}). Obiettivi del piano: ${t.obiettivi}.`,
  );
  if (s.avvisi.length > 0 && !s.tavolo) {
    h2('Avvisi');
    for (const a of s.avvisi)
      l.text(
        `• ${a.title} (${a.kind}${a.actReference ? `, ${a.actReference}` : ''}), scadenza ${a.closesAt}`,
      );
  }
  h2('Partecipanti');
  if (s.partecipanti.length === 0) l.text('Nessun ente ammesso.');
  for (const e of s.partecipanti)
    l.text(
      `• ${e.name} — C.F. ${e.codiceFiscale}, ${e.category}, ${e.comune}; ruolo ${e.role}; ammesso il ${dataIt(e.admittedOn)}`,
    );
  if (s.esclusi.length > 0) {
    h3('Domande non ammesse');
    for (const e of s.esclusi)
      l.text(`• ${e.name} — C.F. ${e.codiceFiscale}: ${e.reason ?? '—'} (${dataIt(e.decidedOn)})`);
  }
  for (const tv of s.tavoli) {
    h2(`Tavolo «${tv.name}»`);
    l.text(
      `Area: ${tv.policyArea}${tv.description ? ` — ${tv.description}` : ''}. Membri: ${tv.membri.map((m) => m.name).join(', ') || 'nessuno'}.`,
    );
    h3('Sedute e presenze');
    if (tv.sedute.length === 0) l.text('Nessuna seduta registrata.');
    for (const se of tv.sedute) {
      l.text(`${dataIt(se.heldOn)} — ${se.title}`, { bold: true, gap: 3 });
      l.text(`Presenti: ${se.presenti.map((x) => x.name).join(', ') || '—'}`, { indent: 12 });
      l.text(`Assenti: ${se.assenti.map((x) => x.name).join(', ') || '—'}`, { indent: 12 });
      if (se.minutesSha256) l.text(`Verbale SHA-256: ${se.minutesSha256}`, { indent: 12 });
    }
    h3('Contributi ed esiti');
    if (tv.contributi.length === 0) l.text('Nessun contributo.');
    for (const c of tv.contributi) {
      l.text(
        `${KIND_IT[c.kind] ?? c.kind}: ${c.title} — ${c.ente.name} (${dataIt(c.recordedOn)})`,
        {
          bold: true,
          gap: 4,
        },
      );
      l.text(c.body, { indent: 12 });
      l.text(
        `Esito: ${esitoText(c)}` +
          (c.esito
            ? ` (${dataIt(c.esito.recordedOn)}${c.esito.actReference ? `, ${c.esito.actReference}` : ''}) — ${c.esito.reasons}`
            : ''),
        { indent: 12 },
      );
      if (c.obiettivi.length > 0)
        l.text(`Obiettivi del piano: ${c.obiettivi.join(', ')}`, { indent: 12 });
    }
  }
  h2('Obiettivi del piano');
  if (!s.piano) l.text('Il piano non è ancora approvato.');
  else {
    l.text(
      `Approvato il ${dataIt(s.piano.approvedOn)} da ${s.piano.approvedBy} (${s.piano.actReference}). Documento di piano SHA-256 ${s.piano.documentSha256}.`,
    );
    for (const o of s.piano.objectives) {
      l.text(`${o.code} — ${o.title}`, { bold: true, gap: 3 });
      l.text(`${o.rationale} (contributi: ${o.contributionIds.length})`, { indent: 12 });
    }
  }
  if (s.documenti.length > 0) {
    h2('Documenti pubblici');
    for (const d of s.documenti) l.text(`• ${d.title} (${d.kind}) — SHA-256 ${d.sha256}`);
  }
  return l;
}

function pdfString(bytes: number[]): string {
  let out = '(';
  for (const b of bytes) {
    if (b === 0x28 || b === 0x29 || b === 0x5c) out += '\\' + String.fromCharCode(b);
    else out += String.fromCharCode(b);
  }
  return out + ')';
}

/** `D:YYYYMMDDHHmmSSZ` of an ISO instant (the last event's), or the epoch without one. */
function pdfDate(instant: string | null): string {
  const d = instant ? new Date(instant) : new Date(0);
  const iso = (Number.isNaN(d.getTime()) ? new Date(0) : d).toISOString();
  return `D:${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
}

export function sintesiPdf(s: Sintesi, sha256: string): Buffer {
  const lines = layoutOf(s, sha256).lines;
  // Pages: lines placed top-down, a new page when the next would pass the bottom margin.
  const pages: { line: Line; y: number }[][] = [[]];
  let y = PAGE_H - MARGIN;
  for (const line of lines) {
    const lead = line.size * 1.3 + line.gap;
    if (y - lead < BOTTOM && pages[pages.length - 1]!.length > 0) {
      pages.push([]);
      y = PAGE_H - MARGIN;
    }
    y -= pages[pages.length - 1]!.length === 0 ? line.size : lead;
    pages[pages.length - 1]!.push({ line, y });
  }
  const footer = (n: number) =>
    winAnsi(
      `${titleOf(s)} — ${s.ambito.name} ${s.triennio.startYear}-${s.triennio.endYear} — SHA-256 ${sha256.slice(0, 16)}… — pagina ${n} di ${pages.length}`,
    );

  const objects: string[] = [];
  const FONT = 3;
  const FONT_BOLD = 4;
  const INFO = 5;
  const firstPage = 6;
  const pageIds = pages.map((_, i) => firstPage + i * 2);
  objects[1] = '<< /Type /Catalog /Pages 2 0 R /Lang (it-IT) >>';
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`;
  objects[FONT] =
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>';
  objects[FONT_BOLD] =
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>';
  const date = pdfDate(s.asOf.occurredAt);
  objects[INFO] =
    `<< /Title ${pdfString(winAnsi(`${titleOf(s)} — ${s.ambito.name} ${s.triennio.startYear}-${s.triennio.endYear}`))}` +
    ` /Subject ${pdfString(winAnsi(`SHA-256 ${sha256}`))} /Producer (participation-ledger sintesi ${s.formato})` +
    ` /CreationDate (${date}) /ModDate (${date}) >>`;
  pages.forEach((page, i) => {
    const ops: string[] = ['BT'];
    for (const { line, y: ly } of page) {
      ops.push(
        `/F${line.bold ? 2 : 1} ${line.size} Tf 1 0 0 1 ${MARGIN + line.indent} ${ly.toFixed(2)} Tm ${pdfString(line.bytes)} Tj`,
      );
    }
    ops.push(`/F1 7.5 Tf 1 0 0 1 ${MARGIN} 30 Tm ${pdfString(footer(i + 1))} Tj`, 'ET');
    const stream = ops.join('\n');
    const pageId = pageIds[i]!;
    objects[pageId] =
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE_W} ${PAGE_H}] ` +
      `/Resources << /Font << /F1 ${FONT} 0 R /F2 ${FONT_BOLD} 0 R >> >> /Contents ${pageId + 1} 0 R >>`;
    objects[pageId + 1] =
      `<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`;
  });

  // Latin-1 throughout: each character of these strings is one byte of the file.
  let body = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  for (let id = 1; id < objects.length; id++) {
    offsets[id] = Buffer.byteLength(body, 'latin1');
    body += `${id} 0 obj\n${objects[id]}\nendobj\n`;
  }
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let id = 1; id < objects.length; id++)
    body += `${String(offsets[id]).padStart(10, '0')} 00000 n \n`;
  const id = sha256.slice(0, 32);
  body += `trailer\n<< /Size ${objects.length} /Root 1 0 R /Info ${INFO} 0 R /ID [<${id}> <${id}>] >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}
