import { useParams } from 'react-router';
import { Show } from '@/components/loaded';
import { trienniumName } from '@/components/triennium-nav';
import { getCall } from '@/features/console/api/console';
import {
  CloseCallForm,
  DecideForm,
  RegisterEnteForm,
} from '@/features/console/components/call-forms';
import { ConsolePage, consoleTriennium, Section } from '@/features/console/components/console-page';
import { CALL_KINDS, ENTE_CATEGORIES } from '@/features/console/lib/words';
import { useConsoleData } from '@/features/console/lib/use-console-data';
import { CALL_STATUS, formatInstant, POLICY_AREAS, REGISTRATION_STATUS, word } from '@/lib/format';

export default function ConsoleCall() {
  const { tid = '', callId = '' } = useParams();
  const call = useConsoleData(`console:call:${callId}`, (p, s) => getCall(callId, p, s));
  const base = consoleTriennium(tid);
  return (
    <ConsolePage
      title={call.data ? `Avviso: ${call.data.title}` : 'Avviso'}
      tid={tid}
      crumbs={[
        { label: trienniumName(tid), to: base },
        { label: 'Avvisi', to: `${base}/avvisi` },
      ]}
    >
      <Show state={call}>
        {(c) => (
          <>
            <dl className="row">
              <dt className="col-sm-3">Stato</dt>
              <dd className="col-sm-9" data-testid="stato-avviso">
                {word(CALL_STATUS, c.status)}
                {c.closeReason ? ` (${c.closeReason})` : ''}
              </dd>
              <dt className="col-sm-3">Procedimento</dt>
              <dd className="col-sm-9">{CALL_KINDS[c.kind]}</dd>
              <dt className="col-sm-3">Scadenza</dt>
              <dd className="col-sm-9">{formatInstant(c.closesAt)}</dd>
              <dt className="col-sm-3">Categorie ammesse</dt>
              <dd className="col-sm-9">
                {c.eligibleCategories.map((k) => ENTE_CATEGORIES[k]).join(', ')}
              </dd>
              <dt className="col-sm-3">Aree</dt>
              <dd className="col-sm-9">
                {c.policyAreas.map((a) => word(POLICY_AREAS, a)).join(', ')}
              </dd>
            </dl>
            <Section title="Iscrizioni" id="iscrizioni">
              {c.registrations.length === 0 && <p>Nessuna iscrizione finora.</p>}
              {c.registrations.map((r) => (
                <div key={r.codiceFiscale} className="card-wrapper mb-3">
                  <div className="card shadow-sm">
                    <div className="card-body">
                      <h3 className="h5 card-title">{r.name}</h3>
                      <p className="mb-2">
                        Codice fiscale {r.codiceFiscale} · {ENTE_CATEGORIES[r.category]} ·{' '}
                        {r.comune}
                        {r.contact?.name && (
                          <>
                            {' '}
                            · riferimento: {r.contact.name}
                            {r.contact.email && (
                              <>
                                {' '}
                                (<a href={`mailto:${r.contact.email}`}>{r.contact.email}</a>)
                              </>
                            )}
                          </>
                        )}
                      </p>
                      <p className="mb-2" data-testid={`esito-${r.codiceFiscale}`}>
                        Esito: <strong>{word(REGISTRATION_STATUS, r.status)}</strong>
                        {r.reason ? ` · motivazione: ${r.reason}` : ''}
                      </p>
                      {r.status === 'pending' && (
                        <DecideForm
                          callId={c.id}
                          registration={r}
                          onWritten={(_, p) => call.written(p)}
                        />
                      )}
                    </div>
                  </div>
                </div>
              ))}
            </Section>
            {c.status === 'open' && (
              <>
                <Section title="Registra un’iscrizione per conto di un ente" id="nuova-iscrizione">
                  <p>Per le domande arrivate per posta o consegnate all’ufficio.</p>
                  <RegisterEnteForm call={c} onWritten={(_, p) => call.written(p)} />
                </Section>
                <Section title="Chiudi l’avviso" id="chiusura">
                  <CloseCallForm callId={c.id} onWritten={(_, p) => call.written(p)} />
                </Section>
              </>
            )}
          </>
        )}
      </Show>
    </ConsolePage>
  );
}
