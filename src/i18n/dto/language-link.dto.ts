import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { MAX_NEXT_LENGTH } from '../../auth/dto/login.dto.js';
import { LANGUAGES, type Language } from '../i18n.service.js';

export class LanguageLinkParams {
  @IsIn(LANGUAGES, { message: 'Choose English or French' })
  lang!: Language;
}

export class LanguageLinkQuery {
  @IsOptional()
  @IsString({ message: 'next must be text' })
  @MaxLength(MAX_NEXT_LENGTH, {
    message: `next must be at most ${MAX_NEXT_LENGTH} characters`,
  })
  next?: string;
}
