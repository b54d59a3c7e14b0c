import { Year } from '../../http/dto.js';

export class OpenTrienniumDto {
  @Year({ description: 'First year of the triennium; it ends two years later.', example: 2025 })
  startYear!: number;
}
