import { IsIn, IsOptional } from 'class-validator';

export class LogoutDto {
  /** `keep=1` ends the login only (the course's `session["loggedin"] = False`); otherwise the whole session goes. */
  @IsOptional()
  @IsIn(['1', '0'], { message: 'keep must be 1 or 0' })
  keep?: string;
}
