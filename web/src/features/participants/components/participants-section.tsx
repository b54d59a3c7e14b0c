/**
 * The citizens and informal groups of a triennium on its public page: each by its name only when
 * they consented to publication (and the period has not passed), otherwise by the neutral label
 * the ledger answers ("Cittadina/o n. 7"); then what they said.
 */
import { CONTRIBUTION_KINDS, formatInstant, word } from '@/lib/format';
import type { ParticipantContribution, ParticipantPage } from '../api/participants';

const CHANNELS: Record<string, string> = {
  sportello: "allo sportello dell'Ufficio di Piano",
  seduta: 'in seduta',
  scritto: 'per iscritto',
};

export function ParticipantsSection({
  participants,
  contributions,
}: {
  participants: ParticipantPage;
  contributions: ParticipantContribution[];
}) {
  const people = participants.items;
  return (
    <section aria-labelledby="cittadini" className="mb-4">
      <h2 id="cittadini" className="h3">
        Cittadine, cittadini e gruppi informali ({people.length})
      </h2>
      {people.length === 0 ? (
        <p>Nessuna persona si è ancora iscritta al percorso partecipativo.</p>
      ) : (
        <>
          <p className="small">
            Il nome compare solo con il consenso alla pubblicazione; altrimenti un'etichetta neutra.
          </p>
          <ul className="list-unstyled" id="elenco-cittadini">
            {people.map((p) => (
              <li key={p.id} className="border-bottom py-2" data-testid="partecipante">
                <strong>{p.displayName}</strong>
                <div className="small">
                  {p.tavoli.length > 0 && (
                    <>tavoli: {p.tavoli.map((t) => t.name ?? t.id).join(', ')} · </>
                  )}
                  {p.contributions} {p.contributions === 1 ? 'contributo' : 'contributi'}
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
      {contributions.length > 0 && (
        <>
          <h3 className="h4" id="contributi-cittadini">
            I loro contributi ({contributions.length})
          </h3>
          <ul className="list-unstyled" aria-labelledby="contributi-cittadini">
            {contributions.map((c) => (
              <li key={c.id} className="border-bottom py-2">
                <strong>{c.title}</strong>
                <div className="small">
                  {word(CONTRIBUTION_KINDS, c.kind)} di {c.author.displayName} al tavolo «
                  {c.tavoloName ?? c.tavoloId}», {CHANNELS[c.channel] ?? c.channel} ·{' '}
                  {formatInstant(c.recordedAt)}
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
