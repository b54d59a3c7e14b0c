import { Text, TextList, WholeNumber } from '../../http/dto.js';
import { PREAVVISO_MAX_DAYS } from './istruttoria.decide.js';

export class RequestSoccorsoDto {
  @Text(4000, {
    multiline: true,
    description: 'What the application lacks.',
    example: 'Manca lo statuto vigente',
  })
  missing!: string;

  @Text(40, {
    description:
      'The term to answer: an ISO 8601 instant with zone, or a date (then the end of that day, Europe/Rome). Must be in the future.',
    example: '2030-03-15',
  })
  deadline!: string;
}

export class AnswerSoccorsoDto {
  @Text(10_000, { multiline: true, description: 'The ente’s answer.' })
  answer!: string;

  @TextList(100, 64, {
    optional: true,
    description: 'SHA-256 (lowercase hex) of each document supplied.',
  })
  documentSha256s?: string[] | null;
}

export class SendPreavvisoDto {
  @Text(10_000, {
    multiline: true,
    description: 'The reasons that stand against the application (L. 241/1990 art. 10-bis).',
  })
  reasons!: string;

  @WholeNumber(1, PREAVVISO_MAX_DAYS, {
    optional: true,
    description: 'Days to answer; 10 when absent.',
    example: 10,
  })
  answerWindowDays?: number | null;

  @Text(300, { optional: true, description: 'The act (e.g. the note sent by PEC).' })
  actReference?: string | null;
}

export class AnswerPreavvisoDto {
  @Text(10_000, { multiline: true, description: 'The ente’s observations.' })
  answer!: string;
}
