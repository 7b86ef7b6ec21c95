import { IsIn } from 'class-validator';

/** The course's `session.permanent = True` (1) or `False` (0). */
export class KeepSignedInDto {
  @IsIn(['1', '0'], { message: 'permanent must be 1 or 0' })
  permanent!: '1' | '0';
}
