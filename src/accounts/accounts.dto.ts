import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { CodiceFiscale, OneOf, Text } from '../http/dto.js';

const ACCOUNT = /^acc-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ACCOUNT_MESSAGE = '$property must be an account id (acc-<uuid>)';

export class GrantAccessDto {
  @Text(40, {
    description: 'The account (a pseudonymous id, acc-<uuid>).',
    example: 'acc-2b1f0c7e-9d4a-4e55-8f0e-6a1b2c3d4e5f',
  })
  @Matches(ACCOUNT, { message: ACCOUNT_MESSAGE })
  account!: string;

  @OneOf(['admin', 'ente', 'evaluator'], {
    description: "In an ambito: admin or ente. On the platform: evaluator, or admin (of '*').",
    example: 'ente',
  })
  role!: 'admin' | 'ente' | 'evaluator';

  @CodiceFiscale({
    optional: true,
    description: 'The ente the account represents (role ente only).',
  })
  ente?: string;
}

export class LoginLinkDto {
  @OneOf(['admin', 'ente'], { description: 'The role the link signs in with.', example: 'ente' })
  role!: 'admin' | 'ente';

  @CodiceFiscale({ optional: true, description: 'The ente (role ente only).' })
  ente?: string;

  @Text(40, {
    optional: true,
    description: 'An existing account to sign in as; absent, the link makes a new account.',
  })
  @Matches(ACCOUNT, { message: ACCOUNT_MESSAGE })
  account?: string;
}

export class SignInDto {
  @Text(100, { description: 'The secret of a sign-in link (the part after `#link=`).' })
  link!: string;
}

@ApiSchema({ name: 'Grant' })
export class GrantDoc {
  @ApiProperty({ example: 'ente:varese:00488410010:acc-2b1f0c7e-9d4a-4e55-8f0e-6a1b2c3d4e5f' })
  grantId!: string;
  @ApiProperty({ example: 'acc-2b1f0c7e-9d4a-4e55-8f0e-6a1b2c3d4e5f' }) accountId!: string;
  @ApiProperty({ enum: ['admin', 'ente', 'evaluator'] }) role!: string;
  @ApiProperty({ type: 'string', nullable: true, example: 'varese' }) ambitoId!: string | null;
  @ApiProperty({ type: 'string', nullable: true, example: '00488410010' }) ente!: string | null;
}

@ApiSchema({ name: 'GrantList' })
export class GrantListDoc {
  @ApiProperty({ type: [GrantDoc] }) items!: GrantDoc[];
}

@ApiSchema({ name: 'LoginLink' })
export class LoginLinkDoc {
  @ApiProperty({
    format: 'uri',
    example: 'https://registro.example.it/accedi#link=Q2hpYXZlLWRpLWVzZW1waW8',
  })
  url!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}

@ApiSchema({ name: 'Session' })
export class SessionDoc {
  @ApiProperty({ example: 'acc-2b1f0c7e-9d4a-4e55-8f0e-6a1b2c3d4e5f' }) accountId!: string;
  @ApiProperty({ enum: ['admin', 'ente', 'evaluator'] }) role!: string;
  @ApiProperty({ type: 'string', nullable: true, example: 'varese' }) ambito!: string | null;
  @ApiProperty({ type: 'string', nullable: true, example: null }) ente!: string | null;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiProperty({ description: 'Send it as X-CSRF-Token with every write of this session.' })
  csrfToken!: string;
}
