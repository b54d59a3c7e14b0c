import { ESITI, type Esito } from '../../domain/vocabularies.js';
import { OneOf, Text } from '../../http/dto.js';

export class RecordEsitoDto {
  @OneOf(ESITI, {
    description:
      'accolto, accolto_in_parte, non_accolto, rinviato_fase_attuativa (rinviato alla fase attuativa).',
  })
  esito!: Esito;

  @Text(10_000, { multiline: true, description: 'Why: required for every esito.' })
  reasons!: string;

  @Text(300, { optional: true, description: 'The act that decided it, if any.' })
  actReference?: string | null;
}
