import { Text, TextList } from '../http/dto.js';

export class RegisterAmbitoDto {
  @Text(64, {
    description: 'Slug chosen by the ambito: lowercase letters, digits, single hyphens.',
    example: 'varese',
  })
  id!: string;

  @Text(200, { example: 'Ambito distrettuale di Varese' })
  name!: string;

  @Text(100, { example: 'Lombardia' })
  region!: string;

  @Text(100, { description: 'The lead comune; one of `comuni`.', example: 'Varese' })
  capofila!: string;

  @TextList(500, 100, { example: ['Varese', 'Azzate', 'Brinzio'] })
  comuni!: string[];
}
