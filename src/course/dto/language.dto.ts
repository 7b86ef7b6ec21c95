import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { LANGUAGES, type Language } from '../../i18n/i18n.service.js';

export class LanguageDto {
  @IsIn(LANGUAGES, { message: 'Choose English or French' })
  lang!: Language;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  next?: string;
}
