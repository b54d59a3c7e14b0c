/** Registering an ambito (the platform's operator) and opening its triennium (its office). */
import { CommandForm, TextInput } from '@/components/command-form';
import { bind, useCommandForm } from '@/lib/command-form';
import { commands } from '../api/console';

/** Comuni typed one per line (or separated by commas), as they come from a list. */
const comuniOf = (text: string) =>
  text
    .split(/[\n,;]/)
    .map((c) => c.trim())
    .filter(Boolean);

export function RegisterAmbitoForm({
  onWritten,
}: {
  onWritten(id: string, position: string): void;
}) {
  const form = useCommandForm({
    initial: { id: '', name: '', region: '', capofila: '', comuni: '' },
    send: (v, headers) =>
      commands.registerAmbito(
        {
          id: v.id.trim(),
          name: v.name,
          region: v.region,
          capofila: v.capofila.trim(),
          comuni: comuniOf(v.comuni),
        },
        headers,
      ),
    codeFields: { AMBITO_EXISTS: 'id' },
    onSuccess: (r) => onWritten(r.id, r.position),
  });
  return (
    <CommandForm form={form} submitLabel="Registra l’ambito" done="Ambito registrato.">
      <TextInput
        label="Identificativo dell’ambito"
        hint="Lettere minuscole, cifre e trattini, es. «varese»: compare negli indirizzi delle pagine."
        required
        {...bind(form, 'id')}
      />
      <TextInput label="Denominazione" required {...bind(form, 'name')} />
      <TextInput label="Regione" required {...bind(form, 'region')} />
      <TextInput
        label="Comuni dell’ambito"
        hint="Separati da virgole, es. «Varese, Azzate, Brinzio»."
        required
        {...bind(form, 'comuni')}
      />
      <TextInput
        label="Comune capofila"
        hint="Uno dei comuni dell’ambito."
        required
        {...bind(form, 'capofila')}
      />
    </CommandForm>
  );
}

export function OpenTrienniumForm({
  ambitoId,
  onWritten,
}: {
  ambitoId: string;
  onWritten(tid: string, position: string): void;
}) {
  const form = useCommandForm({
    initial: { startYear: String(new Date().getFullYear()) },
    send: (v, headers) =>
      commands.openTriennium(
        ambitoId,
        // A year typed as text: a number for the API, or the text itself for it to refuse.
        {
          startYear: /^\d+$/.test(v.startYear.trim())
            ? Number(v.startYear)
            : (v.startYear as never),
        },
        headers,
      ),
    codeFields: { TRIENNIUM_EXISTS: 'startYear' },
    onSuccess: (r) => onWritten(r.id, r.position),
  });
  return (
    <CommandForm form={form} submitLabel="Apri il triennio" done="Triennio aperto.">
      <TextInput
        label="Primo anno del triennio"
        hint="Il triennio dura tre anni: aprendo il 2026 si apre il Piano di Zona 2026-2028."
        inputMode="numeric"
        required
        {...bind(form, 'startYear')}
      />
    </CommandForm>
  );
}
