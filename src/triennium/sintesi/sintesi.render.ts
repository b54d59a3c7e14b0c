/**
 * The three renditions of a sintesi, each a pure function of it: JSON (RFC 8785 canonical: sorted
 * keys, no whitespace), a printable Italian HTML page, a PDF (sintesi.pdf.ts). The sintesi's
 * SHA-256 is the hash of its canonical JSON without the `sha256` field: the one hash the approval
 * and the determina cite, printed in the page and the PDF and sent as `X-Sintesi-Sha256`.
 */
import { canonicalJson, sha256Hex } from '../../integrity/hash-chain.js';
import type { Sintesi, SintesiContributo } from './sintesi.build.js';

export function sintesiSha256(s: Sintesi): string {
  return sha256Hex(canonicalJson(s));
}

/** The JSON rendition: the sintesi with its hash, canonical. */
export function sintesiJson(s: Sintesi, sha256 = sintesiSha256(s)): string {
  return canonicalJson({ ...s, sha256 });
}

export const ESITO_IT: Record<string, string> = {
  accolto: 'Accolto',
  accolto_in_parte: 'Accolto in parte',
  non_accolto: 'Non accolto',
  rinviato_fase_attuativa: 'Rinviato alla fase attuativa',
};
export const KIND_IT: Record<string, string> = {
  need: 'Bisogno',
  proposal: 'Proposta',
  observation: 'Osservazione',
  evidence: 'Evidenza',
};
export const NO_ESITO = 'esito non registrato';

/** `YYYY-MM-DD` → `DD/MM/YYYY`. */
export function dataIt(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(day);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : day;
}

export function esitoText(c: SintesiContributo): string {
  return c.esito ? (ESITO_IT[c.esito.esito] ?? c.esito.esito) : NO_ESITO;
}

export function titleOf(s: Sintesi): string {
  return s.tavolo
    ? `Documento istruttorio di sintesi — tavolo «${s.tavolo.name}»`
    : 'Documento istruttorio di sintesi';
}

export function asOfText(s: Sintesi): string {
  return s.asOf.occurredAt
    ? `Generato dal registro fino all'evento in posizione ${s.asOf.position} (${s.asOf.occurredAt}).`
    : 'Generato dal registro: nessun evento.';
}

const esc = (t: string): string =>
  t.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

const PRINT_CSS = `
body{font-family:"Titillium Web",Helvetica,Arial,sans-serif;color:#1a1a1a;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.25rem;border-bottom:2px solid #06c;padding-bottom:.2rem;margin-top:2rem}
h3{font-size:1.05rem;margin-top:1.4rem}table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}
th,td{border:1px solid #999;padding:.25rem .4rem;text-align:left;vertical-align:top;font-size:.92rem}
th{background:#eef3f8}.hash{font-family:monospace;word-break:break-all;font-size:.85rem}
.esito-mancante{color:#a61919;font-weight:600}.meta{color:#444;font-size:.9rem}
@media print{body{margin:0;max-width:none;font-size:10pt}h2{break-after:avoid}tr,li{break-inside:avoid}a{color:inherit;text-decoration:none}
@page{size:A4;margin:18mm 16mm}}`;

export function sintesiHtml(s: Sintesi, sha256 = sintesiSha256(s)): string {
  const out: string[] = [];
  const p = (x: string) => out.push(x);
  const title = titleOf(s);
  p('<!DOCTYPE html>');
  p('<html lang="it"><head><meta charset="utf-8">');
  p('<meta name="viewport" content="width=device-width, initial-scale=1">');
  p(
    `<title>${esc(title)} — ${esc(s.ambito.name)} ${s.triennio.startYear}-${s.triennio.endYear}</title>`,
  );
  p(`<style>${PRINT_CSS}</style></head><body><main>`);
  p(`<h1>${esc(title)}</h1>`);
  p(
    `<p class="meta">${esc(s.ambito.name)} (${esc(s.ambito.region)}), capofila ${esc(s.ambito.capofila)} — ` +
      `Piano di Zona ${s.triennio.startYear}-${s.triennio.endYear} (${esc(s.triennio.id)})</p>`,
  );
  p(`<p class="meta">${esc(asOfText(s))}</p>`);
  p(`<p class="meta">SHA-256 del documento: <span class="hash">${sha256}</span></p>`);

  const t = s.totali;
  p('<h2>Sintesi</h2><ul>');
  p(`<li>Enti partecipanti ammessi: ${t.partecipanti}</li>`);
  p(`<li>Sedute dei tavoli: ${t.sedute}</li>`);
  p(
    `<li>Contributi: ${t.contributi} (con esito ${t.contributiConEsito}, senza esito ${t.contributiSenzaEsito})</li>`,
  );
  p(`<li>Obiettivi del piano: ${t.obiettivi}</li></ul>`);

  if (s.avvisi.length > 0 && !s.tavolo) {
    p(
      '<h2>Avvisi</h2><table><thead><tr><th scope="col">Avviso</th><th scope="col">Tipo</th><th scope="col">Atto</th><th scope="col">Scadenza</th></tr></thead><tbody>',
    );
    for (const a of s.avvisi)
      p(
        `<tr><td>${esc(a.title)}</td><td>${esc(a.kind)}</td><td>${esc(a.actReference ?? '—')}</td><td>${esc(a.closesAt)}</td></tr>`,
      );
    p('</tbody></table>');
  }

  p('<h2>Partecipanti</h2>');
  if (s.partecipanti.length === 0) p('<p>Nessun ente ammesso.</p>');
  else {
    p(
      '<table><thead><tr><th scope="col">Ente</th><th scope="col">Codice fiscale</th><th scope="col">Categoria</th><th scope="col">Comune</th><th scope="col">Ruolo</th><th scope="col">Ammesso il</th></tr></thead><tbody>',
    );
    for (const e of s.partecipanti)
      p(
        `<tr><td>${esc(e.name)}</td><td>${esc(e.codiceFiscale)}</td><td>${esc(e.category)}</td><td>${esc(e.comune)}</td>` +
          `<td>${e.role === 'consultivo' ? 'consultivo' : 'ordinario'}</td><td>${dataIt(e.admittedOn)}</td></tr>`,
      );
    p('</tbody></table>');
  }
  if (s.esclusi.length > 0) {
    p(
      '<h3>Domande non ammesse</h3><table><thead><tr><th scope="col">Ente</th><th scope="col">Codice fiscale</th><th scope="col">Motivazione</th><th scope="col">Data</th></tr></thead><tbody>',
    );
    for (const e of s.esclusi)
      p(
        `<tr><td>${esc(e.name)}</td><td>${esc(e.codiceFiscale)}</td><td>${esc(e.reason ?? '—')}</td><td>${dataIt(e.decidedOn)}</td></tr>`,
      );
    p('</tbody></table>');
  }

  for (const tv of s.tavoli) {
    p(`<h2>Tavolo «${esc(tv.name)}»</h2>`);
    p(
      `<p class="meta">Area: ${esc(tv.policyArea)}${tv.description ? ` — ${esc(tv.description)}` : ''}. Membri: ${tv.membri.map((m) => esc(m.name)).join(', ') || 'nessuno'}.</p>`,
    );
    p('<h3>Sedute e presenze</h3>');
    if (tv.sedute.length === 0) p('<p>Nessuna seduta registrata.</p>');
    else {
      p(
        '<table><thead><tr><th scope="col">Data</th><th scope="col">Seduta</th><th scope="col">Presenti</th><th scope="col">Assenti</th><th scope="col">Verbale (SHA-256)</th></tr></thead><tbody>',
      );
      for (const se of tv.sedute)
        p(
          `<tr><td>${dataIt(se.heldOn)}</td><td>${esc(se.title)}</td><td>${se.presenti.map((x) => esc(x.name)).join(', ') || '—'}</td>` +
            `<td>${se.assenti.map((x) => esc(x.name)).join(', ') || '—'}</td><td class="hash">${se.minutesSha256 ?? '—'}</td></tr>`,
        );
      p('</tbody></table>');
    }
    p('<h3>Contributi ed esiti</h3>');
    if (tv.contributi.length === 0) p('<p>Nessun contributo.</p>');
    else {
      p(
        '<table><thead><tr><th scope="col">Contributo</th><th scope="col">Ente</th><th scope="col">Esito e motivazione</th><th scope="col">Obiettivi</th></tr></thead><tbody>',
      );
      for (const c of tv.contributi) {
        const esito = c.esito
          ? `<strong>${esc(esitoText(c))}</strong> (${dataIt(c.esito.recordedOn)}${c.esito.actReference ? `, ${esc(c.esito.actReference)}` : ''}): ${esc(c.esito.reasons)}`
          : `<span class="esito-mancante">${NO_ESITO}</span>`;
        p(
          `<tr><td><strong>${esc(KIND_IT[c.kind] ?? c.kind)}: ${esc(c.title)}</strong><br>${esc(c.body)}` +
            `${c.phase === 'implementation' ? '<br><em>fase di attuazione</em>' : ''}<br><span class="meta">${dataIt(c.recordedOn)}</span></td>` +
            `<td>${esc(c.ente.name)}</td><td>${esito}</td><td>${c.obiettivi.map(esc).join(', ') || '—'}</td></tr>`,
        );
      }
      p('</tbody></table>');
    }
  }

  p('<h2>Obiettivi del piano</h2>');
  if (!s.piano) p('<p>Il piano non è ancora approvato.</p>');
  else {
    p(
      `<p class="meta">Approvato il ${dataIt(s.piano.approvedOn)} da ${esc(s.piano.approvedBy)} (${esc(s.piano.actReference)}). ` +
        `Documento di piano SHA-256 <span class="hash">${s.piano.documentSha256}</span></p>`,
    );
    p(
      '<table><thead><tr><th scope="col">Codice</th><th scope="col">Obiettivo</th><th scope="col">Motivazione</th><th scope="col">Contributi</th></tr></thead><tbody>',
    );
    for (const o of s.piano.objectives)
      p(
        `<tr><td>${esc(o.code)}</td><td>${esc(o.title)}</td><td>${esc(o.rationale)}</td><td>${o.contributionIds.length}</td></tr>`,
      );
    p('</tbody></table>');
  }
  if (s.documenti.length > 0) {
    p(
      '<h2>Documenti pubblici</h2><table><thead><tr><th scope="col">Documento</th><th scope="col">Tipo</th><th scope="col">SHA-256</th></tr></thead><tbody>',
    );
    for (const d of s.documenti)
      p(
        `<tr><td>${esc(d.title)}</td><td>${esc(d.kind)}</td><td class="hash">${d.sha256}</td></tr>`,
      );
    p('</tbody></table>');
  }
  p('</main></body></html>');
  return out.join('\n') + '\n';
}
